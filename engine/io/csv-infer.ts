/**
 * CSV schema: column names from the header (or `_c0, _c1 …`), and with inference the
 * narrowest type that fits every sampled value (see value-text.ts mergeTypes).
 */
import { SourceError } from '../errors.js';
import type { CsvOptions } from '../plan.js';
import { field, type DataType, type Schema } from '../types.js';
import { CsvSource, MORE, PendingLineError, ROW } from './csv-source.js';
import { UNQUOTED } from './csv-tokenizer.js';
import { boolFromBytes, dateFromBytes, floatFromBytes, intFromBytes } from './parse-bytes.js';
import { inferTextType, mergeTypes } from './value-text.js';

/** Default number of records sampled for inference, over all files in order. */
export const DEFAULT_SAMPLE_ROWS = 100_000;

/** Spark's naming of header columns: blank → `_cN`, duplicates get their index appended. */
function headerNames(raw: readonly string[]): string[] {
  const names = raw.map((n, i) => (n.trim() === '' ? `_c${i}` : n));
  const seen = new Map<string, number>();
  for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
  return names.map((n, i) => ((seen.get(n) ?? 0) > 1 ? `${n}${i}` : n));
}

/** The type of an unquoted value in a simple form read from bytes, or null (use inferTextType). */
function fastType(b: Uint8Array, s: number, e: number): DataType | null {
  const i = intFromBytes(b, s, e);
  if (i === i) return i >= -2147483648 && i <= 2147483647 ? 'int32' : 'int64';
  if (!Number.isNaN(floatFromBytes(b, s, e))) return 'float64';
  if (!Number.isNaN(boolFromBytes(b, s, e))) return 'bool';
  if (!Number.isNaN(dateFromBytes(b, s, e))) return 'date';
  return null;
}

/**
 * Infers the schema of CSV files. Names come from the first file; without `inferSchema`
 * (default true) every column is utf8; an all-null column is utf8 (partition folder columns
 * are not included: see partitions.ts). A record with a different
 * number of fields is a DataError with file and line.
 */
export async function inferCsvSchema(paths: readonly string[], options: CsvOptions, opts: { inferSchema?: boolean; sampleRows?: number } = {}): Promise<Schema> {
  if (paths.length === 0) throw new SourceError('no CSV files to read', {});
  const infer = opts.inferSchema ?? true;
  const limit = opts.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  let names: string[] | null = null;
  let types: DataType[] = [];
  let sampled = 0;
  const nullText = options.nullValue;
  for (const path of paths) {
    const src = await CsvSource.open(path, 0, Number.MAX_SAFE_INTEGER, options);
    try {
      if (names === null && src.header !== null) {
        names = headerNames(src.header);
        types = names.map(() => 'null');
      }
      if (!infer && names !== null) break;
      src.keepBlankRows = names !== null && names.length === 1;
      for (;;) {
        if (sampled >= limit) break;
        let st: number;
        try {
          st = src.next();
        } catch (e) {
          if (e instanceof PendingLineError) throw await e.resolve(path, 'malformed CSV row');
          throw e;
        }
        if (st === MORE) { await src.more(); continue; }
        if (st !== ROW) break;
        const tok = src.tok;
        if (names === null) {
          names = Array.from({ length: tok.count }, (_, i) => `_c${i}`);
          types = names.map(() => 'null');
          if (!infer) break;
        }
        if (tok.count !== names.length) {
          throw await new PendingLineError(src.rowOffset, `: expected ${names.length} fields, found ${tok.count}`).resolve(path, 'malformed CSV row');
        }
        sampled++;
        for (let k = 0; k < tok.count; k++) {
          if (types[k] === 'utf8') continue;
          const quoted = tok.flags[k] !== UNQUOTED;
          if (!quoted && tok.starts[k] === tok.ends[k]) continue;
          const fast = quoted ? null : fastType(src.buf, tok.starts[k]!, tok.ends[k]!);
          if (fast !== null) { types[k] = mergeTypes(types[k]!, fast); continue; }
          const text = tok.fieldText(src.buf, k);
          if (!quoted && nullText !== '' && text === nullText) continue;
          types[k] = mergeTypes(types[k]!, quoted && text === '' ? 'utf8' : inferTextType(text));
        }
      }
    } finally {
      await src.close();
    }
    if (sampled >= limit || (!infer && names !== null)) break;
  }
  if (names === null) return [];
  return names.map((n, i) => field(n, !infer || types[i] === 'null' ? 'utf8' : types[i]!));
}
