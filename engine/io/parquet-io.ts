/**
 * Parquet through hyparquet (read) and hyparquet-writer (write): schema mapping, splits by
 * row group, reading a range of row groups column by column, and a streaming file writer.
 */
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type ColumnData, type FileMetaData, type SchemaElement } from 'hyparquet';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import type { FileHandle } from 'node:fs/promises';
import type { Batch, Vec } from '../batch.js';
import { DataError, SourceError } from '../errors.js';
import type { SourceSplit } from '../plan.js';
import { field, type DataType, type Schema } from '../types.js';
import { ColumnBuilder } from './column-builder.js';
import { openForRead } from './file-access.js';
import { withCodes } from '../kernels/utf8.js';

/** An AsyncBuffer over an open file handle: hyparquet reads the footer and column chunks through it. */
async function fileBuffer(fh: FileHandle): Promise<AsyncBuffer> {
  const { size } = await fh.stat();
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const e = end ?? size;
      const buf = new Uint8Array(Math.max(0, e - start));
      let off = 0;
      while (off < buf.length) {
        const { bytesRead } = await fh.read(buf, off, buf.length - off, start + off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      return buf.buffer;
    },
  };
}

async function openParquet(path: string): Promise<{ fh: FileHandle; file: AsyncBuffer; meta: FileMetaData }> {
  const fh = await openForRead(path);
  try {
    const file = await fileBuffer(fh);
    const meta = await parquetMetadataAsync(file);
    return { fh, file, meta };
  } catch (e) {
    await fh.close().catch(() => undefined);
    throw new SourceError(`not a Parquet file: ${path} (${(e as Error).message})`, { path }, { cause: e });
  }
}

