/**
 * Hive-style partition folders on read (Spark's partition discovery): `root/k=1/p=a/file` gives
 * the file constant columns k and p. Only folders below the root the user named count (a
 * directory given, or a glob's match), as in Spark without `basePath`. Their schema is
 * inferred from the folder names of all files; each split carries its file's values and a
 * reader fills the columns in after the file's own columns.
 */
import { relative, sep } from 'node:path';
import type { Batch, Vec } from '../batch.js';
import { storageFor } from '../batch.js';
import { DataError, SourceError } from '../errors.js';
import { field, type DataType, type Field, type Schema } from '../types.js';
import { ColumnBuilder } from './column-builder.js';
import { resolveInputFiles } from './paths.js';
import { mergeTypes, parseDate, parseFloat64, parseText, parseTimestamp } from './value-text.js';

/** Spark's folder name for a null partition value. */
export const DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** One input data file and the folder its partition folders are counted from. */
export interface InputFile {
  readonly path: string;
  /** A folder holding `path`; only folders between it and the file can be partition folders. */
  readonly root: string;
}

/** The partition columns of a set of files and each file's values (raw text, null for the default partition). */
export interface PartitionedFiles {
  readonly files: readonly string[];
  /** The partition columns, in folder order (outermost first); [] when the files have none. */
  readonly schema: Schema;
  /** Per file (same order as files), the text of each partition column's value. */
  readonly values: readonly (readonly (string | null)[])[];
}

