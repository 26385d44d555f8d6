/**
 * shuffleRead: fetches the reduce partitions this task reads from every map output of the
 * shuffle, decoding each IPC piece as it arrives (a piece of zero bytes is empty).
 */
import type { PhysicalNode } from '../plan.js';
import { InternalError } from '../errors.js';
import { decodeIpc } from '../arrow/index.js';
import { rebatch } from '../kernels/index.js';
import { checkCancelled, withSchema } from './util.js';
import type { BatchStream, ExecContext } from './types.js';

type ShuffleReadNode = Extract<PhysicalNode, { op: 'shuffleRead' }>;

/** Runs a shuffleRead node; small pieces are merged into batches of about conf.batchSize rows. */
export function shuffleRead(node: ShuffleReadNode, ctx: ExecContext): BatchStream {
  return rebatch(pieces(node, ctx), node.schema, ctx.conf.batchSize);
}

async function* pieces(node: ShuffleReadNode, ctx: ExecContext): BatchStream {
  if (node.reduce === null) {
    throw new InternalError(`shuffleRead of shuffle ${node.shuffleId} was not specialized: it names no reduce partitions`);
  }
  const input = ctx.inputs.find((s) => s.shuffleId === node.shuffleId);
  if (!input) {
    throw new InternalError(`task has no input for shuffle ${node.shuffleId} (inputs: ${ctx.inputs.map((s) => s.shuffleId).join(', ') || 'none'})`);
  }
  for (const r of node.reduce) {
    for await (const bytes of ctx.task.fetch(input, r)) {
      checkCancelled(ctx);
      if (bytes.length === 0) continue;
      for (const b of decodeIpc(bytes).batches) {
        if (b.length > 0) yield withSchema(b, node.schema);
      }
    }
  }
}
