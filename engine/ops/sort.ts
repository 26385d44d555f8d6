/**
 * sort: orders its whole input by several keys (stable); with `limit`, a top-k that keeps
 * at most k rows plus one input batch in memory.
 */
import type { Batch } from '../batch.js';
import type { SortKey } from '../expr.js';
import type { PhysicalNode } from '../plan.js';
import { concatBatches, takeBatch } from '../kernels/index.js';
import { sortColumns, sortIndices } from './sort-keys.js';
import { checkCancelled, chunks, collectBatch, withSchema } from './util.js';
import type { BatchStream, ExecContext } from './types.js';

type SortNode = Extract<PhysicalNode, { op: 'sort' }>;

/** The rows of `batch` in key order (the first `limit` of them when given). */
export function sortBatch(batch: Batch, keys: readonly SortKey[], limit: number | null = null): Batch {
  let idx = sortIndices(sortColumns(batch, keys), batch.length);
  if (limit !== null && limit < idx.length) idx = idx.subarray(0, limit);
  return takeBatch(batch, idx);
}

/** Runs a sort node. */
export async function* sort(node: SortNode, input: BatchStream, ctx: ExecContext): BatchStream {
  if (node.limit !== null) {
    yield* topK(node, node.limit, input, ctx);
    return;
  }
  const all = await collectBatch(input, node.schema, ctx);
  if (all.length === 0) return;
  yield* chunks(sortBatch(all, node.keys), ctx.conf.batchSize);
}

async function* topK(node: SortNode, k: number, input: BatchStream, ctx: ExecContext): BatchStream {
  if (k <= 0) return;
  let kept: Batch | null = null;
  for await (const raw of input) {
    checkCancelled(ctx);
    if (raw.length === 0) continue;
    const b = withSchema(raw, node.schema);
    // Kept rows come first, so ties keep arrival order (the sort is stable).
    const merged: Batch = kept === null ? b : concatBatches(node.schema, [kept, b]);
    kept = merged.length > k ? sortBatch(merged, node.keys, k) : merged;
  }
  if (kept === null) return;
  yield* chunks(sortBatch(kept, node.keys, k), ctx.conf.batchSize);
}
