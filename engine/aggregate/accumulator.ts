/**
 * The accumulator interface: the per-group state of one aggregate, kept in typed arrays indexed
 * by group id. Hash aggregation (update or merge, then state or finish) and window frames
 * (update, then valueAt) both drive it.
 */
import type { Vec } from '../batch.js';
import { int64ToDoubles } from '../kernels/int64.js';

/**
 * A value in storage form: a number for fixed-width types (bool 0/1, dates as days), a string
 * for utf8; an int64 beyond ±(2^53−1) is a bigint.
 */
export type StoredValue = number | bigint | string | null;

/** The state of one aggregate over many groups. */
export interface Accumulator {
  /** Makes room for groups 0..n-1 (new groups start empty). */
  grow(n: number): void;
  /** Folds input rows [start, end) into their groups: row i goes to group `groups[i]`. `args` are the evaluated arguments. */
  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void;
  /** Folds partial-state rows [start, end) (the state columns of aggregate/state-fields.ts) into their groups. */
  merge(groups: Int32Array, state: readonly Vec[], start: number, end: number): void;
  /** The partial-state columns of groups 0..n-1. */
  state(n: number): Vec[];
  /** The final values of groups 0..n-1. */
  finish(n: number): Vec;
  /** The current final value of group g. */
  valueAt(g: number): StoredValue;
}

/**
 * The numbers under a fixed-width column (bool 0/1, dates as days); int64 as doubles (rounded
 * beyond ±2^53: for aggregates whose result is a float64, or exact counts).
 */
export function numbersOf(v: Vec): Float64Array | Int32Array | Uint8Array {
  if (v.kind === 'str') throw new TypeError('numeric aggregate over a string column');
  return v.type === 'int64' ? int64ToDoubles(v.values) : v.values;
}
