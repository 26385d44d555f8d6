/**
 * `DataFrameReader` (`session.read`): file sources. Each call resolves its paths and reads or
 * infers the schema right away, so a missing file or a bad header fails at the call; the rows
 * are read by the tasks of the jobs that use the Dataset.
 */
import { inspect } from 'node:util';
import { AnalysisError, SourceError } from '../engine/errors.js';
import type { CsvOptions } from '../engine/plan.js';
import type { Schema } from '../engine/types.js';
import { excludePartitionColumns, type PartitionedFiles } from '../engine/io/partitions.js';
import type { FileSourceBase, ScanSource } from '../planner/logical.js';
import { describeValue } from './column.js';
import type { SessionContext } from './context.js';
import { Dataset, type Row } from './dataset.js';
import { normalizeSchema, type SchemaInput } from './schema-input.js';
import { syncIo } from './sync-io.js';

/** Options of every file reader. */
export interface FileReadOptions {
  /**
   * The folder that partition folders (`col=value/`) are counted from (Spark's `basePath`).
   * By default only folders below the directory given (or a glob's match) count, so reading
   * `/data/day=mon` alone has no `day` column; with `basePath: '/data'` it has.
   */
  readonly basePath?: string;
}

/** Options of `read.csv`. */
export interface CsvReadOptions extends FileReadOptions {
  /** The first line holds the column names (default true). */
  readonly header?: boolean;
  /** Field separator, one character (default ','). `sep` is Spark's name for it. */
  readonly delimiter?: string;
  /** Same as `delimiter`. */
  readonly sep?: string;
  /** Quote character (default '"'). */
  readonly quote?: string;
  /** Escapes a quote inside a quoted field; '"' (default) means doubled quotes. */
  readonly escape?: string;
  /** The columns and types; skips inference. `[{ name, type }]` or `{ name: type }`. */
  readonly schema?: SchemaInput;
  /** Infer column types from the data (default true); false reads every column as utf8. */
  readonly inferSchema?: boolean;
  /** Text that means null (an empty unquoted field is null as well). Default ''. */
  readonly nullValue?: string;
}

/** Options of `read.json`. */
export interface JsonReadOptions extends FileReadOptions {
  /** The columns and types; skips inference. */
  readonly schema?: SchemaInput;
}

/** Reads files into Datasets. */
export class DataFrameReader {
  private readonly session: SessionContext;

  /** Use `session.read`. */
  constructor(session: SessionContext) {
    this.session = session;
  }

  /** What util.inspect shows: what it reads (not the session). */
  [inspect.custom](): string {
    return 'DataFrameReader[csv, json, arrow, parquet]';
  }

  /**
   * CSV files: one path, a glob, a directory or an array of them; `.gz` files are
   * decompressed. Partition folders (`col=value/`) below a directory read become columns after
   * the file's own columns (see FileReadOptions.basePath).
   * @example const ds = session.read.csv('data/*.csv', { delimiter: ';' })
   */
  csv(paths: string | readonly string[], opts: CsvReadOptions = {}): Dataset<Row> {
    const options: CsvOptions = {
      header: opts.header ?? true,
      delimiter: oneChar(opts.delimiter ?? opts.sep ?? ',', 'delimiter'),
      quote: oneChar(opts.quote ?? '"', 'quote'),
      escape: oneChar(opts.escape ?? '"', 'escape'),
      nullValue: opts.nullValue ?? '',
    };
    if (typeof options.nullValue !== 'string') throw new AnalysisError(`read.csv(): nullValue must be a string, got ${describeValue(options.nullValue)}`);
    if (options.delimiter === options.quote) throw new AnalysisError(`read.csv(): the delimiter and the quote are both ${JSON.stringify(options.delimiter)}`);
    const given = opts.schema === undefined ? null : normalizeSchema(opts.schema, 'read.csv(): schema');
    const parts = listFiles(paths, 'csv', opts);
    const files = parts.files;
    const dataSchema = given ?? syncIo('inferCsvSchema', files, options, { inferSchema: opts.inferSchema ?? true });
    return this.fileScan({ format: 'csv', paths: files, options, sizeBytes: syncIo('fileSizes', files) }, dataSchema, parts, given !== null);
  }

  /**
   * JSON Lines files (one object a line); `.gz` files are decompressed. Partition folders as in `csv`.
   * @example const ds = session.read.json('events.jsonl')
   */
  json(paths: string | readonly string[], opts: JsonReadOptions = {}): Dataset<Row> {
    const given = opts.schema === undefined ? null : normalizeSchema(opts.schema, 'read.json(): schema');
    const parts = listFiles(paths, 'json', opts);
    const files = parts.files;
    const dataSchema = given ?? syncIo('inferJsonSchema', files);
    return this.fileScan({ format: 'json', paths: files, sizeBytes: syncIo('fileSizes', files) }, dataSchema, parts, given !== null);
  }

