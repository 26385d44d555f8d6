/**
 * Partitioners: the reduce partition of every row of a batch.
 *
 * - hash: hashVecs(keys) mod n. hashVecs hashes by value, not storage (int32 5 and float64
 *   5.0 agree), so both sides of a join land equal keys in the same partition.
 * - range: binary search of the row's key values among the bound rows (see sample-columns.ts):
 *   rows ≤ bound 0 go to partition 0, rows in (bound i−1, bound i] to partition i, the rest to
 *   the last; so concatenating sorted partitions in order gives a sorted whole.
 * - roundRobin: consecutive rows to consecutive partitions, from a starting offset.
 * - single: partition 0.
 */
import type { Batch, Vec } from '../batch.js';
import type { Partitioning } from '../plan.js';
import { InternalError } from '../errors.js';
import { decodeIpc } from '../arrow/index.js';
import { evaluate } from '../expr/index.js';
import { concatVecs, hashVecs } from '../kernels/index.js';
import { compareRows, sortColumn } from '../ops/sort-keys.js';

/** Maps the rows of a batch to reduce partitions; `rowOffset` is the number of rows partitioned before (roundRobin). */
export type Partitioner = (batch: Batch, rowOffset: number) => Int32Array;

/** The number of reduce partitions of a partitioning. */
export function partitionCount(p: Partitioning): number {
  return p.kind === 'single' ? 1 : p.partitions;
}

/** A partitioner for `p`, with the range bounds decoded once. */
export function makePartitioner(p: Partitioning): Partitioner {
  switch (p.kind) {
    case 'single':
      return (batch) => new Int32Array(batch.length);
    case 'roundRobin': {
      const n = p.partitions;
      return (batch, rowOffset) => {
        const out = new Int32Array(batch.length);
        for (let i = 0; i < out.length; i++) out[i] = (rowOffset + i) % n;
        return out;
      };
    }
    case 'hash': {
      const n = p.partitions;
      return (batch) => {
        const h = hashVecs(p.keys.map((e) => evaluate(e, batch)), batch.length);
        const out = new Int32Array(batch.length);
        for (let i = 0; i < out.length; i++) out[i] = h[i]! % n;
        return out;
      };
    }
    case 'range': {
      if (p.bounds === undefined) {
        throw new InternalError('range partitioning without bounds: the sample pass must fill bounds first');
      }
      const bounds = decodeIpc(p.bounds);
      const nb = bounds.batches.reduce((s, b) => s + b.length, 0);
      const boundCols: Vec[] = p.keys.map((k, c) => concatVecs(k.expr.type, bounds.batches.map((b) => b.columns[c]!)));
      const last = p.partitions - 1;
      return (batch) => {
        const n = batch.length;
        const out = new Int32Array(n);
        if (nb === 0 || last === 0) return out;
        // Bounds and rows in one comparable space: rows 0..nb−1 are the bounds, nb+i is row i.
        const cols = p.keys.map((k, c) => sortColumn(concatVecs(k.expr.type, [boundCols[c]!, evaluate(k.expr, batch)]), k.asc, k.nullsFirst));
        for (let i = 0; i < n; i++) {
          let lo = 0;
          let hi = nb;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (compareRows(cols, mid, nb + i) < 0) lo = mid + 1;
            else hi = mid;
          }
          out[i] = lo > last ? last : lo;
        }
        return out;
      };
    }
    default: {
      const never: never = p;
      throw new InternalError(`unknown partitioning ${JSON.stringify(never)}`);
    }
  }
}

/** The reduce partition of each row of `batch` under `partitioning`. */
export function partitionBatch(batch: Batch, partitioning: Partitioning, rowOffset = 0): Int32Array {
  return makePartitioner(partitioning)(batch, rowOffset);
}