/** The rondo type of a top-level Parquet column, or a SourceError naming it. */
function typeOfElement(el: SchemaElement, path: string): DataType {
  const ct = el.converted_type, lt = el.logical_type;
  if (el.num_children !== undefined && el.num_children > 0) {
    throw new SourceError(`Parquet column "${el.name}" in ${path} is nested (${ct ?? lt?.type ?? 'group'}); rondo reads flat columns only`, { path, column: el.name });
  }
  if (ct === 'DECIMAL' || lt?.type === 'DECIMAL' || lt?.type === 'FLOAT16') return 'float64';
  switch (el.type) {
    case 'BOOLEAN': return 'bool';
    case 'INT32':
      if (ct === 'DATE' || lt?.type === 'DATE') return 'date';
      if (ct === 'UINT_32' || (lt?.type === 'INTEGER' && !lt.isSigned && lt.bitWidth === 32)) return 'int64';
      return 'int32';
    case 'INT64':
      if (ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS' || lt?.type === 'TIMESTAMP') return 'timestamp';
      return 'int64';
    case 'INT96': return 'timestamp';
    case 'FLOAT': case 'DOUBLE': return 'float64';
    case 'BYTE_ARRAY': return 'utf8';
    case 'FIXED_LEN_BYTE_ARRAY':
      if (lt?.type === 'UUID') return 'utf8';
      break;
    default: break;
  }
  throw new SourceError(`Parquet column "${el.name}" in ${path} has an unsupported type ${el.type ?? '?'}${ct ? ` (${ct})` : ''}`, { path, column: el.name });
}

function schemaOfMeta(meta: FileMetaData, path: string): Schema {
  const els = meta.schema;
  const root = els[0]!;
  const out = [];
  // Walk the flattened schema tree: top-level children of the root, skipping nested subtrees.
  let i = 1;
  for (let c = 0; c < (root.num_children ?? 0); c++) {
    const el = els[i]!;
    out.push(field(el.name, typeOfElement(el, path), el.repetition_type !== 'REQUIRED'));
    i++;
  }
  return out;
}

/** The rondo schema of a Parquet file. */
export async function readParquetSchema(path: string): Promise<Schema> {
  const { fh, meta } = await openParquet(path);
  try {
    return schemaOfMeta(meta, path);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Splits of a Parquet file: consecutive row groups grouped to about maxSplitBytes. */
export async function parquetSplits(path: string, maxSplitBytes: number): Promise<SourceSplit[]> {
  const { fh, meta } = await openParquet(path);
  try {
    const groups = meta.row_groups;
    if (groups.length === 0) return [{ kind: 'parquet', path, rowGroupStart: 0, rowGroupEnd: 0 }];
    const out: SourceSplit[] = [];
    let start = 0, bytes = 0;
    for (let g = 0; g < groups.length; g++) {
      const rg = groups[g]!;
      bytes += Number(rg.total_compressed_size ?? rg.total_byte_size);
      if (bytes >= maxSplitBytes || g === groups.length - 1) {
        out.push({ kind: 'parquet', path, rowGroupStart: start, rowGroupEnd: g + 1 });
        start = g + 1;
        bytes = 0;
      }
    }
    return out;
  } finally {
    await fh.close().catch(() => undefined);
  }
}

const parsers = {
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Math.floor(Number(v) / 1000),
  timestampFromNanoseconds: (v: bigint) => Math.floor(Number(v) / 1e6),
  dateFromDays: (d: number) => d,
};

/** Appends decoded Parquet values to a builder (int64 exactly; a timestamp beyond ±2^53 ms is a DataError naming the column). */
function appendValues(b: ColumnBuilder, data: ArrayLike<unknown>, from: number, to: number, column: string, path: string): void {
  for (let i = from; i < to; i++) {
    const v = data[i];
    if (v === null || v === undefined) { b.appendNull(); continue; }
    switch (b.type) {
      case 'utf8': b.appendString(typeof v === 'string' ? v : String(v)); break;
      case 'bool': b.appendNumber(v ? 1 : 0); break;
      case 'int64': b.appendNumber(typeof v === 'bigint' ? v : Number(v)); break;
      default: {
        const x = typeof v === 'bigint' ? Number(v) : (v as number);
        if (typeof v === 'bigint' && !Number.isSafeInteger(x)) {
          throw new DataError(`Parquet column "${column}" in ${path} holds ${v}, beyond the ±2^53 range of ${b.type} values`, { path, column });
        }
        b.appendNumber(v instanceof Date ? v.getTime() : x);
      }
    }
  }
}

/** Reads row groups [rowGroupStart, rowGroupEnd) of a Parquet file as batches of at most batchSize rows. */
export async function* readParquetRange(path: string, rowGroupStart: number, rowGroupEnd: number, fileSchema: Schema, projection: readonly number[] | null, batchSize: number): AsyncGenerator<Batch> {
  const { fh, file, meta } = await openParquet(path);
  try {
    const proj = projection ?? fileSchema.map((_, i) => i);
    const outSchema = proj.map((i) => fileSchema[i]!);
    const names = outSchema.map((f) => f.name);
    let rowStart = 0;
    for (let g = 0; g < rowGroupStart; g++) rowStart += Number(meta.row_groups[g]!.num_rows);
    for (let g = rowGroupStart; g < Math.min(rowGroupEnd, meta.row_groups.length); g++) {
      const n = Number(meta.row_groups[g]!.num_rows);
      const rowEnd = rowStart + n;
      const chunks = new Map<string, ColumnData[]>();
      if (names.length > 0) {
        try {
          await parquetRead({
            file, metadata: meta, columns: names, rowStart, rowEnd, parsers,
            onChunk: (c: ColumnData) => {
              const list = chunks.get(c.columnName) ?? [];
              list.push(c);
              chunks.set(c.columnName, list);
            },
          });
        } catch (e) {
          throw new SourceError(`cannot read Parquet row group ${g} of ${path}: ${(e as Error).message}`, { path }, { cause: e });
        }
      }
      const cols: Vec[] = outSchema.map((f) => {
        const b = new ColumnBuilder(f.type, Math.max(1, n));
        const list = (chunks.get(f.name) ?? []).sort((a, c) => a.rowStart - c.rowStart);
        let next = rowStart;
        for (const c of list) {
          const from = Math.max(next, c.rowStart), to = Math.min(rowEnd, c.rowEnd);
          if (to <= from) continue;
          appendValues(b, c.columnData as ArrayLike<unknown>, from - c.rowStart, to - c.rowStart, f.name, path);
          next = to;
        }
        if (next !== rowEnd) throw new SourceError(`Parquet column "${f.name}" in ${path} row group ${g}: expected ${n} values, read ${next - rowStart}`, { path, column: f.name });
        return b.finish();
      });
      const whole: Batch = { schema: outSchema, columns: cols, length: n };
      for (let s = 0; s < n; s += batchSize) {
        const e = Math.min(n, s + batchSize);
        yield s === 0 && e === n ? whole : sliceRows(whole, s, e);
      }
      rowStart = rowEnd;
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function sliceRows(b: Batch, s: number, e: number): Batch {
  const columns = b.columns.map((v): Vec => (v.kind === 'str'
    ? withCodes(v, v.codes.subarray(s, e), v.valid && v.valid.subarray(s, e))
    : { ...v, values: v.values.subarray(s, e), valid: v.valid && v.valid.subarray(s, e) } as Vec));
  return { schema: b.schema, columns, length: e - s };
}

/** Parquet schema element of a rondo type (every column OPTIONAL). */
function elementFor(name: string, type: DataType): SchemaElement {
  const base = { name, repetition_type: 'OPTIONAL' as const };
  switch (type) {
    case 'bool': return { ...base, type: 'BOOLEAN' };
    case 'int32': return { ...base, type: 'INT32' };
    case 'int64': return { ...base, type: 'INT64' };
    case 'float64': return { ...base, type: 'DOUBLE' };
    case 'date': return { ...base, type: 'INT32', converted_type: 'DATE' };
    case 'timestamp': return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' };
    default: return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

/**
 * The column `c` of several batches as one value array for hyparquet-writer: a typed array
 * for int32/float64 without nulls, else a plain array with null for nulls and int64 as bigint.
 */
function columnData(type: DataType, vecs: readonly Vec[], total: number): unknown[] | Int32Array | Float64Array {
  if ((type === 'int32' || type === 'float64') && vecs.every((v) => v.valid === null)) {
    const out = type === 'int32' ? new Int32Array(total) : new Float64Array(total);
    let at = 0;
    for (const v of vecs) {
      const vals = (v as { values: Int32Array | Float64Array }).values;
      out.set(vals, at);
      at += vals.length;
    }
    return out;
  }
  const out = new Array<unknown>(total);
  let at = 0;
  for (const v of vecs) {
    const valid = v.valid;
    if (v.kind === 'str') {
      const dict = v.dict, codes = v.codes;
      for (let i = 0; i < codes.length; i++) out[at++] = valid !== null && valid[i] === 0 ? null : dict[codes[i]!]!;
      continue;
    }
    const vals = v.values;
    for (let i = 0; i < vals.length; i++, at++) {
      if (valid !== null && valid[i] === 0) { out[at] = null; continue; }
      const x = vals[i]!;
      out[at] = type === 'bool' ? x !== 0 : type === 'int64' ? BigInt(x) : type === 'null' ? null : x;
    }
  }
  return out;
}

/** Rows per row group written. */
const ROW_GROUP_ROWS = 100_000;

/** A Parquet file writer: batches are gathered into row groups of about 100k rows. */
export class ParquetFileSink {
  private readonly writer: ParquetWriter;
  private pending: Batch[] = [];
  private pendingRows = 0;

  constructor(filename: string, private readonly schema: Schema) {
    const els: SchemaElement[] = [{ name: 'root', num_children: schema.length }, ...schema.map((f) => elementFor(f.name, f.type))];
    this.writer = new ParquetWriter({ writer: fileWriter(filename), schema: els as never, createdBy: 'rondo' });
  }

  /** Appends one batch. */
  async write(b: Batch): Promise<void> {
    if (b.length === 0) return;
    this.pending.push(b);
    this.pendingRows += b.length;
    if (this.pendingRows >= ROW_GROUP_ROWS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingRows === 0) return;
    const data = this.schema.map((f, c) => ({ name: f.name, data: columnData(f.type, this.pending.map((b) => b.columns[c]!), this.pendingRows) }));
    await this.writer.write({ columnData: data as never, rowGroupSize: this.pendingRows });
    this.pending = [];
    this.pendingRows = 0;
  }

  /** Writes the last row group and the footer. */
  async close(): Promise<void> {
    await this.flush();
    await this.writer.finish();
  }
}
