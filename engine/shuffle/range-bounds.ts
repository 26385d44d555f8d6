/**
 * computeRangeBounds (driver side of a range partitioning): sorts the pooled samples of all map
 * tasks and picks partitions−1 evenly spaced rows as the bounds.
 */
import type { Batch } from '../batch.js';
import type { SortKey } from '../expr.js';
import { decodeIpc, encodeIpc } from '../arrow/index.js';
import { concatBatches, takeBatch } from '../kernels/index.js';
import { sortColumn, sortIndices } from '../ops/sort-keys.js';
import { sampleSchema } from './sample-columns.js';

/**
 * The bounds of a range partitioning as an IPC stream of at most partitions−1 rows
 * (columns k0..k(n−1), see sample-columns.ts). `sampleIpcs` are the sample streams of the map
 * tasks; `keys` give direction and null order of sample column i (their expressions are not
 * evaluated: column i is key i). Fewer sample rows than partitions give fewer bounds.
 */
export function computeRangeBounds(sampleIpcs: readonly Uint8Array[], keys: readonly SortKey[], partitions: number): Uint8Array {
  const schema = sampleSchema(keys);
  const batches: Batch[] = [];
  for (const bytes of sampleIpcs) {
    if (bytes.length === 0) continue;
    for (const b of decodeIpc(bytes).batches) if (b.length > 0) batches.push({ schema, columns: b.columns, length: b.length });
  }
  const all = concatBatches(schema, batches);
  const n = all.length;
  const picks: number[] = [];
  if (n > 0 && partitions > 1) {
    const order = sortIndices(keys.map((k, i) => sortColumn(all.columns[i]!, k.asc, k.nullsFirst)), n);
    for (let b = 1; b < partitions; b++) {
      const pos = Math.min(n - 1, Math.floor((b * n) / partitions));
      if (picks.length === 0 || picks[picks.length - 1] !== order[pos]) picks.push(order[pos]!);
    }
  }
  const bounds = takeBatch(all, Int32Array.from(picks));
  return encodeIpc(schema, bounds.length > 0 ? [bounds] : []);
}
