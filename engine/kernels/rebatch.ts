/**
 * Re-cut a stream of batches into batches of about `batchSize` rows.
 */
import type { Schema } from '../types.js';
import type { Batch } from '../batch.js';
import { concatBatches } from './concat.js';
import { sliceBatch } from './slice.js';

/**
 * Yields batches of exactly `batchSize` rows (views where possible) except the last, which holds
 * the remainder; small inputs are merged, large ones cut. Empty input batches are skipped.
 */
export async function* rebatch(batches: AsyncIterable<Batch>, schema: Schema, batchSize: number): AsyncIterable<Batch> {
  const size = Math.max(1, Math.floor(batchSize));
  let pending: Batch[] = [];
  let pendingRows = 0;
  for await (const input of batches) {
    let b: Batch = input.schema === schema ? input : { schema, columns: input.columns, length: input.length };
    while (b.length > 0) {
      const need = size - pendingRows;
      if (pendingRows === 0 && b.length >= size) {
        yield sliceBatch(b, 0, size);
        b = sliceBatch(b, size, b.length);
        continue;
      }
      const piece = sliceBatch(b, 0, Math.min(need, b.length));
      pending.push(piece);
      pendingRows += piece.length;
      b = sliceBatch(b, piece.length, b.length);
      if (pendingRows === size) {
        yield concatBatches(schema, pending);
        pending = [];
        pendingRows = 0;
      }
    }
  }
  if (pendingRows > 0) yield concatBatches(schema, pending);
}
