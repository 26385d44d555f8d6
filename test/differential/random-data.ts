/**
 * Random tables for the DuckDB differential test, from a seed: `t` (id, k, g, v, x, l, s, b) and
 * `u` (id2, uk, ug, w, s2), with nulls, NaN, −0, empty and one-row tables, non-ASCII and astral
 * strings, duplicate and null join keys, and int64 values beyond ±2^53 once summed.
 */
import type { Col, T } from './ast.js';
import { seededRandom } from '../../engine/kernels/seeded-random.js';

/** A row of a generated table. */
export type Row = Record<string, number | bigint | string | boolean | null>;

/** The generated tables and their columns. */
export interface Tables {
  readonly t: readonly Row[];
  readonly u: readonly Row[];
}

/** The columns of table `t`. */
export const T_COLS: readonly Col[] = [
  { name: 'id', t: 'int' }, { name: 'k', t: 'str' }, { name: 'g', t: 'int' }, { name: 'v', t: 'int' },
  { name: 'x', t: 'double' }, { name: 'l', t: 'long' }, { name: 's', t: 'str' }, { name: 'b', t: 'bool' },
];
/** The columns of table `u`. */
export const U_COLS: readonly Col[] = [
  { name: 'id2', t: 'int' }, { name: 'uk', t: 'str' }, { name: 'ug', t: 'int' }, { name: 'w', t: 'double' }, { name: 's2', t: 'str' },
];

/** The engine's seeded PRNG (mulberry32): the same seed gives the same data. */
export const prng = seededRandom;

/** Random helpers over one PRNG. */
export class Rand {
  constructor(readonly r: () => number) {}
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number { return lo + Math.floor(this.r() * (hi - lo + 1)); }
  /** One of `xs`. */
  pick<X>(xs: readonly X[]): X { return xs[Math.floor(this.r() * xs.length)]!; }
  /** True with probability p. */
  chance(p: number): boolean { return this.r() < p; }
}

/**
 * Join and group keys. Chosen so Spark (Java), JavaScript and DuckDB agree on lower/upper
 * (no ß, ligatures, final sigma); 'Ａ' (U+FF21), 'ｚ' and U+FFFD are BMP characters above the
 * surrogates, which sort after astral ones in UTF-8 byte order but before them in UTF-16.
 */
export const KEYS: readonly string[] = ['a', 'b', 'B', '', ' a ', 'é', 'É', 'Ω', 'ж', '中文', '😀', '😀b', '𝄞', 'Ａ', 'ｚ', '\uFFFD', 'a😀', 'aＡ'];
const CHARS: readonly string[] = ['a', 'b', 'A', ' ', ' ', 'é', 'Ω', 'ж', '中', '😀', '𝄞', 'Ａ', '1'];

/** A double: mostly multiples of 1/8 (sums are exact in any order), with NaN, ±Infinity, −0, 0 and nulls. */
function double(R: Rand): number | null {
  const p = R.r();
  if (p < 0.12) return null;
  if (p < 0.17) return NaN;
  if (p < 0.22) return -0;
  if (p < 0.27) return 0;
  if (p < 0.29) return R.chance(0.5) ? Infinity : -Infinity;
  if (p < 0.35) return R.int(-3, 3);
  return R.int(-8000, 8000) / 8;
}

function str(R: Rand): string {
  const n = R.int(0, 5);
  let s = '';
  for (let i = 0; i < n; i++) s += R.pick(CHARS);
  return s;
}

/** `t` with n rows and `u` with m rows. */
function generate(R: Rand, n: number, m: number): Tables {
  const nullOr = <X>(p: number, f: () => X): X | null => (R.chance(p) ? null : f());
  const t: Row[] = [];
  for (let i = 0; i < n; i++) {
    t.push({
      id: i + 1,
      k: nullOr(0.12, () => R.pick(KEYS)),
      g: nullOr(0.12, () => R.int(0, 4)),
      v: nullOr(0.12, () => (R.chance(0.1) ? R.pick([-1000, 1000, 999]) : R.int(-20, 20))),
      x: double(R),
      // int64: small, near ±2^51 (a sum of a few goes beyond ±2^53), or beyond ±2^53 as a bigint.
      l: nullOr(0.12, () => (R.chance(0.05) ? BigInt(R.pick([1, -1])) * (2n ** 62n + BigInt(R.int(0, 99))) : R.chance(0.15) ? R.pick([1, -1]) * (2 ** 51 + R.int(0, 99)) : R.int(-100, 100))),
      s: nullOr(0.12, () => str(R)),
      b: nullOr(0.12, () => R.chance(0.5)),
    });
  }
  const u: Row[] = [];
  for (let i = 0; i < m; i++) {
    u.push({
      id2: 100 + i,
      uk: nullOr(0.12, () => R.pick(KEYS)),
      ug: nullOr(0.12, () => R.int(0, 5)),
      w: double(R),
      s2: nullOr(0.12, () => str(R)),
    });
  }
  return { t, u };
}

/** Random tables for a seed: sizes vary from empty to a few hundred rows. */
export function randomTables(seed: number): Tables {
  const R = new Rand(prng(seed ^ 0x5eed));
  const n = R.pick([0, 1, 2, 5, 12, 40, 40, 150, 300]);
  const m = R.pick([0, 1, 4, 15, 15, 60]);
  return generate(R, n, m);
}

/** A string without BMP characters above the surrogates (U+E000–U+FFFF, each becomes 'z'). */
export function tameString(s: string): string {
  return s.replace(/[\ue000-\uffff]/g, 'z');
}

/**
 * The same tables without what the KNOWN bugs need: BMP characters above the surrogates become
 * 'z' (so UTF-16 and UTF-8 byte order agree) and int64 values near ±2^51 become small.
 */
export function tameTables(tables: Tables): Tables {
  const tame = (row: Row): Row => {
    const out: Row = {};
    for (const [key, val] of Object.entries(row)) {
      if (typeof val === 'string') out[key] = tameString(val);
      else if (key === 'l' && typeof val === 'number' && Math.abs(val) > 1e6) out[key] = val % 1000;
      else out[key] = val;
    }
    return out;
  };
  return { t: tables.t.map(tame), u: tables.u.map(tame) };
}

/** rondo's type name for a generator type. */
export function rondoType(t: T): string {
  return { int: 'int32', long: 'int64', double: 'float64', str: 'utf8', bool: 'bool' }[t];
}
