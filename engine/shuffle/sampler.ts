/**
 * The sort-key sampler of a range partitioning's sample pass: a seeded reservoir sample
 * (Vitter's algorithm R) of the evaluated sort keys, columns k0..k(n−1) (sample-columns.ts).
 */
import type { Batch } from '../batch.js';
import type { SortKey } from '../expr.js';
import { evaluate } from '../expr/index.js';
import { concatBatches, emptyBatch, takeBatch } from '../kernels/index.js';
import { sampleSchema } from './sample-columns.js';

export { seededRandom } from '../kernels/seeded-random.js';
import { seededRandom } from '../kernels/seeded-random.js';

/**
 * At most `size` rows of key columns sampled uniformly from `batches`, and the number of rows
 * seen (so the driver may weigh samples by partition size).
 */
export async function sampleKeys(batches: AsyncIterable<Batch>, keys: readonly SortKey[], size: number, seed: number): Promise<{ sample: Batch; rows: number }> {
  const schema = sampleSchema(keys);
  const random = seededRandom(seed);
  let reservoir = emptyBatch(schema);
  let seen = 0;
  for await (const b of batches) {
    const n = b.length;
    if (n === 0) continue;
    const kb: Batch = { schema, columns: keys.map((k) => evaluate(k.expr, b)), length: n };
    // slot → row of [reservoir ++ kb]; untouched slots keep their reservoir row.
    const have = reservoir.length;
    const slots = new Int32Array(Math.min(size, have + n));
    for (let s = 0; s < have; s++) slots[s] = s;
    let len = have;
    let changed = false;
    for (let i = 0; i < n; i++, seen++) {
      if (len < size) {
        slots[len++] = have + i;
        changed = true;
      } else {
        const j = Math.floor(random() * (seen + 1));
        if (j < size) {
          slots[j] = have + i;
          changed = true;
        }
      }
    }
    if (changed) reservoir = takeBatch(have === 0 ? kb : concatBatches(schema, [reservoir, kb]), slots.subarray(0, len));
  }
  return { sample: reservoir, rows: seen };
}
