/**
 * Test helpers for the DSL end-to-end tests: a seeded PRNG, random rows with nulls, and a
 * plain-JavaScript reference (grouping, aggregates, ordering) to compare results against.
 */
import { expect } from 'chai';

/** A row as the tests build and read them. */
export type R = Record<string, unknown>;

/** The engine's seeded PRNG (mulberry32), under the name the tests use. */
export { seededRandom as prng } from '../../engine/kernels/index.js';
import { seededRandom as prng } from '../../engine/kernels/index.js';

/**
 * Random rows: k (utf8, 6 values, nulls), g (int32 0..4, nulls), v (int32 −50..50, nulls),
 * x (float64, nulls), s (utf8, many values, nulls), id (int32 unique, never null).
 */
export function randomRows(n: number, seed: number, nullRate = 0.15): R[] {
  const r = prng(seed);
  const maybe = <T>(f: () => T): T | null => (r() < nullRate ? null : f());
  const ks = ['a', 'b', 'c', 'dd', 'É', ''];
  const rows: R[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      id: i,
      k: maybe(() => ks[Math.floor(r() * ks.length)]!),
      g: maybe(() => Math.floor(r() * 5)),
      v: maybe(() => Math.floor(r() * 101) - 50),
      x: maybe(() => Math.round((r() * 200 - 100) * 1000) / 1000 + 0.5),
      s: maybe(() => `s${Math.floor(r() * 40)}`),
    });
  }
  // Make sure every column has at least one non-null so the inferred type is stable.
  if (n > 0) rows[0] = { id: 0, k: 'a', g: 1, v: 3, x: 1.25, s: 's1' };
  return rows;
}

/** Canonical form of a value for comparison: floats rounded to 10 significant digits, −0 as 0, dates as ISO, NaN as 'NaN'. */
export function canon(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === 0) return 0;
    return Number.isInteger(v) ? v : Number(v.toPrecision(10));
  }
  if (v instanceof Date) return `D:${v.toISOString()}`;
  return v;
}

/** Canonical row: every key in `cols` (or the row's own keys, sorted), canonical values. */
export function canonRow(row: R, cols?: readonly string[]): R {
  const out: R = {};
  for (const c of cols ?? Object.keys(row).sort()) out[c] = canon(row[c]);
  return out;
}

/** Compares two row sets ignoring order. */
export function expectSameRows(actual: readonly R[], expected: readonly R[], cols?: readonly string[]): void {
  const keyOf = (r: R): string => JSON.stringify(r);
  const a = actual.map((r) => canonRow(r, cols)).sort((x, y) => cmpStr(keyOf(x), keyOf(y)));
  const e = expected.map((r) => canonRow(r, cols)).sort((x, y) => cmpStr(keyOf(x), keyOf(y)));
  expect(a.length, 'row count').to.equal(e.length);
  expect(a).to.deep.equal(e);
}

/** Compares two row lists in order. */
export function expectSameOrderedRows(actual: readonly R[], expected: readonly R[], cols?: readonly string[]): void {
  expect(actual.map((r) => canonRow(r, cols))).to.deep.equal(expected.map((r) => canonRow(r, cols)));
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Spark's string order, independently of the engine: by UTF-8 bytes. */
export function cmpUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** SQL-style value order for the reference sort: numbers by value, strings by UTF-8 bytes, booleans false<true, dates by time. */
export function cmpValue(a: unknown, b: unknown): number {
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return cmpUtf8(String(a), String(b));
}

/** A reference sort key: column, direction, null placement (Spark's defaults: asc nulls first, desc nulls last). */
export interface RefKey {
  readonly col: string;
  readonly desc?: boolean;
  readonly nullsFirst?: boolean;
}

/** Comparator of rows by keys, as Spark orders them. */
export function rowComparator(keys: readonly RefKey[]): (a: R, b: R) => number {
  return (a, b) => {
    for (const k of keys) {
      const nullsFirst = k.nullsFirst ?? !k.desc;
      const x = a[k.col];
      const y = b[k.col];
      const xn = x === null || x === undefined;
      const yn = y === null || y === undefined;
      if (xn && yn) continue;
      if (xn) return nullsFirst ? -1 : 1;
      if (yn) return nullsFirst ? 1 : -1;
      const c = cmpValue(x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };
}

/** True when every adjacent pair is in order under `cmp` (for sorts whose ties may come in any order). */
export function expectSorted(rows: readonly R[], cmp: (a: R, b: R) => number): void {
  for (let i = 1; i < rows.length; i++) {
    if (cmp(rows[i - 1]!, rows[i]!) > 0) {
      throw new Error(`rows ${i - 1} and ${i} are out of order: ${JSON.stringify(rows[i - 1])} then ${JSON.stringify(rows[i])}`);
    }
  }
}

/** Groups rows by a key made of columns (null is its own group, as in SQL GROUP BY). */
export function groupRows(rows: readonly R[], cols: readonly string[]): { key: R; rows: R[] }[] {
  const groups = new Map<string, { key: R; rows: R[] }>();
  for (const row of rows) {
    const key: R = {};
    for (const c of cols) key[c] = row[c] ?? null;
    const id = JSON.stringify(cols.map((c) => canon(row[c] ?? null)));
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, rows: [] }));
    g.rows.push(row);
  }
  return [...groups.values()];
}

