/**
 * Hive-style partition folders on read (Spark's partition discovery): `…/k=1/p=a/file` gives
 * the file constant columns k and p. Their schema is inferred from the folder names of all
 * files; a split fills them in from its own path. A file schema carries them as its last fields.
 */
import type { Batch, Vec } from '../batch.js';
import { storageFor } from '../batch.js';
import { DataError } from '../errors.js';
import { field, type DataType, type Field, type Schema } from '../types.js';
import { inferTextType, mergeTypes, parseText } from './value-text.js';

/** Spark's folder name for a null partition value. */
export const DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/**
 * The partition folders of a file path: the run of `name=value` folders right above the file
 * (`/data/y=2021/m=1/f.csv` → y, m; a folder without `=` ends the run), outermost first.
 * Values are unescaped; the default partition is null.
 */
export function pathPartitionValues(path: string): [string, string | null][] {
  const parts = path.split(/[\\/]/);
  parts.pop();
  const out: [string, string | null][] = [];
  for (let i = parts.length - 1; i >= 0; i--) {
    const seg = parts[i]!;
    const eq = seg.indexOf('=');
    if (eq <= 0) break;
    const name = seg.slice(0, eq);
    let value: string | null = seg.slice(eq + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // a stray % stays as written
    }
    out.unshift([name, value === DEFAULT_PARTITION ? null : value]);
  }
  return out;
}

/**
 * The partition columns of a set of files: the `name=value` folder names that every file has
 * (in the order of the first file), each typed as the narrowest type of all its values
 * (int32, int64, float64, bool, date, timestamp, else utf8). Files without such folders give [].
 */
export function inferPartitionSchema(paths: readonly string[], exclude: readonly string[] = []): Schema {
  if (paths.length === 0) return [];
  const first = pathPartitionValues(paths[0]!).map(([n]) => n).filter((n) => !exclude.includes(n));
  const types = new Map<string, DataType>(first.map((n) => [n, 'null']));
  for (const p of paths) {
    const vals = new Map(pathPartitionValues(p));
    for (const n of first) {
      if (!vals.has(n)) return [];
      const v = vals.get(n);
      if (v !== null && v !== undefined) types.set(n, mergeTypes(types.get(n)!, v === '' ? 'utf8' : inferTextType(v)));
    }
  }
  return first.map((n) => field(n, types.get(n) === 'null' ? 'utf8' : types.get(n)!));
}

/** The partition columns of `fileSchema` for a file: its last fields that name a folder of the path. */
export function partitionColumnsOf(fileSchema: Schema, path: string): { name: string; value: string | null; field: Field }[] {
  const vals = new Map(pathPartitionValues(path));
  if (vals.size === 0) return [];
  const out: { name: string; value: string | null; field: Field }[] = [];
  for (let i = fileSchema.length - 1; i >= 0; i--) {
    const f = fileSchema[i]!;
    if (!vals.has(f.name)) break;
    out.unshift({ name: f.name, value: vals.get(f.name)!, field: f });
  }
  return out;
}

/** A column holding one partition value on every row. */
export function constantColumn(f: Field, value: string | null, length: number, path: string): Vec {
  if (f.type === 'utf8') {
    return { kind: 'str', type: 'utf8', dict: value === null ? [] : [value], codes: new Int32Array(length), valid: value === null ? new Uint8Array(length) : null };
  }
  const values = new (storageFor(f.type))(length);
  if (value === null || f.type === 'null') return { kind: 'num', type: f.type, values, valid: new Uint8Array(length) } as Vec;
  const v = parseText(f.type, value);
  if (v === undefined) throw new DataError(`partition folder ${f.name}=${value} of ${path}: cannot parse ${JSON.stringify(value)} as ${f.type}`, { path, column: f.name });
  if (values instanceof BigInt64Array) values.fill(BigInt(v));
  else values.fill(v as number);
  return { kind: 'num', type: f.type, values, valid: null } as Vec;
}

/**
 * Reads a file split whose schema ends with partition columns: the file part is read through
 * `read` (with the file columns of the projection) and the partition columns are filled in.
 */
export async function* withPartitionColumns(
  path: string, fileSchema: Schema, projection: readonly number[] | null,
  read: (dataSchema: Schema, dataProjection: readonly number[]) => AsyncIterable<Batch>,
): AsyncGenerator<Batch> {
  const parts = partitionColumnsOf(fileSchema, path);
  const dataLen = fileSchema.length - parts.length;
  const dataSchema = fileSchema.slice(0, dataLen);
  const proj = projection ?? fileSchema.map((_, i) => i);
  const dataProj = [...new Set(proj.filter((i) => i < dataLen))];
  const outSchema = proj.map((i) => fileSchema[i]!);
  for await (const b of read(dataSchema, dataProj)) {
    const columns = proj.map((i) => (i < dataLen ? b.columns[dataProj.indexOf(i)]! : constantColumn(fileSchema[i]!, parts[i - dataLen]!.value, b.length, path)));
    yield { schema: outSchema, columns, length: b.length };
  }
}
