/**
 * JSON Lines split → batches, and JSON Lines schema inference.
 */
import type { Batch } from '../batch.js';
import { DataError, SourceError } from '../errors.js';
import { field, type DataType, type Schema } from '../types.js';
import { ColumnBuilder } from './column-builder.js';
import { stringifyJsonExact } from './json-big-ints.js';
import { lineAt } from './file-access.js';
import { jsonObjects } from './json-lines.js';
import { DEFAULT_SAMPLE_ROWS } from './csv-infer.js';
import { mergeTypes, parseDate, parseFloat64, parseTimestamp } from './value-text.js';

/** The stored value of a JSON value for a column type, or undefined when it does not fit. */
function jsonValue(type: DataType, v: unknown): number | bigint | undefined {
  switch (type) {
    case 'int32':
      return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : undefined;
    case 'int64':
      // Integers past ±2^53 arrive as bigints (json-big-ints.ts).
      return typeof v === 'number' && Number.isSafeInteger(v) ? v : typeof v === 'bigint' && BigInt.asIntN(64, v) === v ? v : undefined;
    case 'float64':
      // NaN and ±Infinity have no JSON number: the writer spells them as strings.
      return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? parseFloat64(v) : undefined;
    case 'bool':
      return typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
    case 'date':
      return typeof v === 'string' ? parseDate(v) : undefined;
    case 'timestamp':
      return typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' ? parseTimestamp(v) : undefined;
    default:
      return undefined;
  }
}

/** Reads JSON Lines records whose line starts in [start, end) as batches of about `batchSize` rows. */
export async function* readJsonRange(path: string, start: number, end: number, fileSchema: Schema, projection: readonly number[] | null, batchSize: number): AsyncGenerator<Batch> {
  const proj = projection ?? fileSchema.map((_, i) => i);
  const outSchema = proj.map((i) => fileSchema[i]!);
  const builders = outSchema.map((f) => new ColumnBuilder(f.type, Math.min(batchSize, 65536)));
  let rows = 0;
  for await (const { objs, offsets } of jsonObjects(path, start, end)) {
    for (let r = 0; r < objs.length; r++) {
      const obj = objs[r]!;
      for (let k = 0; k < outSchema.length; k++) {
        const f = outSchema[k]!;
        const b = builders[k]!;
        const v = obj[f.name];
        if (v === null || v === undefined) { b.appendNull(); continue; }
        if (f.type === 'utf8') { b.appendString(typeof v === 'string' ? v : stringifyJsonExact(v)); continue; }
        const x = jsonValue(f.type, v);
        if (x === undefined) {
          const line = await lineAt(path, offsets[r]!);
          throw new DataError(`bad JSON value in ${path} line ${line}, field "${f.name}" (${f.type}): cannot convert ${stringifyJsonExact(v)}`, { path, line, column: f.name });
        }
        b.appendNumber(x);
      }
      if (++rows === batchSize) {
        yield { schema: outSchema, columns: builders.map((b) => b.finish()), length: rows };
        rows = 0;
      }
    }
  }
  if (rows > 0) yield { schema: outSchema, columns: builders.map((b) => b.finish()), length: rows };
}

/** The narrowest type of one JSON value (strings that are ISO dates or timestamps count as such). */
function jsonType(v: unknown): DataType {
  switch (typeof v) {
    case 'number':
      if (Number.isInteger(v)) return v >= -2147483648 && v <= 2147483647 ? 'int32' : Number.isSafeInteger(v) ? 'int64' : 'float64';
      return 'float64';
    case 'bigint':
      // Past ±2^53 (parsed exactly): int64 while it fits, else a double, as Spark's LongType/DoubleType.
      return BigInt.asIntN(64, v) === v ? 'int64' : 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return 'float64';
      if (parseDate(v) !== undefined) return 'date';
      if (parseTimestamp(v) !== undefined) return 'timestamp';
      return 'utf8';
    default:
      return 'utf8';
  }
}

/**
 * Infers the schema of JSON Lines files: fields in order of first appearance, each the
 * narrowest type fitting every sampled value (mixed kinds → utf8; all null → utf8); partition
 * folder columns are not included (see partitions.ts).
 */
export async function inferJsonSchema(paths: readonly string[], opts: { sampleRows?: number } = {}): Promise<Schema> {
  if (paths.length === 0) throw new SourceError('no JSON files to read', {});
  const limit = opts.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  const types = new Map<string, DataType>();
  let sampled = 0;
  outer: for (const path of paths) {
    for await (const { objs } of jsonObjects(path, 0, Number.MAX_SAFE_INTEGER)) {
      for (const obj of objs) {
        for (const [k, v] of Object.entries(obj)) {
          const t = v === null || v === undefined ? 'null' : jsonType(v);
          const cur = types.get(k);
          types.set(k, cur === undefined ? t : mergeTypes(cur, t));
        }
        if (++sampled >= limit) break outer;
      }
    }
  }
  return [...types].map(([name, t]) => field(name, t === 'null' ? 'utf8' : t));
}
