/**
 * Arrow IPC streams: the wire format of shuffle pieces, task results and inline data.
 */
import * as arrow from 'apache-arrow';
import type { Schema } from '../types.js';
import type { Batch } from '../batch.js';
import { arrowToBatch, arrowToBatchColumns } from './from-arrow.js';
import { batchToArrow } from './to-arrow.js';
import { schemaFromArrow, schemaToArrow } from './schema.js';
import { RondoError, SourceError } from '../errors.js';
import { dictKey, dictSize } from '../kernels/utf8.js';

/**
 * One Arrow IPC stream holding `batches` (an empty list gives a stream with only the schema).
 * Strings are dictionary-encoded; a batch whose dictionary differs from the previous one's is
 * preceded by a replacement dictionary message, so every batch keeps its own dictionary.
 */
export function encodeIpc(schema: Schema, batches: readonly Batch[]): Uint8Array {
  const as = wireSchema(schema);
  const writer = new arrow.RecordBatchStreamWriter();
  writer.reset(undefined, as);
  const keep = sharedDictionaries(batches);
  for (const b of batches) writer.write(batchToArrow(b, as, undefined, keep));
  writer.finish();
  return writer.toUint8Array(true);
}

/**
 * The string dictionaries that batches of a stream share and that are worth writing whole,
 * once: those used by more rows in all than they have entries. (Compacting them per batch
 * instead would write a replacement dictionary before every batch, and every reader would
 * decode each one again: a cached 1e5-entry key column cost seconds per query that way.)
 */
function sharedDictionaries(batches: readonly Batch[]): Set<object> | undefined {
  if (batches.length < 2) return undefined;
  let rows: Map<object, { size: number; rows: number }> | null = null;
  for (const b of batches) {
    for (const v of b.columns) {
      if (v.kind !== 'str') continue;
      const size = dictSize(v);
      if (size <= v.codes.length) continue;
      rows ??= new Map();
      const key = dictKey(v);
      const seen = rows.get(key);
      if (seen === undefined) rows.set(key, { size, rows: v.codes.length });
      else seen.rows += v.codes.length;
    }
  }
  if (rows === null) return undefined;
  const keep = new Set<object>();
  for (const [key, r] of rows) if (r.rows >= r.size) keep.add(key);
  return keep.size > 0 ? keep : undefined;
}

/** Schema metadata key holding the real column names when the wire names had to be made unique. */
const NAMES_KEY = 'rondo.names';

/**
 * The Arrow schema written on the wire. Arrow JS keys dictionaries by field name, so a schema
 * with two same-named string columns (a join's output) would lose batches: such names get a
 * unique suffix on the wire and the real names travel in the schema metadata.
 */
function wireSchema(schema: Schema): arrow.Schema {
  const names = schema.map((f) => f.name);
  if (new Set(names).size === names.length) return schemaToArrow(schema);
  const unique = schema.map((f, i) => ({ ...f, name: `${f.name}#${i}` }));
  const as = schemaToArrow(unique);
  return new arrow.Schema(as.fields, new Map([[NAMES_KEY, JSON.stringify(names)]]));
}

/** The rondo schema of a stream, with real names restored (see wireSchema). */
function schemaOfStream(as: arrow.Schema): Schema {
  const s = schemaFromArrow(as);
  const names = as.metadata.get(NAMES_KEY);
  if (names === undefined) return s;
  const real = JSON.parse(names) as string[];
  return s.map((f, i) => ({ ...f, name: real[i] ?? f.name }));
}

function sameSchema(a: Schema, b: Schema): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i]!.name && f.type === b[i]!.type);
}

/**
 * The schema and batches of IPC bytes: one stream, several streams back to back (as shuffle
 * readers concatenate pieces), or zero bytes (no batches, schema `[]`).
 */
export function decodeIpc(bytes: Uint8Array): { schema: Schema; batches: Batch[] };
/**
 * Only the columns at `projection` (in that order) of each batch, which is what a scan of a
 * cached partition needs: the other columns' strings are never decoded.
 */
export function decodeIpc(bytes: Uint8Array, projection: readonly number[] | null): { schema: Schema; batches: Batch[] };
export function decodeIpc(bytes: Uint8Array, projection: readonly number[] | null = null): { schema: Schema; batches: Batch[] } {
  if (bytes.byteLength === 0) return { schema: [], batches: [] };
  let schema: Schema | null = null;
  const batches: Batch[] = [];
  try {
    for (const reader of arrow.RecordBatchReader.readAll(bytes)) {
      const s = schemaOfStream(reader.schema);
      if (schema === null) schema = s;
      else if (!sameSchema(schema, s)) {
        throw new SourceError(`concatenated IPC streams disagree on their schema: (${fmt(schema)}) vs (${fmt(s)})`);
      }
      for (const rb of reader) {
        // The reader yields a placeholder batch for a stream without batches; skip it.
        if (rb.numRows === 0 && rb.constructor.name === '_InternalEmptyPlaceholderRecordBatch') continue;
        batches.push(projection === null ? arrowToBatch(rb, schema) : arrowToBatchColumns(rb, schema, projection));
      }
    }
  } catch (e) {
    if (e instanceof RondoError) throw e;
    throw new SourceError(`cannot decode Arrow IPC data (${bytes.byteLength} bytes): ${(e as Error).message}`, {}, { cause: e });
  }
  const full = schema ?? [];
  return { schema: projection === null || schema === null ? full : projection.map((i) => full[i]!), batches };
}

function fmt(s: Schema): string {
  return s.map((f) => `${f.name}: ${f.type}`).join(', ');
}
