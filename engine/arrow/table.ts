/**
 * Arrow Tables ↔ lists of Batches.
 */
import * as arrow from 'apache-arrow';
import type { Schema } from '../types.js';
import type { Batch } from '../batch.js';
import { arrowToBatch } from './from-arrow.js';
import { batchToArrow } from './to-arrow.js';
import { schemaFromArrow, schemaToArrow, type ArrowWriteOptions } from './schema.js';

/** The batches of an Arrow Table, one per record batch, all with one schema. */
export function tableToBatches(t: arrow.Table): Batch[] {
  const schema = schemaFromArrow(t.schema);
  return t.batches.map((rb) => arrowToBatch(rb, schema));
}

/**
 * An Arrow Table of `batches` (each may carry its own string dictionary). Arrow JS cannot hold
 * two same-named dictionary fields in a Table, so such a schema (a join's output) gets plain utf8.
 */
export function batchesToTable(schema: Schema, batches: readonly Batch[], opts?: ArrowWriteOptions): arrow.Table {
  const unique = new Set(schema.map((f) => f.name)).size === schema.length;
  if (!unique) opts = { ...opts, utf8: 'plain' };
  const as = schemaToArrow(schema, opts);
  return new arrow.Table(as, batches.map((b) => batchToArrow(b, as, opts)));
}
