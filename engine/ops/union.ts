/**
 * union (specialized form): all inputs, one after another.
 */
import type { PhysicalNode } from '../plan.js';
import { withSchema } from './util.js';
import type { BatchStream } from './types.js';

type UnionNode = Extract<PhysicalNode, { op: 'union' }>;

/** Runs a union node: the streams of its inputs in order, labelled with the union's schema. */
export async function* union(node: UnionNode, inputs: readonly (() => BatchStream)[]): BatchStream {
  for (const open of inputs) {
    for await (const b of open()) {
      if (b.length > 0) yield withSchema(b, node.schema);
    }
  }
}
