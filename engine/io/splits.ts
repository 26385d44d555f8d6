/**
 * Planning the splits of a file source: byte ranges for the text formats, record-batch
 * groups for Arrow, row-group groups for Parquet.
 */
import { stat } from 'node:fs/promises';
import { SourceError } from '../errors.js';
import type { CsvOptions, SourceSplit } from '../plan.js';
import { arrowSplits } from './arrow-io.js';
import { compressionOf } from './compression.js';
import { parquetSplits } from './parquet-io.js';

/** The file formats rondo reads and writes. */
export type FileFormat = 'csv' | 'json' | 'arrow' | 'parquet';

/** Default CSV options (Spark's): header, comma, double quote, doubled quotes, empty = null. */
export const DEFAULT_CSV_OPTIONS: CsvOptions = { header: true, delimiter: ',', quote: '"', escape: '"', nullValue: '' };

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    throw new SourceError(`file does not exist: ${path}`, { path }, { cause: e });
  }
}

/** Options of planSplits. */
export interface SplitOptions {
  /** A text file larger than this is read by several tasks (not a compressed one). */
  readonly maxSplitBytes: number;
  readonly csv?: CsvOptions;
  /** Per path (same order), the values of its partition folders; see partitions.ts. */
  readonly partitionValues?: readonly (readonly (string | null)[])[];
}

/**
 * The splits of `paths` in order. CSV/JSON: byte ranges of about maxSplitBytes (a smaller file
 * is one split; records are assumed not to span a boundary, as Spark assumes by default); a
 * compressed file is one split, since gzip cannot be read from the middle.
 */
export async function planSplits(format: FileFormat, paths: readonly string[], opts: SplitOptions): Promise<SourceSplit[]> {
  const max = Math.max(1, Math.floor(opts.maxSplitBytes));
  const out: SourceSplit[] = [];
  for (let f = 0; f < paths.length; f++) {
    const path = paths[f]!;
    const values = opts.partitionValues?.[f];
    const first = out.length;
    const size = await sizeOf(path);
    if (format === 'arrow') out.push(...(await arrowSplits(path, size, max)));
    else if (format === 'parquet') out.push(...(await parquetSplits(path, max)));
    else {
      const compressed = compressionOf(path) !== null;
      const n = compressed ? 1 : Math.max(1, Math.ceil(size / max));
      for (let i = 0; i < n; i++) {
        const start = i * max, end = i === n - 1 ? (compressed ? Number.MAX_SAFE_INTEGER : size) : (i + 1) * max;
        out.push(format === 'csv'
          ? { kind: 'csv', path, start, end, options: opts.csv ?? DEFAULT_CSV_OPTIONS }
          : { kind: 'json', path, start, end });
      }
    }
    if (values !== undefined && values.length > 0) for (let i = first; i < out.length; i++) out[i] = { ...out[i]!, partitionValues: values } as SourceSplit;
  }
  return out;
}
