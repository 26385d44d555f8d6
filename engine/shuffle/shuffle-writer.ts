/**
 * The map side of a shuffle: splits a task's output into one Arrow IPC stream per reduce
 * partition (zero bytes for a partition that got no rows).
 */
import type { Batch } from '../batch.js';
import type { Partitioning } from '../plan.js';
import type { Schema } from '../types.js';
import { encodeIpc } from '../arrow/index.js';
import { concatBatches, takeBatch } from '../kernels/index.js';
import { makePartitioner, partitionCount } from './partition-batch.js';

/** Splits one batch by a partition id per row: the rows of each partition, in input order. */
export function splitByPartition(batch: Batch, ids: Int32Array, partitions: number): (Batch | null)[] {
  const counts = new Int32Array(partitions + 1);
  for (let i = 0; i < ids.length; i++) counts[ids[i]! + 1]++;
  for (let p = 0; p < partitions; p++) counts[p + 1] += counts[p]!;
  const order = new Int32Array(ids.length);
  const at = counts.slice(0, partitions);
  for (let i = 0; i < ids.length; i++) order[at[ids[i]!]!++] = i;
  const out: (Batch | null)[] = new Array(partitions).fill(null);
  for (let p = 0; p < partitions; p++) {
    const s = counts[p]!;
    const e = counts[p + 1]!;
    if (e > s) out[p] = e - s === batch.length ? batch : takeBatch(batch, order.subarray(s, e));
  }
  return out;
}

/**
 * Reads `batches` and returns the IPC piece of every reduce partition and the number of rows.
 * `rowOffset` starts round-robin numbering (e.g. spread by map partition).
 */
export async function writeShuffle(batches: AsyncIterable<Batch>, schema: Schema, partitioning: Partitioning, opts: { batchSize: number; rowOffset?: number }): Promise<{ pieces: Uint8Array[]; rows: number }> {
  const n = partitionCount(partitioning);
  const partitioner = makePartitioner(partitioning);
  const done: Batch[][] = Array.from({ length: n }, () => []);
  const recent: Batch[][] = Array.from({ length: n }, () => []);
  let rows = 0;
  const offset = opts.rowOffset ?? 0;
  for await (const raw of batches) {
    if (raw.length === 0) continue;
    const b: Batch = { schema, columns: raw.columns, length: raw.length };
    const split = splitByPartition(b, partitioner(b, offset + rows), n);
    rows += b.length;
    for (let p = 0; p < n; p++) {
      const piece = split[p];
      if (!piece) continue;
      const list = recent[p]!;
      list.push(piece);
      // Merge runs of small pieces into one batch, so a piece holds few IPC messages.
      if (list.length >= 32) {
        done[p]!.push(concatBatches(schema, list));
        recent[p] = [];
      }
    }
  }
  const pieces = done.map((list, p) => {
    const tail = recent[p]!;
    if (tail.length > 0) list.push(tail.length === 1 ? tail[0]! : concatBatches(schema, tail));
    return list.length === 0 ? new Uint8Array(0) : encodeIpc(schema, list);
  });
  return { pieces, rows };
}
