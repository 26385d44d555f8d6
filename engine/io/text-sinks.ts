/**
 * Streaming writers for the text formats: CSV (header, quoting only where needed, null as an
 * empty field and the empty string as `""`) and JSON Lines (one object per row, keys in schema
 * order, null written out; NaN and ±Infinity as strings, dates and timestamps as ISO text).
 */
import type { FileHandle } from 'node:fs/promises';
import type { Batch, Vec } from '../batch.js';
import type { Schema } from '../types.js';
import { formatValue } from './value-text.js';
import { int64Text, int64Words } from '../kernels/int64.js';

/** What writeFiles writes batches into. */
export interface FileSink {
  write(b: Batch): Promise<void>;
  close(): Promise<void>;
}

const NEEDS_QUOTES = /[",\n\r]/;

/** A CSV field: quoted (with doubled quotes) when it holds a comma, quote or line break; `""` for the empty string. */
export function csvField(s: string): string {
  if (s === '') return '""';
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Per-row text of column `v` at row i, or null; string dictionaries are formatted once per entry. */
function columnFormatter(v: Vec, fmtString: (s: string) => string, fmtOther: (type: Vec['type'], x: number) => string): (i: number) => string | null {
  const valid = v.valid;
  if (v.kind === 'str') {
    const texts = v.dict.map(fmtString);
    const codes = v.codes;
    return (i) => (valid !== null && valid[i] === 0 ? null : texts[codes[i]!]!);
  }
  if (v.type === 'int64') {
    // Exact digits: a number within ±2^53, the bigint beyond.
    const vals = v.values, w = int64Words(vals);
    return (i) => (valid !== null && valid[i] === 0 ? null : int64Text(vals, w, i));
  }
  const vals = v.values, t = v.type;
  if (t === 'null') return () => null;
  return (i) => (valid !== null && valid[i] === 0 ? null : fmtOther(t, vals[i]!));
}

/** A CSV file with a header line. */
export class CsvSink implements FileSink {
  private constructor(private readonly fh: FileHandle) {}

  /** Opens a sink and writes the header. */
  static async create(fh: FileHandle, schema: Schema): Promise<CsvSink> {
    await fh.write(schema.map((f) => csvField(f.name)).join(',') + '\n');
    return new CsvSink(fh);
  }

  async write(b: Batch): Promise<void> {
    const fmts = b.columns.map((v) => columnFormatter(v, csvField, (t, x) => csvField(formatValue(t, x))));
    const lines: string[] = new Array(b.length);
    for (let i = 0; i < b.length; i++) {
      let line = '';
      for (let c = 0; c < fmts.length; c++) {
        if (c > 0) line += ',';
        line += fmts[c]!(i) ?? '';
      }
      lines[i] = line;
    }
    if (lines.length > 0) await this.fh.write(lines.join('\n') + '\n');
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

function jsonNumber(t: Vec['type'], x: number): string {
  switch (t) {
    case 'bool': return x !== 0 ? 'true' : 'false';
    case 'date': case 'timestamp': return JSON.stringify(formatValue(t, x));
    default: return Number.isFinite(x) ? String(x) : JSON.stringify(String(x));
  }
}

/** A JSON Lines file. */
export class JsonSink implements FileSink {
  private readonly keys: string[];

  constructor(private readonly fh: FileHandle, schema: Schema) {
    this.keys = schema.map((f) => JSON.stringify(f.name) + ':');
  }

  async write(b: Batch): Promise<void> {
    const fmts = b.columns.map((v) => columnFormatter(v, (s) => JSON.stringify(s), jsonNumber));
    const lines: string[] = new Array(b.length);
    for (let i = 0; i < b.length; i++) {
      let line = '{';
      for (let c = 0; c < fmts.length; c++) {
        if (c > 0) line += ',';
        line += this.keys[c]! + (fmts[c]!(i) ?? 'null');
      }
      lines[i] = line + '}';
    }
    if (lines.length > 0) await this.fh.write(lines.join('\n') + '\n');
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
