/**
 * Column projection of a batch by indices into its schema.
 */
import type { Batch } from '../batch.js';

/** The batch with only the columns `projection` names, in that order (null = all). */
export function projectBatch(b: Batch, projection: readonly number[] | null): Batch {
  if (projection === null) return b;
  return { schema: projection.map((i) => b.schema[i]!), columns: projection.map((i) => b.columns[i]!), length: b.length };
}
