/**
 * nestedLoopJoin: cross joins and joins whose condition has no equi-keys, for every join type.
 * The right side is read whole; left batches stream through, pairing every left row with
 * every right row in chunks of about conf.batchSize pairs, filtered by the condition.
 */
import type { Batch } from '../batch.js';
import type { PhysicalNode } from '../plan.js';
import { filterPairs, gatherJoined, gatherOuter, indicesWhere, preserves } from './join-util.js';
import { checkCancelled, chunks, collectBatch, withSchema } from './util.js';
import type { BatchStream, ExecContext } from './types.js';
import { emptyBatch } from '../kernels/index.js';

type NestedLoopJoinNode = Extract<PhysicalNode, { op: 'nestedLoopJoin' }>;

/** Runs a nested-loop join; `openLeft`/`openRight` start the input streams. */
export async function* nestedLoopJoin(node: NestedLoopJoinNode, openLeft: () => BatchStream, openRight: () => BatchStream, ctx: ExecContext): BatchStream {
  const right = await collectBatch(openRight(), node.right.schema, ctx);
  const R = right.length;
  const combined = [...node.left.schema, ...node.right.schema];
  const how = node.how;
  const keep = preserves(how);
  const semiAnti = how === 'semi' || how === 'anti';
  const rightMatched = new Uint8Array(keep.right ? R : 0);
  const batchSize = Math.max(1, ctx.conf.batchSize);

  for await (const raw of openLeft()) {
    checkCancelled(ctx);
    const left = withSchema(raw, node.left.schema);
    const n = left.length;
    if (n === 0) continue;
    const leftMatched = new Uint8Array(n);
    if (R > 0) {
      // Pairs in row-major order, at most batchSize at a time.
      const total = n * R;
      for (let start = 0; start < total; start += batchSize) {
        const end = Math.min(total, start + batchSize);
        const li = new Int32Array(end - start);
        const ri = new Int32Array(end - start);
        let i = Math.floor(start / R);
        let j = start - i * R;
        for (let k = 0; k < li.length; k++) {
          li[k] = i;
          ri[k] = j;
          if (++j === R) {
            j = 0;
            i++;
          }
        }
        const m = filterPairs(node.filter, combined, left, li, right, ri, !semiAnti);
        for (let k = 0; k < m.li.length; k++) leftMatched[m.li[k]!] = 1;
        if (keep.right) for (let k = 0; k < m.ri.length; k++) rightMatched[m.ri[k]!] = 1;
        if (m.joined !== null && m.joined.length > 0) yield withSchema(m.joined, node.schema);
        checkCancelled(ctx);
      }
    }
    if (semiAnti) {
      const idx = indicesWhere(leftMatched, n, how === 'semi' ? 1 : 0);
      if (idx.length > 0) yield gatherJoined(node.schema, left, idx, null, null);
    } else if (keep.left) {
      const idx = indicesWhere(leftMatched, n, 0);
      if (idx.length > 0) yield gatherOuter(node.schema, left, right, idx, 'left');
    }
  }

  if (keep.right) {
    const idx = indicesWhere(rightMatched, R, 0);
    if (idx.length > 0) {
      const empty: Batch = emptyBatch(node.left.schema);
      yield* chunks(gatherOuter(node.schema, empty, right, idx, 'right'), batchSize);
    }
  }
}
