/**
 * Zero-copy slices of columns and batches.
 */
import type { Batch, Vec } from '../batch.js';
import { withCodes } from './utf8.js';

/** Rows [start, end) of v as a view over the same memory. */
export function sliceVec(v: Vec, start: number, end: number): Vec {
  const valid = v.valid === null ? null : v.valid.subarray(start, end);
  if (v.kind === 'str') return withCodes(v, v.codes.subarray(start, end), valid);
  return { kind: 'num', type: v.type, values: v.values.subarray(start, end), valid } as Vec;
}

/** Rows [start, end) of b as a view (clamped to the batch). */
export function sliceBatch(b: Batch, start: number, end: number): Batch {
  const s = Math.max(0, Math.min(start, b.length));
  const e = Math.max(s, Math.min(end, b.length));
  if (s === 0 && e === b.length) return b;
  return { schema: b.schema, columns: b.columns.map((c) => sliceVec(c, s, e)), length: e - s };
}
