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
  // A task reading several reduce partitions (coalesced) fetches a few of them at once: one
  // after another, each would wait for its own round trips to the peers.
  const streams = node.reduce.map((r) => () => ctx.task.fetch(input, r));
  for await (const bytes of interleave(streams, PARTITIONS_AT_ONCE)) {
    checkCancelled(ctx);
    if (bytes.length === 0) continue;
    for (const b of decodeIpc(bytes).batches) {
      if (b.length > 0) yield withSchema(b, node.schema);
    }
  }
}

/** Reduce partitions whose pieces one task fetches at the same time. */
const PARTITIONS_AT_ONCE = 4;

/**
 * The items of several async iterables, in the order they arrive, reading at most `width` of
 * them at a time (each is opened when a slot frees up). An error of any one ends the whole.
 */
export async function* interleave<T>(opens: readonly (() => AsyncIterable<T>)[], width: number): AsyncGenerator<T> {
  type Next = { i: number; r: IteratorResult<T> };
  const its: (AsyncIterator<T> | undefined)[] = new Array(opens.length);
  const pending = new Map<number, Promise<Next>>();
  let opened = 0;
  const pull = (i: number): void => {
    pending.set(i, its[i]!.next().then((r) => ({ i, r })));
  };
  const open = (): void => {
    while (pending.size < Math.max(1, width) && opened < opens.length) {
      const i = opened++;
      its[i] = opens[i]!()[Symbol.asyncIterator]();
      pull(i);
    }
  };
  try {
    open();
    while (pending.size > 0) {
      const { i, r } = await Promise.race(pending.values());
      pending.delete(i);
      if (r.done) {
        its[i] = undefined;
        open();
        continue;
      }
      pull(i);
      yield r.value;
    }
  } finally {
    // Stop the ones still open (their fetches are aborted by their own cleanup).
    for (const it of its) if (it !== undefined) void it.return?.(undefined).catch(() => {});
    for (const p of pending.values()) p.catch(() => {});
  }
}
