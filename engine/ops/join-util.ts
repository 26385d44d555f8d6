/**
 * What hash and nested-loop joins share: gathering joined rows from index lists, the residual
 * filter over candidate pairs, and which sides an outer join preserves.
 */
import type { Batch } from '../batch.js';
import type { Expr } from '../expr.js';
import type { JoinType } from '../plan.js';
import type { Schema } from '../types.js';
import { evaluate } from '../expr/index.js';
import { isTrueMask, takeVec } from '../kernels/index.js';
import { batchOf } from './util.js';

/** Left columns gathered by `li`, then right columns by `ri` (index −1: a null row). */
export function gatherJoined(schema: Schema, left: Batch, li: Int32Array, right: Batch | null, ri: Int32Array | null): Batch {
  const cols = left.columns.map((c) => takeVec(c, li));
  if (right !== null && ri !== null) for (const c of right.columns) cols.push(takeVec(c, ri));
  return batchOf(schema, cols, li.length);
}

/** Rows of one side with nulls for every column of the other side. */
export function gatherOuter(schema: Schema, left: Batch, right: Batch, idx: Int32Array, side: 'left' | 'right'): Batch {
  const nulls = new Int32Array(idx.length).fill(-1);
  return side === 'left' ? gatherJoined(schema, left, idx, right, nulls) : gatherJoined(schema, left, nulls, right, idx);
}

/** The candidate pairs that pass the residual filter, and (when asked) their joined rows. */
export interface Matched {
  readonly li: Int32Array;
  readonly ri: Int32Array;
  readonly joined: Batch | null;
}

/**
 * Applies `filter` (over left+right columns; null = every pair passes) to candidate pairs.
 * `combined` is the left+right schema the filter was bound against.
 */
export function filterPairs(filter: Expr | null, combined: Schema, left: Batch, li: Int32Array, right: Batch, ri: Int32Array, wantJoined: boolean): Matched {
  if (filter === null) {
    return { li, ri, joined: wantJoined ? gatherJoined(combined, left, li, right, ri) : null };
  }
  const joined = gatherJoined(combined, left, li, right, ri);
  const mask = isTrueMask(evaluate(filter, joined));
  let kept = 0;
  for (let i = 0; i < mask.length; i++) kept += mask[i]!;
  if (kept === li.length) return { li, ri, joined: wantJoined ? joined : null };
  const sel = new Int32Array(kept);
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i] === 1) sel[k++] = i;
  const li2 = new Int32Array(kept);
  const ri2 = new Int32Array(kept);
  for (let k = 0; k < kept; k++) {
    li2[k] = li[sel[k]!]!;
    ri2[k] = ri[sel[k]!]!;
  }
  return { li: li2, ri: ri2, joined: wantJoined ? gatherJoined(combined, left, li2, right, ri2) : null };
}

/** Whether a join keeps unmatched left rows and unmatched right rows. */
export function preserves(how: JoinType): { left: boolean; right: boolean } {
  return { left: how === 'left' || how === 'full', right: how === 'right' || how === 'full' };
}

/** Indices i in [0, n) where flags[i] equals `want`. */
export function indicesWhere(flags: Uint8Array, n: number, want: 0 | 1): Int32Array {
  let c = 0;
  for (let i = 0; i < n; i++) if (flags[i] === want) c++;
  const out = new Int32Array(c);
  for (let i = 0, k = 0; i < n; i++) if (flags[i] === want) out[k++] = i;
  return out;
}
