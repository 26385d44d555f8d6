/**
 * Sort keys as comparable columns: every key becomes one array of numbers per row (strings:
 * the rank of their dictionary entry, computed once per dictionary), so comparing two rows is
 * a few typed-array reads with no string work. Shared by sort, window and range partitioning.
 */
import type { Batch, Vec } from '../batch.js';
import type { SortKey } from '../expr.js';
import { evaluate } from '../expr/index.js';
import { rankStrings } from '../kernels/string-order.js';
import { compareWords, firstUnsafe, int64ToDoubles, int64Words } from '../kernels/int64.js';

/** One key ready for comparison. */
export interface SortColumn {
  /** Numbers by value, or string ranks (equal strings have equal ranks). */
  readonly vals: Float64Array | Int32Array | Uint8Array;
  readonly valid: Uint8Array | null;
  readonly asc: boolean;
  readonly nullsFirst: boolean;
}

/** Ranks of each dictionary entry in Spark's string order (UTF-8 bytes); equal strings get equal ranks. */
export function rankDictionary(dict: readonly string[]): Int32Array {
  return rankStrings(dict);
}

/** A vector as a sort column with the given direction and null placement. */
export function sortColumn(v: Vec, asc: boolean, nullsFirst: boolean): SortColumn {
  if (v.kind === 'str') {
    const rank = rankDictionary(v.dict);
    const codes = v.codes;
    const vals = new Int32Array(codes.length);
    for (let i = 0; i < codes.length; i++) vals[i] = rank[codes[i]!] ?? 0;
    return { vals, valid: v.valid, asc, nullsFirst };
  }
  if (v.type === 'int64') return { vals: int64SortValues(v.values, v.valid), valid: v.valid, asc, nullsFirst };
  return { vals: v.values, valid: v.type === 'null' ? new Uint8Array(v.values.length) : v.valid, asc, nullsFirst };
}

/**
 * int64 sort values: their doubles when every present value is within ±(2^53−1) (exact), else
 * dense ranks by exact value (comparable within this column only, which is all a sort column
 * is compared against).
 */
function int64SortValues(a: BigInt64Array, valid: Uint8Array | null): Float64Array | Int32Array {
  const n = a.length;
  if (firstUnsafe(a, valid, n) < 0) return int64ToDoubles(a, n);
  const w = int64Words(a);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((x, y) => compareWords(w[2 * x]!, w[2 * x + 1]!, w[2 * y]!, w[2 * y + 1]!));
  const rank = new Int32Array(n);
  let r = 0;
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    if (k > 0) {
      const j = idx[k - 1]!;
      if (w[2 * i] !== w[2 * j] || w[2 * i + 1] !== w[2 * j + 1]) r++;
    }
    rank[i] = r;
  }
  return rank;
}

/** The sort columns of `keys` evaluated over `batch`. */
export function sortColumns(batch: Batch, keys: readonly SortKey[]): SortColumn[] {
  return keys.map((k) => sortColumn(evaluate(k.expr, batch), k.asc, k.nullsFirst));
}

/**
 * Order of rows a and b under the keys (no tie-break): nulls where nullsFirst says, whatever
 * the direction; numbers by value with NaN greatest (Spark's order).
 */
export function compareRows(cols: readonly SortColumn[], a: number, b: number): number {
  for (let k = 0; k < cols.length; k++) {
    const c = cols[k]!;
    const valid = c.valid;
    if (valid !== null) {
      const va = valid[a]!;
      const vb = valid[b]!;
      if (va === 0 || vb === 0) {
        if (va === vb) continue;
        return (va === 0) === c.nullsFirst ? -1 : 1;
      }
    }
    const x = c.vals[a]!;
    const y = c.vals[b]!;
    let r = 0;
    if (x < y) r = -1;
    else if (x > y) r = 1;
    else if (x !== y) {
      const xn = x !== x;
      const yn = y !== y;
      r = xn === yn ? 0 : xn ? 1 : -1;
    }
    if (r !== 0) return c.asc ? r : -r;
  }
  return 0;
}

/** Row indices 0..n−1 in key order; equal rows keep their input order (stable). */
export function sortIndices(cols: readonly SortColumn[], n: number): Int32Array {
  if (cols.length === 0 || n < 2) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    return idx;
  }
  // A first key of small integers (int32 values, string ranks): a counting sort on it, then
  // a comparison sort of each run of equal first keys by the other keys. A window's
  // (partition key, order key) sort is many short runs: far fewer comparisons.
  const byFirst = countingSortFirst(cols[0]!, n);
  if (byFirst !== null) {
    const rest = cols.slice(1);
    if (rest.length === 0) return byFirst.idx;
    const { idx, runEnds } = byFirst;
    const cmp = comparator(rest, n);
    let start = 0;
    for (let r = 0; r < runEnds.length; r++) {
      const end = runEnds[r]!;
      if (end - start > 1) idx.subarray(start, end).sort(cmp);
      start = end;
    }
    return idx;
  }
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx.sort(comparator(cols, n));
}

/** The fastest stable comparator of row indices for `cols` (ties by index). */
function comparator(cols: readonly SortColumn[], n: number): (a: number, b: number) => number {
  // A single non-null numeric key without NaN: a cheaper comparator.
  if (cols.length === 1 && cols[0]!.valid === null) {
    const c = cols[0]!;
    const v = c.vals;
    const sign = c.asc ? 1 : -1;
    let hasNaN = false;
    for (let i = 0; i < n; i++) if (v[i] !== v[i]) { hasNaN = true; break; }
    if (!hasNaN) return (a, b) => (v[a]! < v[b]! ? -sign : v[a]! > v[b]! ? sign : a - b);
  }
  return (a, b) => compareRows(cols, a, b) || a - b;
}

/** Most distinct values per row for which the counting sort pays. */
const COUNTING_RANGE_PER_ROW = 2;

/**
 * Row indices stably ordered by one key whose values are integers in a range of at most
 * ~2n (nulls first or last as the key says), with the end of each run of equal keys; null
 * when the key is not like that.
 */
function countingSortFirst(c: SortColumn, n: number): { idx: Int32Array; runEnds: Int32Array } | null {
  const v = c.vals;
  if (v instanceof Uint8Array) return null;
  const valid = c.valid;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = v[i]!;
    if ((x | 0) !== x) return null; // not an int32 (or NaN)
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const range = hi >= lo ? hi - lo + 1 : 0;
  if (range > COUNTING_RANGE_PER_ROW * n + 16) return null;
  // Buckets: 0 = nulls when they come first, 1..range = values in key order, range+1 = nulls last.
  const buckets = range + 2;
  const counts = new Int32Array(buckets + 1);
  const bucketOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let b: number;
    if (valid !== null && valid[i] === 0) b = c.nullsFirst ? 0 : range + 1;
    else b = 1 + (c.asc ? v[i]! - lo : hi - v[i]!);
    bucketOf[i] = b;
    counts[b + 1]++;
  }
  for (let b = 0; b < buckets; b++) counts[b + 1] += counts[b]!;
  const runEnds: number[] = [];
  for (let b = 0; b < buckets; b++) if (counts[b + 1]! > counts[b]!) runEnds.push(counts[b + 1]!);
  const at = counts.subarray(0, buckets).slice();
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[at[bucketOf[i]!]!++] = i;
  return { idx, runEnds: Int32Array.from(runEnds) };
}
