/**
 * Test helpers: a seeded PRNG, random columns with nulls as plain JS values, columns built
 * from them, and a plain reading of result columns (independent of the engine's converters).
 */
import type { DataType, Schema } from '../../../engine/types.js';
import type { Batch, Vec } from '../../../engine/batch.js';
import type { Expr } from '../../../engine/expr.js';

/** The engine's seeded PRNG (mulberry32), under the name the tests use. */
export { seededRandom as prng } from '../../../engine/kernels/index.js';
import { seededRandom as prng } from '../../../engine/kernels/index.js';

export const STRING_POOL = ['', 'a', 'abc', 'ABC', 'Hello World', '  padded  ', 'é', 'naïve', '🙂 smile', 'x🙂y', 'b', 'zeta', 'abcabc', '12', ' 7 ', '-3', '1.5', 'true', 'no', '2024-02-29', '2023-02-29', '2021-03-04T05:06:07Z', 'ß', 'İ'];

/** Random JS values of a type (dates as days, timestamps as ms, bools as booleans), with about `nullRate` nulls. */
export function randomValues(rand: () => number, type: DataType, n: number, nullRate = 0.15, opts: { small?: boolean; pool?: readonly string[] } = {}): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    if (type === 'null' || rand() < nullRate) {
      out.push(null);
      continue;
    }
    switch (type) {
      case 'bool':
        out.push(rand() < 0.5);
        break;
      case 'int32':
        out.push(opts.small ? Math.floor(rand() * 21) - 10 : Math.floor(rand() * 2001) - 1000);
        break;
      case 'int64':
        out.push(opts.small ? Math.floor(rand() * 21) - 10 : Math.floor((rand() - 0.5) * 2 ** 40));
        break;
      case 'float64': {
        const r = rand();
        out.push(r < 0.02 ? 0 : r < 0.03 ? -0 : r < 0.04 ? 2.5 : r < 0.05 ? -2.5 : Math.round((rand() - 0.5) * 2000 * 1000) / 1000);
        break;
      }
      case 'utf8': {
        const pool = opts.pool ?? STRING_POOL;
        out.push(pool[Math.floor(rand() * pool.length)]);
        break;
      }
      case 'date':
        out.push(Math.floor((rand() - 0.5) * 40000));
        break;
      case 'timestamp':
        out.push(Math.floor((rand() - 0.5) * 4e12));
        break;
    }
  }
  return out;
}

/**
 * A column from JS values, built by hand (not through the engine). Strings get a dictionary
 * with duplicates and unused entries, so kernels cannot assume a compact unique dictionary.
 */
export function vecOf(type: DataType, values: readonly unknown[]): Vec {
  const n = values.length;
  const hasNull = type === 'null' || values.some((v) => v === null);
  const valid = hasNull ? Uint8Array.from(values, (v) => (v === null || type === 'null' ? 0 : 1)) : null;
  if (type === 'utf8') {
    const dict: string[] = ['<unused>'];
    const codes = new Int32Array(n);
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null) {
        codes[i] = 0;
        continue;
      }
      let c = seen.get(v as string);
      // every third new string gets a duplicate entry, used alternately
      if (c === undefined || (i % 3 === 0 && c % 2 === 1)) {
        c = dict.length;
        dict.push(v as string);
        seen.set(v as string, c);
      }
      codes[i] = c;
    }
    return { kind: 'str', type: 'utf8', dict, codes, valid };
  }
  if (type === 'int64') {
    return { kind: 'num', type, values: BigInt64Array.from(values, (v) => (typeof v === 'bigint' ? v : BigInt((v as number | null) ?? 0))), valid };
  }
  const values2 = type === 'bool' || type === 'null' ? new Uint8Array(n) : type === 'int32' || type === 'date' ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) continue;
    values2[i] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
  }
  return { kind: 'num', type: type as Exclude<DataType, 'utf8' | 'int64'>, values: values2, valid };
}

/** A batch of named columns of JS values. */
export function batchOf(cols: readonly { name: string; type: DataType; values: readonly unknown[] }[]): Batch {
  const schema: Schema = cols.map((c) => ({ name: c.name, type: c.type, nullable: true }));
  return { schema, columns: cols.map((c) => vecOf(c.type, c.values)), length: cols[0]?.values.length ?? 0 };
}

/**
 * Reads a column as plain JS values: numbers (dates days, timestamps ms), strings, booleans,
 * null; int64 as a number within ±(2^53−1), else a bigint.
 */
export function readVec(v: Vec): unknown[] {
  const out: unknown[] = [];
  const n = v.kind === 'str' ? v.codes.length : v.values.length;
  for (let i = 0; i < n; i++) {
    if (v.type === 'null' || (v.valid !== null && v.valid[i] === 0)) out.push(null);
    else if (v.kind === 'str') out.push(v.dict[v.codes[i]!]);
    else if (v.type === 'bool') out.push(v.values[i] !== 0);
    else if (v.type === 'int64') {
      const x = v.values[i]!;
      out.push(x <= BigInt(Number.MAX_SAFE_INTEGER) && x >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x);
    }
    else out.push(v.values[i]);
  }
  return out;
}

/** Expression builders for tests. */
export const col = (index: number, name: string, type: DataType): Expr => ({ kind: 'col', index, name, type });
export const lit = (value: null | boolean | number | string, type: DataType): Expr => ({ kind: 'lit', value, type });
export const call = (fn: Extract<Expr, { kind: 'call' }>['fn'], type: DataType, ...args: Expr[]): Expr => ({ kind: 'call', fn, args, type });

/** Same value, treating NaN as NaN and −0 as distinct from 0 only when `strictZero`. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (a !== a && b !== b);
  return a === b;
}

/** Asserts two lists equal row by row with a useful message. */
export function expectRows(actual: readonly unknown[], expected: readonly unknown[], what: string, inputs?: (i: number) => string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: ${actual.length} rows, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    if (!sameValue(actual[i], expected[i])) {
      throw new Error(`${what}: row ${i}${inputs ? ` (${inputs(i)})` : ''}: got ${JSON.stringify(actual[i])} (${String(actual[i])}), expected ${JSON.stringify(expected[i])} (${String(expected[i])})`);
    }
  }
}

/** The batch sizes differential tests run at. */
export const SIZES = [1, 7, 65536];
