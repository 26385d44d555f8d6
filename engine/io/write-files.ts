/**
 * Writing a task's rows as files: one file, or one per distinct value combination of the
 * partition columns in Hive-style `col=value/` folders (those columns left out of the files).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Batch, Vec } from '../batch.js';
import { AnalysisError, SinkError } from '../errors.js';
import { takeBatch } from '../kernels/index.js';
import type { Schema } from '../types.js';
import { ArrowFileSink } from './arrow-io.js';
import { ParquetFileSink } from './parquet-io.js';
import type { FileFormat } from './splits.js';
import { CsvSink, JsonSink, type FileSink } from './text-sinks.js';
import { DEFAULT_PARTITION } from './partitions.js';
import { formatValue } from './value-text.js';


const EXTENSIONS: Record<FileFormat, string> = { csv: 'csv', json: 'json', arrow: 'arrow', parquet: 'parquet' };

/** Escapes a partition value for a folder name as Spark does (`/` → `%2F`, `:` → `%3A`, …). */
export function escapePartitionValue(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f || '"#%\'*/:=?\\{[]^'.includes(ch)) out += '%' + c.toString(16).toUpperCase().padStart(2, '0');
    else out += ch;
  }
  return out;
}

/**
 * A file being written under a temporary hidden name (`.name.<random>.tmp`, skipped by readers
 * and by commit) and renamed into place when complete, so a retried or duplicate task attempt
 * never leaves a half-written file under the final name.
 */
class StagedFile {
  private constructor(private readonly sink: FileSink, private readonly tmp: string, private readonly path: string) {}

  static async open(format: FileFormat, path: string, schema: Schema): Promise<StagedFile> {
    const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    let sink: FileSink;
    if (format === 'parquet') {
      sink = new ParquetFileSink(tmp, schema);
    } else {
      let fh;
      try {
        fh = await open(tmp, 'wx');
      } catch (e) {
        throw new SinkError(`cannot create ${path}: ${(e as Error).message}`, { path }, { cause: e });
      }
      sink = format === 'csv' ? await CsvSink.create(fh, schema) : format === 'json' ? new JsonSink(fh, schema) : new ArrowFileSink(fh, schema);
    }
    return new StagedFile(sink, tmp, path);
  }

  write(b: Batch): Promise<void> {
    return this.sink.write(b);
  }

  /** Finishes the file and moves it to its final name (replacing an earlier attempt's). */
  async commit(): Promise<void> {
    await this.sink.close();
    await rename(this.tmp, this.path);
  }

  /** Drops the unfinished file. */
  async abort(): Promise<void> {
    await this.sink.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
}

/** Folder segment text per row of a partition column (`col=value`), formatted once per dictionary entry. */
function segments(name: string, v: Vec, n: number): string[] {
  const out = new Array<string>(n);
  const valid = v.valid;
  if (v.kind === 'str') {
    const seg = v.dict.map((s) => `${name}=${s === '' ? DEFAULT_PARTITION : escapePartitionValue(s)}`);
    for (let i = 0; i < n; i++) out[i] = valid !== null && valid[i] === 0 ? `${name}=${DEFAULT_PARTITION}` : seg[v.codes[i]!]!;
    return out;
  }
  for (let i = 0; i < n; i++) {
    out[i] = valid !== null && valid[i] === 0 || v.type === 'null' ? `${name}=${DEFAULT_PARTITION}` : `${name}=${escapePartitionValue(formatValue(v.type, v.values[i]!))}`;
  }
  return out;
}

/**
 * Writes `batches` under `dir` as `${fileStem}.ext`, or with `partitionBy` as
 * `dir/col=value/…/${fileStem}.ext` per value combination. Returns the paths written
 * (relative to dir) and the row count. An empty input writes no file (as Spark, an empty
 * partition leaves none), unless `emptyFile`: then one with only the header or schema (not
 * when partitioned) — the driver asks for that when the whole result is empty.
 */
export async function writeFiles(format: FileFormat, dir: string, fileStem: string, schema: Schema, batches: AsyncIterable<Batch>, partitionBy: readonly string[], emptyFile = false): Promise<{ files: string[]; rows: number }> {
  const ext = EXTENSIONS[format];
  const fileName = `${fileStem}.${ext}`;
  await mkdir(dir, { recursive: true });
  let rows = 0;
  if (partitionBy.length === 0) {
    // Opened at the first row, so an empty partition leaves no file.
    let file: StagedFile | undefined;
    try {
      for await (const b of batches) {
        if (b.length === 0) continue;
        file ??= await StagedFile.open(format, join(dir, fileName), schema);
        await file.write(b);
        rows += b.length;
      }
      if (file === undefined && emptyFile) file = await StagedFile.open(format, join(dir, fileName), schema);
    } catch (e) {
      await file?.abort();
      throw e;
    }
    if (file === undefined) return { files: [], rows };
    await file.commit();
    return { files: [fileName], rows };
  }
  const partIdx = partitionBy.map((p) => {
    const i = schema.findIndex((f) => f.name === p);
    if (i < 0) throw new AnalysisError(`partitionBy column "${p}" does not exist; columns: ${schema.map((f) => f.name).join(', ')}`, { column: p });
    return i;
  });
  const dataIdx = schema.map((_, i) => i).filter((i) => !partIdx.includes(i));
  if (dataIdx.length === 0) throw new AnalysisError(`cannot partition by every column (${partitionBy.join(', ')}): no data columns would be left to write`, {});
  const dataSchema = dataIdx.map((i) => schema[i]!);
  const sinks = new Map<string, StagedFile>();
  const files: string[] = [];
  try {
    for await (const b of batches) {
      if (b.length === 0) continue;
      const segs = partIdx.map((i) => segments(schema[i]!.name, b.columns[i]!, b.length));
      const groups = new Map<string, number[]>();
      for (let r = 0; r < b.length; r++) {
        let key = segs[0]![r]!;
        for (let k = 1; k < segs.length; k++) key += '/' + segs[k]![r]!;
        let g = groups.get(key);
        if (g === undefined) groups.set(key, (g = []));
        g.push(r);
      }
      const data: Batch = { schema: dataSchema, columns: dataIdx.map((i) => b.columns[i]!), length: b.length };
      for (const [key, idx] of groups) {
        let sink = sinks.get(key);
        if (sink === undefined) {
          await mkdir(join(dir, key), { recursive: true });
          sink = await StagedFile.open(format, join(dir, key, fileName), dataSchema);
          sinks.set(key, sink);
          files.push(`${key}/${fileName}`);
        }
        await sink.write(idx.length === b.length ? data : takeBatch(data, Int32Array.from(idx)));
        rows += idx.length;
      }
    }
  } catch (e) {
    for (const s of sinks.values()) await s.abort();
    throw e;
  }
  for (const s of sinks.values()) await s.commit();
  return { files, rows };
}