  /**
   * Arrow IPC files; all must have the same schema. Partition folders as in `csv`.
   * @example const ds = session.read.arrow('/data/part-*.arrow')
   */
  arrow(paths: string | readonly string[], opts: FileReadOptions = {}): Dataset<Row> {
    const parts = listFiles(paths, 'arrow', opts);
    const files = parts.files;
    const schema = commonSchema(files, (f) => syncIo('readArrowSchema', f), 'arrow');
    return this.fileScan({ format: 'arrow', paths: files, sizeBytes: syncIo('fileSizes', files) }, schema, parts, false);
  }

  /**
   * Parquet files; all must have the same schema. Partition folders as in `csv`.
   * @example const ds = session.read.parquet('/data/sales')
   */
  parquet(paths: string | readonly string[], opts: FileReadOptions = {}): Dataset<Row> {
    const parts = listFiles(paths, 'parquet', opts);
    const files = parts.files;
    const schema = commonSchema(files, (f) => syncIo('readParquetSchema', f), 'parquet');
    return this.fileScan({ format: 'parquet', paths: files, sizeBytes: syncIo('fileSizes', files) }, schema, parts, false);
  }

  /**
   * The scan of files with the partition columns after the file columns. A partition column
   * that the files hold too is read from the files; one that a given schema names takes that
   * type (and moves to the end, with the other partition columns).
   */
  private fileScan(source: ScanSource & FileSourceBase, dataSchema: Schema, found: PartitionedFiles, givenSchema: boolean): Dataset<Row> {
    let parts = found;
    let data = dataSchema;
    if (givenSchema) {
      const typeOf = new Map(dataSchema.map((f) => [f.name, f]));
      parts = { ...parts, schema: parts.schema.map((f) => typeOf.get(f.name) ?? f) };
      data = dataSchema.filter((f) => !parts.schema.some((p) => p.name === f.name));
    } else {
      parts = excludePartitionColumns(parts, dataSchema.map((f) => f.name));
    }
    const withParts = parts.schema.length === 0 ? source : { ...source, partitionValues: parts.values };
    return this.scan(withParts, [...data, ...parts.schema]);
  }

  private scan(source: ScanSource, schema: Schema): Dataset<Row> {
    return new Dataset<Row>(this.session, { id: this.session.nextPlanId(), node: 'scan', source, schema, projection: null, filters: [] });
  }
}

function oneChar(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length !== 1) throw new AnalysisError(`read.csv(): ${what} must be one character, got ${describeValue(value)}`);
  return value;
}

/** The files of `paths` and their partition folders; `basePath` must be a non-empty string. */
function listFiles(paths: unknown, format: string, opts: FileReadOptions): PartitionedFiles {
  const basePath = opts.basePath;
  if (basePath !== undefined && (typeof basePath !== 'string' || basePath === '')) {
    throw new AnalysisError(`read.${format}(): basePath must be a folder path, got ${describeValue(basePath)}`);
  }
  return syncIo('listInput', checkPaths(paths, format), basePath === undefined ? {} : { basePath });
}

function checkPaths(paths: unknown, format: string): string | readonly string[] {
  const ok = typeof paths === 'string' ? paths !== '' : Array.isArray(paths) && paths.length > 0 && paths.every((p) => typeof p === 'string' && p !== '');
  if (!ok) throw new AnalysisError(`read.${format}(): give a path, a glob or a non-empty array of them, got ${describeValue(paths)}`);
  return paths as string | readonly string[];
}

function commonSchema(files: readonly string[], read: (path: string) => Schema, format: string): Schema {
  let first = read(files[0]!);
  const text = (s: Schema): string => s.map((f) => `${f.name}: ${f.type}`).join(', ');
  for (const file of files.slice(1)) {
    const s = read(file);
    if (s.length !== first.length || s.some((f, i) => f.name !== first[i]!.name || f.type !== first[i]!.type)) {
      throw new SourceError(`read.${format}(): ${file} has schema [${text(s)}] but ${files[0]} has [${text(first)}]; all files must match`, { path: file });
    }
    // A column that may be null in any file may be null in the whole Dataset.
    first = first.map((f, i) => (s[i]!.nullable && !f.nullable ? { ...f, nullable: true } : f));
  }
  return first;
}
