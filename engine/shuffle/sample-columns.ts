/**
 * The columns of a sort-key sample, agreed between the sampler (map side), computeRangeBounds
 * (driver) and the range partitioner:
 *
 *   a sample (TaskOutput 'sample') and the range bounds (Partitioning.range.bounds) are
 *   Arrow IPC streams with one column per sort key, named k0, k1, …, k(n−1); column i holds
 *   `keys[i].expr` evaluated over the stage's output rows (type `keys[i].expr.type`). The range
 *   partitioner evaluates the same key expressions over each row and compares them with the
 *   bound rows under each key's direction and null placement.
 */
import type { SortKey } from '../expr.js';
import type { Schema } from '../types.js';

/** The schema of a sample or bounds stream for these keys: k0..k(n−1). */
export function sampleSchema(keys: readonly SortKey[]): Schema {
  return keys.map((k, i) => ({ name: `k${i}`, type: k.expr.type, nullable: true }));
}
