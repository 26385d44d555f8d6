/**
 * Reading one split of any kind (except 'cached', which the scan operator serves from the runtime).
 */
import { decodeIpc } from '../arrow/index.js';
import type { Batch } from '../batch.js';
import { InternalError } from '../errors.js';
import { int64FromDoubles } from '../kernels/int64.js';
import type { SourceSplit } from '../plan.js';
import type { Schema } from '../types.js';
import { readArrowRange } from './arrow-io.js';
import { readCsvRange } from './csv-read.js';
import { readJsonRange } from './json-read.js';
import { readParquetRange } from './parquet-io.js';
import { withPartitionColumns } from './partitions.js';
import { projectBatch } from './project.js';

/** The `id` column of range splits, one int64 column of batches of batchSize rows. */
async function* readRange(start: number, end: number, step: number, fileSchema: Schema, projection: readonly number[] | null, batchSize: number): AsyncGenerator<Batch> {
  if (step === 0) throw new InternalError('range step must not be 0');
  const total = Math.max(0, Math.ceil((end - start) / step));
  const schema = projection === null ? fileSchema : projection.map((i) => fileSchema[i]!);
  for (let s = 0; s < total; s += batchSize) {
    const n = Math.min(batchSize, total - s);
    const ids = new Float64Array(n);
    for (let i = 0; i < n; i++) ids[i] = start + (s + i) * step;
    const values = int64FromDoubles(ids);
    const columns = schema.map(() => ({ kind: 'num' as const, type: 'int64' as const, values, valid: null }));
    yield { schema, columns, length: n };
  }
}

/**
 * Reads a split as batches of about `batchSize` rows with the `projection` columns of
 * `fileSchema` (indices; null = all). Errors name the file and line (DataError) or the path (SourceError).
 */
export function readSplit(split: SourceSplit, fileSchema: Schema, projection: readonly number[] | null, opts: { batchSize: number }): AsyncIterable<Batch> {
  const bs = Math.max(1, Math.floor(opts.batchSize));
  switch (split.kind) {
    case 'range': return readRange(split.start, split.end, split.step, fileSchema, projection, bs);
    case 'inline': return readInline(split.ipc, projection);
    case 'cached': throw new InternalError('a cached split is read by the scan operator through the task context, not by readSplit');
    default: break;
  }
  const read = (schema: Schema, proj: readonly number[] | null): AsyncIterable<Batch> => {
    switch (split.kind) {
      case 'csv': return readCsvRange(split.path, split.start, split.end, split.options, schema, proj, bs);
      case 'json': return readJsonRange(split.path, split.start, split.end, schema, proj, bs);
      case 'arrow': return readArrowRange(split.path, split.batchStart, split.batchEnd, schema, proj, bs);
      default: return readParquetRange(split.path, split.rowGroupStart, split.rowGroupEnd, schema, proj, bs);
    }
  };
  // Partition folders (`k=v/`) give constant columns at the end of the schema.
  const values = split.partitionValues;
  if (values === undefined || values.length === 0) return read(fileSchema, projection);
  return withPartitionColumns(split.path, fileSchema, values, projection, read);
}

async function* readInline(ipc: Uint8Array, projection: readonly number[] | null): AsyncGenerator<Batch> {
  const { batches } = decodeIpc(ipc);
  for (const b of batches) yield projectBatch(b, projection);
}