/** The non-null values of a column. */
export function nonNull(rows: readonly R[], c: string): unknown[] {
  return rows.map((r) => r[c]).filter((v) => v !== null && v !== undefined);
}

/** Reference aggregates (nulls skipped; null over no values; count gives 0). */
export const ref = {
  count: (rows: readonly R[], c?: string): number => (c === undefined ? rows.length : nonNull(rows, c).length),
  countDistinct: (rows: readonly R[], c: string): number => new Set(nonNull(rows, c).map((v) => JSON.stringify(canon(v)))).size,
  sum: (rows: readonly R[], c: string): number | null => {
    const xs = nonNull(rows, c) as number[];
    return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0);
  },
  avg: (rows: readonly R[], c: string): number | null => {
    const xs = nonNull(rows, c) as number[];
    return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
  },
  min: (rows: readonly R[], c: string): unknown => {
    const xs = nonNull(rows, c);
    return xs.length === 0 ? null : xs.reduce((m, x) => (cmpValue(x, m) < 0 ? x : m));
  },
  max: (rows: readonly R[], c: string): unknown => {
    const xs = nonNull(rows, c);
    return xs.length === 0 ? null : xs.reduce((m, x) => (cmpValue(x, m) > 0 ? x : m));
  },
  median: (rows: readonly R[], c: string): number | null => {
    const xs = (nonNull(rows, c) as number[]).slice().sort((a, b) => a - b);
    if (xs.length === 0) return null;
    const m = xs.length >> 1;
    return xs.length % 2 === 1 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2;
  },
  stddev: (rows: readonly R[], c: string): number | null => {
    const xs = nonNull(rows, c) as number[];
    if (xs.length < 2) return null;
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
  },
  corr: (rows: readonly R[], a: string, b: string): number | null => {
    const ps = rows.filter((r) => r[a] !== null && r[a] !== undefined && r[b] !== null && r[b] !== undefined).map((r) => [r[a] as number, r[b] as number] as const);
    if (ps.length < 2) return null;
    const mx = ps.reduce((s, p) => s + p[0], 0) / ps.length;
    const my = ps.reduce((s, p) => s + p[1], 0) / ps.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const [x, y] of ps) {
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
      syy += (y - my) ** 2;
    }
    return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy); // Spark: a constant column is null
  },
};

/** SQL equality of two join key values: null never matches. */
export function sqlEq(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/**
 * Reference join on key columns: output rows of left then right columns (right columns
 * renamed with `rightRename`), SQL semantics for null keys and outer sides.
 */
export function refJoin(
  left: readonly R[], right: readonly R[], on: (l: R, r: R) => boolean,
  how: 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'cross',
  leftCols: readonly string[], rightCols: readonly string[],
): R[] {
  const out: R[] = [];
  const nullOf = (cols: readonly string[]): R => Object.fromEntries(cols.map((c) => [c, null]));
  const rightMatched = new Set<number>();
  for (const l of left) {
    let matched = false;
    right.forEach((r, j) => {
      if (how === 'cross' || on(l, r)) {
        matched = true;
        rightMatched.add(j);
        if (how !== 'semi' && how !== 'anti') out.push({ ...pick(l, leftCols), ...pick(r, rightCols) });
      }
    });
    if (how === 'semi' && matched) out.push(pick(l, leftCols));
    if (how === 'anti' && !matched) out.push(pick(l, leftCols));
    if ((how === 'left' || how === 'full') && !matched) out.push({ ...pick(l, leftCols), ...nullOf(rightCols) });
  }
  if (how === 'right' || how === 'full') {
    right.forEach((r, j) => {
      if (!rightMatched.has(j)) out.push({ ...nullOf(leftCols), ...pick(r, rightCols) });
    });
  }
  return out;
}

/** The listed columns of a row (as `{ newName: row[oldName] }` when given pairs). */
export function pick(row: R, cols: readonly string[]): R {
  const out: R = {};
  for (const c of cols) out[c] = row[c] ?? null;
  return out;
}
