/**
 * Test helpers for operators: seeded random data with nulls, batches built by hand (string
 * columns get shuffled dictionaries with unused entries, to stress dictionary handling),
 * plain-row readers, streams and contexts.
 */
import type { Batch, Vec } from '../../../engine/batch.js';
import { storageFor } from '../../../engine/batch.js';
import type { Expr, LitValue, SortKey } from '../../../engine/expr.js';
import type { PhysicalNode, ShuffleInput, TaskContext } from '../../../engine/plan.js';
import type { DataType, Field, Schema } from '../../../engine/types.js';
import type { ExecContext } from '../../../engine/ops/index.js';

/** A raw cell: numbers (bool 0/1, dates as days), strings, null. */
export type Cell = number | string | null;
export type Row = Cell[];

/** The engine's seeded PRNG (mulberry32), under the name the tests use. */
export { seededRandom as prng } from '../../../engine/kernels/index.js';
import { seededRandom as prng } from '../../../engine/kernels/index.js';

/** A column of `type` from raw cells. */
export function vec(type: DataType, cells: readonly Cell[], rnd: () => number = prng(1)): Vec {
  const n = cells.length;
  const hasNull = cells.some((c) => c === null);
  const valid = hasNull || type === 'null' ? Uint8Array.from(cells, (c) => (c === null || type === 'null' ? 0 : 1)) : null;
  if (type === 'utf8') {
    const distinct = [...new Set(cells.filter((c): c is string => c !== null))];
    const dict = [...distinct, 'zz-unused', ''].sort(() => rnd() - 0.5);
    const pos = new Map(dict.map((s, i) => [s, i] as const));
    const codes = Int32Array.from(cells, (c) => (c === null ? 0 : pos.get(c as string)!));
    return { kind: 'str', type, dict, codes, valid };
  }
  if (type === 'int64') return { kind: 'num', type, values: BigInt64Array.from(cells, (c) => BigInt(c === null ? 0 : (c as number))), valid };
  const values = new (storageFor(type))(n);
  cells.forEach((c, i) => { values[i] = c === null ? 0 : (c as number); });
  return { kind: 'num', type, values, valid };
}

/** A batch from rows of raw cells. */
export function batch(schema: Schema, rows: readonly Row[]): Batch {
  return { schema, columns: schema.map((f, c) => vec(f.type, rows.map((r) => r[c]!), prng(c + rows.length))), length: rows.length };
}

/** Rows cut into batches of `size`. */
export function batches(schema: Schema, rows: readonly Row[], size: number): Batch[] {
  const out: Batch[] = [];
  for (let s = 0; s < rows.length; s += size) out.push(batch(schema, rows.slice(s, s + size)));
  return out;
}

/** The raw cells of a batch. */
export function rowsOf(b: Batch): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < b.length; i++) {
    out.push(b.columns.map((v) => {
      if (v.valid !== null && v.valid[i] === 0) return null;
      if (v.type === 'null') return null;
      return v.kind === 'str' ? v.dict[v.codes[i]!]! : Number(v.values[i]!);
    }));
  }
  return out;
}

/** Reads a stream fully into raw rows, checking every batch's column count. */
export async function collect(stream: AsyncIterable<Batch>): Promise<Row[]> {
  const out: Row[] = [];
  for await (const b of stream) out.push(...rowsOf(b));
  return out;
}

/** The batches of a stream. */
export async function collectBatches(stream: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of stream) out.push(b);
  return out;
}

/** An async stream of batches. */
export async function* streamOf(bs: readonly Batch[]): AsyncIterable<Batch> {
  for (const b of bs) yield b;
}

/** A field. */
export function f(name: string, type: DataType, nullable = true): Field {
  return { name, type, nullable };
}

/** A column reference. */
export function col(index: number, type: DataType, name = `c${index}`): Expr {
  return { kind: 'col', index, type, name };
}

/** A literal. */
export function lit(value: LitValue, type: DataType): Expr {
  return { kind: 'lit', value, type };
}

/** A scalar call. */
export function call(fn: Extract<Expr, { kind: 'call' }>['fn'], type: DataType, ...args: Expr[]): Expr {
  return { kind: 'call', fn, args, type };
}

/** A sort key. */
export function key(expr: Expr, asc = true, nullsFirst = asc): SortKey {
  return { expr, asc, nullsFirst };
}

/** A leaf node (a scan with no splits) standing for an input stream given directly to an operator. */
export function leaf(schema: Schema): PhysicalNode {
  return { op: 'scan', schema, partitions: 1, fileSchema: schema, splits: [], projection: null, filters: [] };
}

/** An ExecContext with the given batch size, shuffle inputs, fetch and cache. */
export function ctx(batchSize: number, opts: { inputs?: ShuffleInput[]; fetch?: TaskContext['fetch']; cache?: Map<string, Uint8Array>; signal?: AbortSignal } = {}): ExecContext {
  return {
    inputs: opts.inputs ?? [],
    conf: { batchSize, bigint: false },
    task: {
      fetch: opts.fetch ?? (async function* () { throw new Error('no shuffle here'); }),
      cacheGet: (id, p) => opts.cache?.get(`${id}/${p}`),
      signal: opts.signal,
    },
  };
}

/** Random cell generators. */
export function randInt(rnd: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}
export function maybeNull<T>(rnd: () => number, v: T, p = 0.15): T | null {
  return rnd() < p ? null : v;
}

/** Orders raw rows canonically (for comparing results whose row order is unspecified). */
export function canon(rows: readonly Row[]): string[] {
  return rows.map((r) => JSON.stringify(r.map((c) => (typeof c === 'number' && Number.isNaN(c) ? 'NaN' : c)))).sort();
}

/** Compares two cells in SQL order used by the reference sorts: numbers by value, strings by UTF-8 bytes (Spark's order). */
export function cmpCell(a: Cell, b: Cell): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  const x = a as number;
  const y = b as number;
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? 0 : Number.isNaN(x) ? 1 : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Batch sizes every operator runs with. */
export const BATCH_SIZES = [1, 7, 65536];

/** Reference row order for sort keys over row cells (SQL nulls first/last, asc/desc), for Array.prototype.sort. */
export function cmpRows(keys: readonly { c: number; asc: boolean; nullsFirst: boolean }[]): (a: Row, b: Row) => number {
  return (a: Row, b: Row): number => {
    for (const k of keys) {
      const x = a[k.c]!;
      const y = b[k.c]!;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === k.nullsFirst ? -1 : 1;
      }
      const r = cmpCell(x, y);
      if (r !== 0) return k.asc ? r : -r;
    }
    return 0;
  };
}