/** Undoes the writer's escaping (`%2F` → `/`): every `%XX` is the character with that code, as Spark's unescapePathName. */
export function unescapePartitionValue(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * The partition folders of a file path: the run of `name=value` folders right above the file
 * (`/data/y=2021/m=1/f.csv` → y, m; a folder without `=` ends the run), outermost first,
 * never at or above `root` when given. Values are unescaped; the default partition is null.
 */
export function pathPartitionValues(path: string, root?: string): [string, string | null][] {
  const parts = (root === undefined ? path : relative(root, path)).split(root === undefined ? /[\\/]/ : sep);
  parts.pop();
  const out: [string, string | null][] = [];
  for (let i = parts.length - 1; i >= 0; i--) {
    const seg = parts[i]!;
    const eq = seg.indexOf('=');
    if (eq <= 0 || seg === '..') break;
    const name = unescapePartitionValue(seg.slice(0, eq));
    const raw = seg.slice(eq + 1);
    // An empty value is how Hive spells null too.
    out.unshift([name, raw === DEFAULT_PARTITION || raw === '' ? null : unescapePartitionValue(raw)]);
  }
  return out;
}

/**
 * The type Spark infers for one partition value: int32, int64, float64, date (`yyyy-MM-dd`),
 * timestamp, else utf8 (no bool: `true` stays a string, as in Spark).
 */
export function partitionValueType(v: string): DataType {
  if (/^-?\d+$/.test(v)) {
    const n = Number(v);
    if (n >= -2147483648 && n <= 2147483647) return 'int32';
    // int64 exactly (a 19-digit value is not a double's), as Spark's LongType.
    if (parseText('int64', v) !== undefined) return 'int64';
  }
  if (/^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity') {
    if (parseFloat64(v) !== undefined) return 'float64';
  }
  if (parseDate(v) !== undefined) return 'date';
  if (parseTimestamp(v) !== undefined) return 'timestamp';
  return 'utf8';
}

function describeColumns(cols: readonly string[]): string {
  return cols.length === 0 ? 'no partition folders' : `partition folders ${cols.map((c) => `${c}=`).join('/')}`;
}

/**
 * Discovers the partition columns of `inputs`: every file must sit under the same
 * `name=value` folders (same names, same order) below its root, else a SourceError names two
 * files that differ (a folder mixing partitioned and unpartitioned files included).
 */
export function discoverPartitions(inputs: readonly InputFile[]): PartitionedFiles {
  const files = inputs.map((f) => f.path);
  if (inputs.length === 0) return { files, schema: [], values: [] };
  const parsed = inputs.map((f) => pathPartitionValues(f.path, f.root));
  const names = parsed[0]!.map(([n]) => n);
  for (let k = 1; k < parsed.length; k++) {
    const other = parsed[k]!.map(([n]) => n);
    if (other.length !== names.length || other.some((n, i) => n !== names[i])) {
      throw new SourceError(`cannot read a mix of partition layouts: ${files[0]} has ${describeColumns(names)} but ${files[k]} has ${describeColumns(other)}; ` +
        'read each layout separately, or move the files so that every one is under the same col=value/ folders', { path: files[k] });
    }
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new SourceError(`partition folder ${dup}= appears twice in the path of ${files[0]}`, { path: files[0] });
  const keep = names.map((_, i) => i);
  const types: DataType[] = keep.map(() => 'null');
  for (const p of parsed) {
    keep.forEach((i, k) => {
      const v = p[i]![1];
      if (v !== null) types[k] = mergeTypes(types[k]!, partitionValueType(v));
    });
  }
  return {
    files,
    schema: keep.map((i, k) => field(names[i]!, types[k] === 'null' ? 'utf8' : types[k]!)),
    values: parsed.map((p) => keep.map((i) => p[i]![1])),
  };
}

/**
 * Lists the data files of paths, globs or directories (see resolveInputFiles) with their
 * partition columns and values.
 * @example const { files, schema } = await listInput('/data/sales')
 */
export async function listInput(paths: string | readonly string[], opts: { basePath?: string } = {}): Promise<PartitionedFiles> {
  return discoverPartitions(await resolveInputFiles(paths, opts));
}

/** `parts` without the partition columns named in `names` (a file column of the same name wins, as in the files read). */
export function excludePartitionColumns(parts: PartitionedFiles, names: readonly string[]): PartitionedFiles {
  const keep = parts.schema.map((f, i) => (names.includes(f.name) ? -1 : i)).filter((i) => i >= 0);
  if (keep.length === parts.schema.length) return parts;
  return { files: parts.files, schema: keep.map((i) => parts.schema[i]!), values: parts.values.map((v) => keep.map((i) => v[i]!)) };
}

/** The stored value of a partition value of type `f.type`; a value that does not parse is a DataError naming the folder. */
function partitionValue(f: Field, value: string, path: string): number | bigint {
  const v = parseText(f.type, value);
  if (v === undefined) throw new DataError(`partition folder ${f.name}=${value} of ${path}: cannot parse ${JSON.stringify(value)} as ${f.type}`, { path, column: f.name });
  return v;
}

/** A column holding one partition value on every row. */
export function constantColumn(f: Field, value: string | null, length: number, path: string): Vec {
  if (f.type === 'utf8') {
    return { kind: 'str', type: 'utf8', dict: value === null ? [] : [value], codes: new Int32Array(length), valid: value === null ? new Uint8Array(length) : null };
  }
  const values = new (storageFor(f.type))(length);
  if (value === null || f.type === 'null') return { kind: 'num', type: f.type, values, valid: new Uint8Array(length) } as Vec;
  const v = partitionValue(f, value, path);
  if (values instanceof BigInt64Array) values.fill(BigInt(v));
  else values.fill(Number(v));
  return { kind: 'num', type: f.type, values, valid: null } as Vec;
}

/** One row per file holding its partition values (for evaluating filters on partition columns). */
export function partitionValuesBatch(parts: PartitionedFiles): Batch {
  const columns = parts.schema.map((f, c) => {
    const b = new ColumnBuilder(f.type, Math.max(1, parts.files.length));
    parts.values.forEach((vals, r) => {
      const v = vals[c]!;
      if (v === null) b.appendNull();
      else if (f.type === 'utf8') b.appendString(v);
      else b.appendNumber(partitionValue(f, v, parts.files[r]!));
    });
    return b.finish();
  });
  return { schema: parts.schema, columns, length: parts.files.length };
}

/**
 * Reads a file split whose schema ends with `values.length` partition columns: the file part
 * is read through `read` (with the file columns of the projection) and the projected partition
 * columns are filled in (the others are never built).
 */
export async function* withPartitionColumns(
  path: string, fileSchema: Schema, values: readonly (string | null)[], projection: readonly number[] | null,
  read: (dataSchema: Schema, dataProjection: readonly number[]) => AsyncIterable<Batch>,
): AsyncGenerator<Batch> {
  const dataLen = fileSchema.length - values.length;
  const dataSchema = fileSchema.slice(0, dataLen);
  const proj = projection ?? fileSchema.map((_, i) => i);
  const dataProj = [...new Set(proj.filter((i) => i < dataLen))];
  const outSchema = proj.map((i) => fileSchema[i]!);
  for await (const b of read(dataSchema, dataProj)) {
    const columns = proj.map((i) => (i < dataLen ? b.columns[dataProj.indexOf(i)]! : constantColumn(fileSchema[i]!, values[i - dataLen]!, b.length, path)));
    yield { schema: outSchema, columns, length: b.length };
  }
}
