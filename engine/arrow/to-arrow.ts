/**
 * rondo columns and batches → Arrow Data and RecordBatches.
 */
import * as arrow from 'apache-arrow';
import type { Batch, StrVec, Utf8Dict, Vec } from '../batch.js';
import { bytesToBits } from './bitmap.js';
import { doublesToInt64 } from './int64.js';
import { schemaToArrow, typeFromArrow, type ArrowWriteOptions } from './schema.js';
import { nullVec } from '../kernels/index.js';
import { dictKey, dictSize, encodeUtf8Dict, gatherUtf8, usedEntries, withCodes } from '../kernels/utf8.js';
import { InternalError } from '../errors.js';

/** Encoded dictionaries by dictionary (dictKey), so batches sharing a dictionary share its Arrow vector. */
const dictCache = new WeakMap<object, arrow.Vector<arrow.Utf8>>();

/** Byte dictionary entries → Arrow Utf8 data of `length` entries (null where `valid` says so). */
function utf8Data(u: Utf8Dict, valid: Uint8Array | null = null): arrow.Data<arrow.Utf8> {
  const n = u.offsets.length - 1;
  let offsets = u.offsets;
  let data = u.bytes;
  const first = offsets[0]!;
  if (first !== 0) {
    // Arrow's offsets start at 0 (an IPC slice or a sliced dictionary may not).
    offsets = offsets.map((o) => o - first);
    data = data.subarray(first);
  }
  data = data.subarray(0, offsets[n]!);
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

/** Strings → Arrow Utf8 data (null entries where `valid` says so). */
function stringsToUtf8Data(strings: readonly string[], valid: Uint8Array | null = null): arrow.Data<arrow.Utf8> {
  return utf8Data(encodeUtf8Dict(strings, valid), valid);
}

function countNulls(valid: Uint8Array): number {
  let nulls = 0;
  for (let i = 0; i < valid.length; i++) nulls += valid[i] === 0 ? 1 : 0;
  return nulls;
}

function dictionaryVector(v: StrVec): arrow.Vector<arrow.Utf8> {
  const key = dictKey(v);
  let vec = dictCache.get(key);
  if (vec === undefined) {
    vec = new arrow.Vector([v.utf8 !== undefined ? utf8Data(v.utf8) : stringsToUtf8Data(v.dict)]);
    dictCache.set(key, vec);
  }
  return vec;
}

/**
 * Drops the dictionary entries no non-null row uses (a filtered or partitioned piece would
 * otherwise carry the whole dictionary): the used entries in first-use order, and the codes into them.
 */
function compact(v: StrVec): { dict: Utf8Dict | string[]; codes: Int32Array } {
  const { used, count, codes } = usedEntries(v.codes, v.valid, dictSize(v));
  if (v.utf8 !== undefined) return { dict: gatherUtf8(v.utf8, used, count), codes };
  const dict = new Array<string>(count);
  const src = v.dict;
  for (let k = 0; k < count; k++) dict[k] = src[used[k]!]!;
  return { dict, codes };
}

/**
 * One rondo column → Arrow Data of the given Arrow type (zero-copy where the storage matches).
 * A dictionary larger than the column is compacted to the entries it uses, unless it is in
 * `keepDicts` (one dictionary shared by many batches of a stream is written once, whole).
 */
export function vecToArrowData(v: Vec, type: arrow.DataType, name: string, keepDicts?: ReadonlySet<object>): arrow.Data {
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
      if (v.utf8 !== undefined) {
        // Row i's bytes are its entry's: gather them without decoding (−1: a null row, empty).
        const entries = v.valid === null ? v.codes : v.codes.map((c, i) => (v.valid![i] === 0 ? -1 : c));
        return utf8Data(gatherUtf8(v.utf8, entries), v.valid);
      }
      const strs = new Array<string>(length);
      for (let i = 0; i < length; i++) strs[i] = v.valid !== null && v.valid[i] === 0 ? '' : v.dict[v.codes[i]!]!;
      return stringsToUtf8Data(strs, v.valid);
    }
    if (type.typeId !== arrow.Type.Dictionary) throw new InternalError(`column ${name}: cannot write utf8 as Arrow ${String(type)}`);
    let dictionary: arrow.Vector<arrow.Utf8>;
    let codes = v.codes;
    if (dictSize(v) > length && !(keepDicts?.has(dictKey(v)) ?? false)) {
      const c = compact(v);
      codes = c.codes;
      dictionary = new arrow.Vector([Array.isArray(c.dict) ? stringsToUtf8Data(c.dict) : utf8Data(c.dict as Utf8Dict)]);
    } else {
      dictionary = dictionaryVector(v);
    }
    return arrow.makeData({ ...base, type: type as arrow.Dictionary, data: codes, dictionary } as never) as arrow.Data;
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
      return arrow.makeData({ ...base, data: vals } as never) as arrow.Data;
    case 'timestamp':
      return arrow.makeData({ ...base, data: doublesToInt64(vals as Float64Array) } as never) as arrow.Data;
  }
  throw new InternalError(`column ${name}: cannot write ${v.type} as Arrow ${String(type)}`);
}

/**
 * A Batch → an Arrow RecordBatch. `arrowSchema` (from schemaToArrow) lets several batches share
 * one schema, as a stream needs; utf8 is dictionary-encoded unless `opts.utf8` is 'plain'.
 */
export function batchToArrow(b: Batch, arrowSchema?: arrow.Schema, opts?: ArrowWriteOptions, keepDicts?: ReadonlySet<object>): arrow.RecordBatch {
  const schema = arrowSchema ?? schemaToArrow(b.schema, opts);
  // Arrow JS's IPC writer loses a buffer that appears twice in one batch (e.g. `select(v, v as w)`
  // hands the same typed array to both columns): a repeated storage array is copied.
  const seen = new Set<ArrayBufferView>();
  const children = schema.fields.map((f, c) => {
    let v = b.columns[c]!;
    if (v.kind === 'num') {
      if (seen.has(v.values)) v = { ...v, values: v.values.slice() } as Vec;
      else seen.add(v.values);
    } else if (seen.has(v.codes)) v = withCodes(v, v.codes.slice(), v.valid);
    else seen.add(v.codes);
    return vecToArrowData(v, f.type, f.name, keepDicts);
  });
  const data = arrow.makeData({ type: new arrow.Struct(schema.fields), length: b.length, nullCount: 0, children });
  return new arrow.RecordBatch(schema, data);
}
