/**
 * limit: the first n rows, then stops pulling its input.
 */
import type { PhysicalNode } from '../plan.js';
import { sliceBatch } from '../kernels/index.js';
import { withSchema } from './util.js';
import type { BatchStream } from './types.js';

type LimitNode = Extract<PhysicalNode, { op: 'limit' }>;

/** Runs a limit node. Returning early closes the input iterator, so upstream stops too. */
export async function* limit(node: LimitNode, input: BatchStream): BatchStream {
  let left = node.n;
  if (left <= 0) return;
  for await (const b of input) {
    if (b.length === 0) continue;
    if (b.length >= left) {
      yield withSchema(sliceBatch(b, 0, left), node.schema);
      return;
    }
    left -= b.length;
    yield withSchema(b, node.schema);
  }
}
