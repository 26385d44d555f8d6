/**
 * The in-memory form of a generated table, and its writers: an Arrow IPC file (strings
 * dictionary-encoded where they repeat, as a data frame's factors are), a CSV file and a
 * Parquet file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Vec } from '../../engine/batch.js';
import type { Schema } from '../../engine/types.js';
import { ParquetFileSink } from '../../engine/io/parquet-io.js';

/** One column of a generated table. */
export type GenColumn =
  | { readonly name: string; readonly kind: 'int32'; readonly values: Int32Array }
  | { readonly name: string; readonly kind: 'float64'; readonly values: Float64Array }
  /** Strings as codes into a dictionary. */
  | { readonly name: string; readonly kind: 'dict'; readonly codes: Int32Array; readonly dictionary: readonly string[] }
  /** Strings made from an int column: prefix + value (written as plain utf8). */
  | { readonly name: string; readonly kind: 'prefixed'; readonly prefix: string; readonly values: Int32Array };

/** A generated table: equal-length columns. */
export interface GenTable {
  readonly rows: number;
  readonly columns: readonly GenColumn[];
}

/** Rows per Arrow record batch in the written files. */
export const FILE_BATCH_ROWS = 1 << 16;

/** Writes the table as an Arrow IPC file. */
export async function writeArrowFile(table: GenTable, file: string): Promise<void> {
  const arrow = await import('apache-arrow');
  const batches = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const dictVectors = new Map<string, any>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const dictTypes = new Map<string, any>();
  for (const c of table.columns) {
    if (c.kind !== 'dict') continue;
    dictVectors.set(c.name, arrow.vectorFromArray(c.dictionary as string[], new arrow.Utf8()));
    // One type (one dictionary id) per column, shared by every batch.
    dictTypes.set(c.name, new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));
  }
  for (let at = 0; at < table.rows || (at === 0 && table.rows === 0); at += FILE_BATCH_ROWS) {
    const end = Math.min(table.rows, at + FILE_BATCH_ROWS);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const cols: Record<string, any> = {};
    for (const c of table.columns) {
      if (c.kind === 'int32' || c.kind === 'float64') cols[c.name] = arrow.makeVector(c.values.subarray(at, end));
      else if (c.kind === 'dict') {
        const type = dictTypes.get(c.name);
        cols[c.name] = arrow.makeVector(arrow.makeData({ type, length: end - at, data: c.codes.subarray(at, end), dictionary: dictVectors.get(c.name)! }));
      } else {
        const strs = new Array<string>(end - at);
        for (let i = at; i < end; i++) strs[i - at] = c.prefix + c.values[i];
        cols[c.name] = arrow.vectorFromArray(strs, new arrow.Utf8());
      }
    }
    batches.push(...new arrow.Table(cols).batches);
    if (table.rows === 0) break;
  }
  await writeFile(file, arrow.tableToIPC(new arrow.Table(batches), 'file'));
}

/** Writes the table as CSV with a header line. */
export function writeCsvFile(table: GenTable, file: string): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, table.columns.map((c) => c.name).join(',') + '\n');
    const chunk = 1 << 15;
    for (let at = 0; at < table.rows; at += chunk) {
      const end = Math.min(table.rows, at + chunk);
      const lines = new Array<string>(end - at);
      for (let i = at; i < end; i++) {
        let line = '';
        for (let j = 0; j < table.columns.length; j++) {
          const c = table.columns[j]!;
          const cell = c.kind === 'dict' ? c.dictionary[c.codes[i]!]! : c.kind === 'prefixed' ? c.prefix + c.values[i] : String(c.values[i]);
          line = j === 0 ? cell : line + ',' + cell;
        }
        lines[i - at] = line;
      }
      writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes the table as one Parquet file (Snappy, row groups of 100k rows) with rondo's own Parquet sink. */
export async function writeParquetFile(table: GenTable, file: string): Promise<void> {
  const schema: Schema = table.columns.map((c) => ({ name: c.name, type: c.kind === 'int32' ? 'int32' : c.kind === 'float64' ? 'float64' : 'utf8', nullable: false }));
  const sink = new ParquetFileSink(file, schema);
  for (let at = 0; at < table.rows; at += FILE_BATCH_ROWS) {
    const end = Math.min(table.rows, at + FILE_BATCH_ROWS);
    const columns = table.columns.map((c): Vec => {
      if (c.kind === 'int32') return { kind: 'num', type: 'int32', values: c.values.subarray(at, end), valid: null };
      if (c.kind === 'float64') return { kind: 'num', type: 'float64', values: c.values.subarray(at, end), valid: null };
      if (c.kind === 'dict') return { kind: 'str', type: 'utf8', dict: c.dictionary, codes: c.codes.subarray(at, end), valid: null };
      const dict = Array.from(c.values.subarray(at, end), (v) => c.prefix + v);
      return { kind: 'str', type: 'utf8', dict, codes: Int32Array.from(dict, (_, i) => i), valid: null };
    });
    await sink.write({ schema, columns, length: end - at });
  }
  await sink.close();
}

/** The formats a generator can write. */
export type DataFormat = 'arrow' | 'csv' | 'parquet';

/** Writes `table` as `base`.arrow / `base`.csv / `base`.parquet for each format asked. */
export async function writeTable(table: GenTable, base: string, formats: readonly DataFormat[]): Promise<void> {
  if (formats.includes('arrow')) await writeArrowFile(table, `${base}.arrow`);
  if (formats.includes('csv')) writeCsvFile(table, `${base}.csv`);
  if (formats.includes('parquet')) await writeParquetFile(table, `${base}.parquet`);
}

/** Parses a row count such as `1e7` or `100000`. */
export function parseRows(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--rows must be a positive integer, got ${JSON.stringify(s)}`);
  return n;
}

/** The label of a row count in file names: 1e7, 1e5, or the plain number. */
export function rowsLabel(n: number): string {
  const e = Math.log10(n);
  return Number.isInteger(e) ? `1e${e}` : String(n);
}
