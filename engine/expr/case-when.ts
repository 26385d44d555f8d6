/**
 * CASE WHEN: the first branch whose condition is true, else `otherwise` (null if absent).
 * Each branch's value is evaluated only on the rows it decides, so a value that would fail on
 * rows another branch takes (a cast, an overflow) does not fail the batch.
 */
import type { Batch, Vec } from '../batch.js';
import type { Expr } from '../expr.js';
import { concatVecs, isTrueMask, nullVec, takeBatch, takeVec } from '../kernels/index.js';
import { castVec } from './cast.js';

type Eval = (e: Expr, b: Batch) => Vec;

/** Evaluates a CASE expression. */
export function evalCase(e: Extract<Expr, { kind: 'case' }>, batch: Batch, ev: Eval): Vec {
  const n = batch.length;
  // rows: the original row numbers still undecided; sub: the batch restricted to them.
  let rows: Int32Array | null = null;
  let sub = batch;
  const pieces: Vec[] = [];
  const order: Int32Array[] = [];
  for (const br of e.branches) {
    if (sub.length === 0) break;
    const mask = isTrueMask(ev(br.when, sub));
    let hits = 0;
    for (let i = 0; i < mask.length; i++) hits += mask[i]!;
    if (hits === 0) continue;
    const take = new Int32Array(hits);
    const keep = new Int32Array(mask.length - hits);
    for (let i = 0, t = 0, k = 0; i < mask.length; i++) {
      if (mask[i]) take[t++] = i;
      else keep[k++] = i;
    }
    const hitBatch = hits === sub.length ? sub : takeBatch(sub, take);
    pieces.push(castVec(ev(br.then, hitBatch), e.type, e));
    order.push(rows === null ? take : take.map((i) => rows![i]!));
    rows = rows === null ? keep : keep.map((i) => rows![i]!);
    sub = takeBatch(sub, keep);
  }
  const restRows = rows ?? identity(n);
  if (restRows.length > 0) {
    pieces.push(e.otherwise ? castVec(ev(e.otherwise, sub), e.type, e) : nullVec(e.type, restRows.length));
    order.push(restRows);
  }
  if (pieces.length === 1) return pieces[0]!;
  if (pieces.length === 0) return nullVec(e.type, n);
  // Concatenate the pieces, then put every row back in its place.
  const at = new Int32Array(n);
  let off = 0;
  for (const o of order) {
    for (let k = 0; k < o.length; k++) at[o[k]!] = off + k;
    off += o.length;
  }
  return takeVec(concatVecs(e.type, pieces), at);
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
