/**
 * shuffleRead: fetches the reduce partitions this task reads from every map output of the
 * shuffle, decoding each IPC piece as it arrives (a piece of zero bytes is empty). Reduce
 * partitions come one after another, in order; an `ordered` read also takes each one's map
 * pieces in map partition order.
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
  const opts = node.ordered === true ? { ordered: true } : undefined;
  const streams = node.reduce.map((r) => () => ctx.task.fetch(input, r, opts));
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
 * The items of several async iterables, stream after stream (each in its own order), reading
 * at most `width` of them at a time (each is opened when a slot frees up): the first unfinished
 * stream's items are yielded as they come, the later ones' are held until their turn, so a
 * coalesced read gives its reduce partitions' rows in the order separate tasks would. An error
 * of any one ends the whole.
 */
export async function* interleave<T>(opens: readonly (() => AsyncIterable<T>)[], width: number): AsyncGenerator<T> {
  type Next = { i: number; r: IteratorResult<T> };
  const its: (AsyncIterator<T> | undefined)[] = new Array(opens.length);
  const held: T[][] = opens.map(() => []);
  const done: boolean[] = new Array<boolean>(opens.length).fill(false);
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
    // `cur` is the stream whose turn it is; it is always open (or done), since streams open in order.
    for (let cur = 0; cur < opens.length;) {
      if (held[cur]!.length > 0) {
        const items = held[cur]!;
        held[cur] = [];
        for (const x of items) yield x;
        continue;
      }
      if (done[cur]) { cur++; continue; }
      const { i, r } = await Promise.race(pending.values());
      pending.delete(i);
      if (r.done) {
        its[i] = undefined;
        done[i] = true;
        open();
        continue;
      }
      pull(i);
      if (i === cur) yield r.value;
      else held[i]!.push(r.value);
    }
  } finally {
    // Stop the ones still open (their fetches are aborted by their own cleanup).
    for (const it of its) if (it !== undefined) void it.return?.(undefined).catch(() => {});
    for (const p of pending.values()) p.catch(() => {});
  }
}
