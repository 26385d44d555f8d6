/**
 * filter: keeps the rows whose predicate is true (null counts as false, as in SQL).
 */
import type { PhysicalNode } from '../plan.js';
import { evaluate } from '../expr/index.js';
import { filterBatch } from '../kernels/index.js';
import { withSchema } from './util.js';
import type { BatchStream } from './types.js';

type FilterNode = Extract<PhysicalNode, { op: 'filter' }>;

/** Runs a filter node; batches left empty are dropped. */
export async function* filter(node: FilterNode, input: BatchStream): BatchStream {
  for await (const b of input) {
    if (b.length === 0) continue;
    const out = filterBatch(b, evaluate(node.predicate, b));
    if (out.length > 0) yield withSchema(out, node.schema);
  }
}
