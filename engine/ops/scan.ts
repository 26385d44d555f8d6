/**
 * scan: reads the task's splits (files, ranges, inline data through engine/io; cached
 * partitions through the runtime's cache), picks the projected columns and applies the
 * pushed-down filters.
 */
import type { Batch } from '../batch.js';
import type { PhysicalNode, SourceSplit } from '../plan.js';
import type { Schema } from '../types.js';
import { InternalError } from '../errors.js';
import { decodeIpc } from '../arrow/index.js';
import { readSplit } from '../io/index.js';
import { evaluate } from '../expr/index.js';
import { filterBatch } from '../kernels/index.js';
import { checkCancelled, chunks, withSchema } from './util.js';
import type { BatchStream, ExecContext } from './types.js';

type ScanNode = Extract<PhysicalNode, { op: 'scan' }>;

/** Runs a scan node: every split in order, projected and filtered. */
export async function* scan(node: ScanNode, ctx: ExecContext): BatchStream {
  for (const split of node.splits) {
    checkCancelled(ctx);
    const source = split.kind === 'cached'
      ? readCached(split, node.fileSchema, node.projection, ctx)
      : readSplit(split, node.fileSchema, node.projection, { batchSize: ctx.conf.batchSize });
    for await (const raw of source) {
      checkCancelled(ctx);
      let b = withSchema(raw, node.schema);
      for (const f of node.filters) {
        if (b.length === 0) break;
        b = filterBatch(b, evaluate(f, b));
      }
      if (b.length > 0) yield b;
    }
  }
}

/** The batches of a cached partition, projected like a file read. */
function* readCached(split: Extract<SourceSplit, { kind: 'cached' }>, fileSchema: Schema, projection: readonly number[] | null, ctx: ExecContext): Iterable<Batch> {
  const bytes = ctx.task.cacheGet(split.cacheId, split.partition);
  if (bytes === undefined) {
    throw new InternalError(`cached partition ${split.partition} of cache ${split.cacheId} is not held here (expected at ${split.location})`,
      { cacheId: split.cacheId, partition: split.partition, location: split.location });
  }
  // Decode only the projected columns: the others' strings would be decoded for nothing.
  const { batches } = decodeIpc(bytes, projection);
  const schema = projection === null ? fileSchema : projection.map((i) => fileSchema[i]!);
  for (const b of batches) yield* chunks({ schema, columns: b.columns, length: b.length }, ctx.conf.batchSize);
}
