/**
 * Arrow IPC files (file format, or a stream in a file): schema, splits by record batch,
 * reading a range of record batches, and writing a file. Files are read through a file
 * handle (footer, then one record batch at a time), never whole.
 */
import * as arrow from 'apache-arrow';
import type { FileHandle } from 'node:fs/promises';
import { arrowToBatch, batchToArrow, schemaFromArrow, schemaToArrow } from '../arrow/index.js';
import { sliceBatch } from '../kernels/index.js';
import type { Batch } from '../batch.js';
import { SourceError } from '../errors.js';
import type { SourceSplit } from '../plan.js';
import type { Schema } from '../types.js';
import { openForRead } from './file-access.js';
import { projectBatch } from './project.js';

/** batchEnd of a split that reads a stream-format file to its end. */
export const ALL_BATCHES = Number.MAX_SAFE_INTEGER;

type AnyReader = arrow.AsyncRecordBatchFileReader | arrow.AsyncRecordBatchStreamReader;

async function openReader(path: string): Promise<{ fh: FileHandle; reader: AnyReader }> {
  const fh = await openForRead(path);
  try {
    const reader = (await arrow.RecordBatchReader.from(fh)) as AnyReader;
    await reader.open();
    return { fh, reader };
  } catch (e) {
    await fh.close().catch(() => undefined);
    if (e instanceof SourceError) throw e;
    throw new SourceError(`not an Arrow IPC file: ${path} (${(e as Error).message})`, { path }, { cause: e });
  }
}

/** The rondo schema of an Arrow IPC file (unsupported Arrow types are a SourceError naming the field). */
export async function readArrowSchema(path: string): Promise<Schema> {
  const { fh, reader } = await openReader(path);
  try {
    return schemaFromArrow(reader.schema);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Splits of an Arrow file: groups of record batches of about maxSplitBytes (a stream file is one split). */
export async function arrowSplits(path: string, size: number, maxSplitBytes: number): Promise<SourceSplit[]> {
  const { fh, reader } = await openReader(path);
  try {
    if (!reader.isFile()) return [{ kind: 'arrow', path, batchStart: 0, batchEnd: ALL_BATCHES }];
    const n = reader.numRecordBatches;
    if (n === 0) return [{ kind: 'arrow', path, batchStart: 0, batchEnd: 0 }];
    const per = Math.max(1, Math.floor(maxSplitBytes / Math.max(1, size / n)));
    const out: SourceSplit[] = [];
    for (let b = 0; b < n; b += per) out.push({ kind: 'arrow', path, batchStart: b, batchEnd: Math.min(n, b + per) });
    return out;
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Reads record batches [batchStart, batchEnd) of an Arrow file as batches of at most batchSize rows. */
export async function* readArrowRange(path: string, batchStart: number, batchEnd: number, fileSchema: Schema, projection: readonly number[] | null, batchSize: number): AsyncGenerator<Batch> {
  const { fh, reader } = await openReader(path);
  try {
    const cut = function* (b: Batch): Generator<Batch> {
      const p = projectBatch(b, projection);
      if (p.length <= batchSize) { yield p; return; }
      for (let s = 0; s < p.length; s += batchSize) yield sliceBatch(p, s, Math.min(p.length, s + batchSize));
    };
    if (reader.isFile()) {
      const end = Math.min(batchEnd, reader.numRecordBatches);
      for (let i = batchStart; i < end; i++) {
        const rb = await reader.readRecordBatch(i);
        if (rb) yield* cut(arrowToBatch(rb, fileSchema));
      }
    } else {
      let i = 0;
      for await (const rb of reader) {
        if (i >= batchEnd) break;
        if (i++ >= batchStart) yield* cut(arrowToBatch(rb, fileSchema));
      }
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** A streaming Arrow IPC file writer (utf8 written as plain Utf8: the file format cannot replace dictionaries). */
export class ArrowFileSink {
  private readonly writer = new arrow.RecordBatchFileWriter();
  private readonly arrowSchema: arrow.Schema;
  private readonly pump: Promise<void>;

  constructor(private readonly fh: FileHandle, schema: Schema) {
    this.arrowSchema = schemaToArrow(schema, { utf8: 'plain' });
    this.writer.reset(undefined, this.arrowSchema);
    const w = this.writer;
    this.pump = (async () => {
      for await (const chunk of w) await fh.write(chunk);
    })();
  }

  /** Appends one batch. */
  async write(b: Batch): Promise<void> {
    if (b.length === 0) return;
    this.writer.write(batchToArrow(b, this.arrowSchema, { utf8: 'plain' }));
  }

  /** Writes the footer and closes the file. */
  async close(): Promise<void> {
    this.writer.close();
    await this.pump;
    await this.fh.close();
  }
}
