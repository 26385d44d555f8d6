/**
 * `DataFrameWriter`: `ds.write.csv|json|arrow|parquet(path, { mode?, partitionBy? })`, also
 * usable Spark's way (`ds.write.mode('overwrite').partitionBy('day').parquet(path)`).
 */
import { inspect } from 'node:util';
import path from 'node:path';
import { AnalysisError } from '../engine/errors.js';
import { describeValue } from './column.js';
import type { Dataset, Row } from './dataset.js';

/** Save modes: fail when the target holds data (default), replace it, or add files beside it. */
export type SaveMode = 'error' | 'overwrite' | 'append';

/** Options of a write. */
export interface WriteOptions {
  /** What to do when the target exists; default 'error'. Spark's 'errorifexists' is accepted. */
  readonly mode?: SaveMode | 'errorifexists';
  /** Columns whose values become `col=value/` folders (left out of the files). */
  readonly partitionBy?: readonly string[];
}

/** What a write did: the files written (relative to the path) and the rows. */
export interface WriteResult {
  readonly files: string[];
  readonly rows: number;
}

type Format = 'csv' | 'json' | 'arrow' | 'parquet';

/** Writes a Dataset's rows to files; every call is a job. */
export class DataFrameWriter {
  private readonly dataset: Dataset<Row>;
  private readonly saveMode: SaveMode;
  private readonly partitionCols: readonly string[];

  /** Use `ds.write`. */
  constructor(dataset: Dataset<Row>, mode: SaveMode = 'error', partitionBy: readonly string[] = []) {
    this.dataset = dataset;
    this.saveMode = mode;
    this.partitionCols = partitionBy;
  }

  /** What util.inspect shows: the mode and partition columns (not the Dataset's session). */
  [inspect.custom](): string {
    return `DataFrameWriter[mode: ${this.saveMode}${this.partitionCols.length > 0 ? `, partitionBy: ${this.partitionCols.join(', ')}` : ''}]`;
  }

  /** Sets the save mode. @example ds.write.mode('overwrite').csv('/tmp/out') */
  mode(mode: SaveMode | 'errorifexists'): DataFrameWriter {
    return new DataFrameWriter(this.dataset, checkMode(mode), this.partitionCols);
  }

  /** Sets the partition columns. @example ds.write.partitionBy('year', 'month').parquet('/tmp/out') */
  partitionBy(...cols: string[]): DataFrameWriter {
    return new DataFrameWriter(this.dataset, this.saveMode, cols.flat());
  }

  /** CSV with a header line. @example await ds.write.csv('/tmp/out', { mode: 'overwrite' }) */
  csv(target: string, opts?: WriteOptions): Promise<WriteResult> { return this.save('csv', target, opts); }
  /** JSON Lines. @example await ds.write.json('/tmp/out') */
  json(target: string, opts?: WriteOptions): Promise<WriteResult> { return this.save('json', target, opts); }
  /** Arrow IPC files. @example await ds.write.arrow('/tmp/out') */
  arrow(target: string, opts?: WriteOptions): Promise<WriteResult> { return this.save('arrow', target, opts); }
  /** Parquet. @example await ds.write.parquet('/tmp/out', { partitionBy: ['day'] }) */
  parquet(target: string, opts?: WriteOptions): Promise<WriteResult> { return this.save('parquet', target, opts); }

  private async save(format: Format, target: string, opts: WriteOptions = {}): Promise<WriteResult> {
    if (typeof target !== 'string' || target === '') throw new AnalysisError(`write.${format}(): the path must be a non-empty string, got ${describeValue(target)}`);
    const mode = opts.mode === undefined ? this.saveMode : checkMode(opts.mode);
    const partitionBy = opts.partitionBy ?? this.partitionCols;
    await this.dataset._settle(); // a typed map's schema is inferred at the first action
    const columns = this.dataset.columns;
    for (const c of partitionBy) {
      if (!columns.includes(c)) throw new AnalysisError(`write.${format}(): partitionBy column "${c}" does not exist; columns: ${columns.join(', ')}`, { column: c, columns });
    }
    if (partitionBy.length > 0 && partitionBy.length >= columns.length) {
      throw new AnalysisError(`write.${format}(): cannot use every column (${columns.join(', ')}) as a partition column: no data would be left in the files`);
    }
    if (new Set(partitionBy).size !== partitionBy.length) throw new AnalysisError(`write.${format}(): partitionBy names a column twice: ${partitionBy.join(', ')}`);
    const res = await this.dataset.session.driver.write(this.dataset.plan, format, path.resolve(target), { mode, partitionBy });
    return { files: [...res.files], rows: res.rows };
  }
}

function checkMode(mode: unknown): SaveMode {
  if (mode === 'error' || mode === 'errorifexists') return 'error';
  if (mode === 'overwrite' || mode === 'append') return mode;
  throw new AnalysisError(`write: unknown mode ${JSON.stringify(mode)}; the modes are 'error', 'overwrite', 'append'`);
}
