/**
 * rondo columns and batches → Arrow Data and RecordBatches.
 */
import * as arrow from 'apache-arrow';
import type { Batch, StrVec, Vec } from '../batch.js';
import { bytesToBits } from './bitmap.js';
import { doublesToInt64 } from './int64.js';
import { schemaToArrow, typeFromArrow, type ArrowWriteOptions } from './schema.js';
import { nullVec } from '../kernels/index.js';
import { InternalError } from '../errors.js';

/** Encoded dictionaries by the dict array they came from, so batches sharing a dictionary share its Arrow vector. */
const dictCache = new WeakMap<readonly string[], arrow.Vector<arrow.Utf8>>();

/** Strings → Arrow Utf8 data (null entries where `valid` says so). */
export function stringsToUtf8Data(strings: readonly string[], valid: Uint8Array | null = null): arrow.Data<arrow.Utf8> {
  const n = strings.length;
  const offsets = new Int32Array(n + 1);
  let data: Uint8Array | null = null;
  if (valid === null && n > 0) {
    // One native encode of all strings at once; when every character took one byte (ASCII),
    // the offsets are the string lengths. Per-string writes cost far more for short strings.
    const joined = Buffer.from(strings.join(''), 'utf8');
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += strings[i]!.length;
      offsets[i + 1] = total;
    }
    if (total === joined.length) data = new Uint8Array(joined.buffer, joined.byteOffset, total);
  }
  if (data === null) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (valid === null || valid[i] !== 0) total += Buffer.byteLength(strings[i]!, 'utf8');
      offsets[i + 1] = total;
    }
    const bytes = Buffer.allocUnsafe(total);
    for (let i = 0; i < n; i++) {
      if (valid === null || valid[i] !== 0) bytes.write(strings[i]!, offsets[i]!, 'utf8');
    }
    data = new Uint8Array(bytes.buffer, bytes.byteOffset, total);
  }
  const nullCount = valid === null ? 0 : countNulls(valid);
  return arrow.makeData({
    type: new arrow.Utf8(),
    length: n,
    nullCount,
    nullBitmap: nullCount > 0 ? bytesToBits(valid!, n) : null,
    valueOffsets: offsets,
    data,
  } as never) as unknown as arrow.Data<arrow.Utf8>;
}

function countNulls(valid: Uint8Array): number {
  let nulls = 0;
  for (let i = 0; i < valid.length; i++) nulls += valid[i] === 0 ? 1 : 0;
  return nulls;
}

function dictionaryVector(dict: readonly string[]): arrow.Vector<arrow.Utf8> {
  let v = dictCache.get(dict);
  if (v === undefined) {
    v = new arrow.Vector([stringsToUtf8Data(dict)]);
    dictCache.set(dict, v);
  }
  return v;
}

/** Drops the dictionary entries no non-null row uses (a filtered or partitioned piece would otherwise carry the whole dictionary). */
function compact(v: StrVec): { dict: string[]; codes: Int32Array } {
  const remap = new Int32Array(v.dict.length).fill(-1);
  const dict: string[] = [];
  const n = v.codes.length;
  const codes = new Int32Array(n);
  const valid = v.valid;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const c = v.codes[i]!;
    let m = remap[c]!;
    if (m < 0) {
      m = dict.length;
      remap[c] = m;
      dict.push(v.dict[c]!);
    }
    codes[i] = m;
  }
  return { dict, codes };
}

/**
 * One rondo column → Arrow Data of the given Arrow type (zero-copy where the storage matches).
 * A dictionary larger than the column is compacted to the entries it uses, unless it is in
 * `keepDicts` (one dictionary shared by many batches of a stream is written once, whole).
 */
export function vecToArrowData(v: Vec, type: arrow.DataType, name: string, keepDicts?: ReadonlySet<readonly string[]>): arrow.Data {
  const length = v.kind === 'str' ? v.codes.length : v.values.length;
  if (type.typeId === arrow.Type.Null) return arrow.makeData({ type: type as arrow.Null, length });
  const nullCount = v.valid === null ? 0 : countNulls(v.valid);
  const nullBitmap = nullCount > 0 ? bytesToBits(v.valid!, length) : null;
  const base = { type, length, nullCount, nullBitmap };
  if (v.type === 'null') {
    // An all-null column written as some other type: nulls in that type's storage.
    return vecToArrowData(nullVec(typeFromArrow(type, name), length), type, name);
  }
  if (v.kind === 'str') {
    if (type.typeId === arrow.Type.Utf8) {
      const strs = new Array<string>(length);
      for (let i = 0; i < length; i++) strs[i] = v.valid !== null && v.valid[i] === 0 ? '' : v.dict[v.codes[i]!]!;
      return stringsToUtf8Data(strs, v.valid);
    }
    if (type.typeId !== arrow.Type.Dictionary) throw new InternalError(`column ${name}: cannot write utf8 as Arrow ${String(type)}`);
    let dict = v.dict;
    let codes = v.codes;
    if (dict.length > length && !(keepDicts?.has(dict) ?? false)) ({ dict, codes } = compact(v));
    return arrow.makeData({ ...base, type: type as arrow.Dictionary, data: codes, dictionary: dictionaryVector(dict) } as never) as arrow.Data;
  }
  const vals = v.values;
  switch (v.type) {
    case 'bool':
      return arrow.makeData({ ...base, type: type as arrow.Bool, data: bytesToBits(vals as Uint8Array, length) } as never) as arrow.Data;
    case 'int32':
    case 'date':
    case 'float64':
      return arrow.makeData({ ...base, data: vals } as never) as arrow.Data;
    case 'int64':
    case 'timestamp':
      return arrow.makeData({ ...base, data: doublesToInt64(vals as Float64Array) } as never) as arrow.Data;
  }
  throw new InternalError(`column ${name}: cannot write ${v.type} as Arrow ${String(type)}`);
}

/**
 * A Batch → an Arrow RecordBatch. `arrowSchema` (from schemaToArrow) lets several batches share
 * one schema, as a stream needs; utf8 is dictionary-encoded unless `opts.utf8` is 'plain'.
 */
export function batchToArrow(b: Batch, arrowSchema?: arrow.Schema, opts?: ArrowWriteOptions, keepDicts?: ReadonlySet<readonly string[]>): arrow.RecordBatch {
  const schema = arrowSchema ?? schemaToArrow(b.schema, opts);
  // Arrow JS's IPC writer loses a buffer that appears twice in one batch (e.g. `select(v, v as w)`
  // hands the same typed array to both columns): a repeated storage array is copied.
  const seen = new Set<ArrayBufferView>();
  const children = schema.fields.map((f, c) => {
    let v = b.columns[c]!;
    if (v.kind === 'num') {
      if (seen.has(v.values)) v = { ...v, values: v.values.slice() };
      else seen.add(v.values);
    } else if (seen.has(v.codes)) v = { ...v, codes: v.codes.slice() };
    else seen.add(v.codes);
    return vecToArrowData(v, f.type, f.name, keepDicts);
  });
  const data = arrow.makeData({ type: new arrow.Struct(schema.fields), length: b.length, nullCount: 0, children });
  return new arrow.RecordBatch(schema, data);
}
