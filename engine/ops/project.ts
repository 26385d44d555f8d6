/**
 * project: evaluates one expression per output column.
 */
import type { PhysicalNode } from '../plan.js';
import { evaluate } from '../expr/index.js';
import { batchOf } from './util.js';
import type { BatchStream } from './types.js';

type ProjectNode = Extract<PhysicalNode, { op: 'project' }>;

/** Runs a project node over its input stream. */
export async function* project(node: ProjectNode, input: BatchStream): BatchStream {
  for await (const b of input) {
    yield batchOf(node.schema, node.exprs.map((e) => evaluate(e, b)), b.length);
  }
}
