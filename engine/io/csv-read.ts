/**
 * Reads a CSV split into batches: only the projected columns are converted, but every
 * record's field count is checked. Errors name the file and the exact physical line.
 */
import type { Batch, Vec } from '../batch.js';
import type { CsvOptions } from '../plan.js';
import type { DataType, Schema } from '../types.js';
import { boolFromBytes, dateFromBytes, floatFromBytes, intFromBytes } from './parse-bytes.js';
import { ColumnBuilder } from './column-builder.js';
import { CsvSource, MORE, PendingLineError, ROW } from './csv-source.js';
import { UNQUOTED } from './csv-tokenizer.js';
import { parseText } from './value-text.js';

/** Reads records of `path` whose first byte is in [start, end) as batches of about `batchSize` rows. */
export async function* readCsvRange(
  path: string, start: number, end: number, options: CsvOptions,
  fileSchema: Schema, projection: readonly number[] | null, batchSize: number,
): AsyncGenerator<Batch> {
  const proj = projection ?? fileSchema.map((_, i) => i);
  const outSchema = proj.map((i) => fileSchema[i]!);
  const builders = outSchema.map((f) => new ColumnBuilder(f.type, Math.min(batchSize, 65536)));
  const nullBytes = options.nullValue === '' ? null : Buffer.from(options.nullValue, 'utf8');
  const expected = fileSchema.length;
  const src = await CsvSource.open(path, start, end, options);
  src.keepBlankRows = expected === 1;
  const tok = src.tok;
  let rows = 0;
  try {
    for (;;) {
      let st: number;
      try {
        st = src.next();
      } catch (e) {
        if (e instanceof PendingLineError) throw await e.resolve(path, 'malformed CSV row');
        throw e;
      }
      if (st === MORE) { await src.more(); continue; }
      if (st !== ROW) break;
      if (tok.count !== expected) {
        throw await new PendingLineError(src.rowOffset, `: expected ${expected} fields, found ${tok.count}`).resolve(path, 'malformed CSV row');
      }
      const buf = src.buf;
      for (let k = 0; k < proj.length; k++) {
        const fi = proj[k]!;
        const b = builders[k]!;
        const s = tok.starts[fi]!, e = tok.ends[fi]!;
        if (tok.flags[fi] === UNQUOTED) {
          if (s === e) {
            // An empty unquoted field is null; with another nullValue it is the empty string for utf8.
            if (nullBytes === null || b.type !== 'utf8') { b.appendNull(); continue; }
          } else if (nullBytes !== null && e - s === nullBytes.length && buf.compare(nullBytes, 0, nullBytes.length, s, e) === 0) {
            b.appendNull();
            continue;
          }
        }
        if (b.type === 'utf8') { b.appendString(tok.fieldText(buf, fi)); continue; }
        const fast = fastParse(b.type, buf, s, e);
        if (fast === fast) { b.appendNumber(fast); continue; }
        const text = tok.fieldText(buf, fi);
        const v = b.type === 'null' ? undefined : parseText(b.type, text);
        if (v === undefined) {
          const f = outSchema[k]!;
          throw await new PendingLineError(src.offsetOf(s), `, column "${f.name}" (${f.type}): cannot parse ${JSON.stringify(text)}`, { column: f.name })
            .resolve(path, 'bad CSV value');
        }
        b.appendNumber(v);
      }
      if (++rows === batchSize) {
        yield finishBatch(outSchema, builders, rows);
        rows = 0;
      }
    }
    if (rows > 0) yield finishBatch(outSchema, builders, rows);
  } finally {
    await src.close();
  }
}

/** The byte fast path of a column type (NaN: not in the simple form, use the string parser). */
function fastParse(type: DataType, buf: Uint8Array, s: number, e: number): number {
  switch (type) {
    case 'int32': {
      const v = intFromBytes(buf, s, e);
      return v >= -2147483648 && v <= 2147483647 ? v : NaN;
    }
    case 'int64': return intFromBytes(buf, s, e);
    case 'float64': return floatFromBytes(buf, s, e);
    case 'bool': return boolFromBytes(buf, s, e);
    case 'date': return dateFromBytes(buf, s, e);
    default: return NaN;
  }
}

function finishBatch(schema: Schema, builders: ColumnBuilder[], rows: number): Batch {
  const columns: Vec[] = builders.map((b) => b.finish());
  return { schema, columns, length: rows };
}

