/**
 * Arrow Data and RecordBatches → rondo columns and batches.
 */
import * as arrow from 'apache-arrow';
import type { DataType, Field, Schema } from '../types.js';
import type { Batch, Vec } from '../batch.js';
import { bitsToBytes } from './bitmap.js';
import { int64ToDoubles } from './int64.js';
import { int64FromDoubles } from '../kernels/int64.js';
import { schemaFromArrow, typeFromArrow } from './schema.js';
import { DataError, SourceError } from '../errors.js';
import { decodeUtf8, utf8StrVec } from '../kernels/utf8.js';
import { dictionaryEncode } from '../kernels/construct.js';
import type { Utf8Dict } from '../batch.js';

const DAY_MS = 86_400_000;

/** Decoded dictionaries by the Arrow vector they came from, so batches sharing one share the string[]. */
const dictCache = new WeakMap<object, (string | null)[]>();

function validityOf(d: arrow.Data): Uint8Array | null {
  if (d.typeId === arrow.Type.Null) return new Uint8Array(d.length);
  const bm = d.nullBitmap;
  if (!bm || bm.length === 0 || d.nullCount <= 0) return null;
  return bitsToBytes(bm, d.offset, d.length);
}

/** The strings of an Arrow Utf8 or LargeUtf8 Data (null entries as null). */
function utf8Strings(d: arrow.Data): (string | null)[] {
  const n = d.length;
  const raw = d.valueOffsets as Int32Array | BigInt64Array;
  const offs = raw instanceof BigInt64Array ? Float64Array.from(raw.subarray(0, n + 1), Number) : raw.subarray(0, n + 1);
  const out: (string | null)[] = decodeUtf8(offs, d.values as Uint8Array);
  const valid = validityOf(d);
  if (valid !== null) for (let i = 0; i < n; i++) if (valid[i] === 0) out[i] = null;
  return out;
}

function dictionaryStrings(dv: arrow.Vector): (string | null)[] {
  let strs = dictCache.get(dv);
  if (strs === undefined) {
    strs = [];
    for (const chunk of dv.data) {
      const part = utf8Strings(chunk);
      for (let i = 0; i < part.length; i++) strs.push(part[i]!);
    }
    dictCache.set(dv, strs);
  }
  return strs;
}

/** Rows sampled to judge whether a plain string column repeats enough to deduplicate. */
const DEDUP_SAMPLE = 1024;

/** Byte dictionaries by the Arrow dictionary vector they came from (batches sharing one share it). */
const byteDictCache = new WeakMap<object, Utf8Dict>();

/** The bytes of a dictionary vector of one Utf8 chunk without nulls, else null (decode it instead). */
function byteDictionary(dv: arrow.Vector): Utf8Dict | null {
  const known = byteDictCache.get(dv);
  if (known !== undefined) return known;
  if (dv.data.length !== 1) return null;
  const d = dv.data[0]!;
  if (d.typeId !== arrow.Type.Utf8 || d.nullCount > 0) return null;
  const u: Utf8Dict = { offsets: (d.valueOffsets as Int32Array).subarray(0, d.length + 1), bytes: d.values as Uint8Array };
  byteDictCache.set(dv, u);
  return u;
}

/**
 * A plain Utf8 column of mostly distinct strings keeps Arrow's bytes as its dictionary (codes
 * 0..n−1): nothing is decoded unless a kernel reads the strings. Null if it repeats enough to
 * be worth deduplicating (or is LargeUtf8).
 */
function distinctUtf8Vec(d: arrow.Data, valid: Uint8Array | null): Vec | null {
  const n = d.length;
  if (d.typeId !== arrow.Type.Utf8 || n < 64) return null;
  const offs = (d.valueOffsets as Int32Array).subarray(0, n + 1);
  const bytes = d.values as Uint8Array;
  const sample = Math.min(n, DEDUP_SAMPLE);
  const seen = new Set<string>();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < sample; i++) seen.add(valid !== null && valid[i] === 0 ? '\u0000null' : buf.toString('latin1', offs[i]!, offs[i + 1]!));
  if (seen.size <= sample / 2) return null;
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = i;
  return utf8StrVec({ offsets: offs, bytes }, codes, valid);
}

function strVecFromStrings(strs: readonly (string | null)[]): Vec {
  const n = strs.length;
  // Mostly distinct strings (keys, names): the strings themselves are the dictionary, codes
  // 0..n−1 (a dictionary need not be unique). Deduplicating them would cost a Map insert per
  // row for nothing.
  const sample = Math.min(n, DEDUP_SAMPLE);
  if (sample >= 64) {
    const seen = new Set<string | null>();
    for (let i = 0; i < sample; i++) seen.add(strs[i]!);
    if (seen.size > sample / 2) {
      let valid: Uint8Array | null = null;
      const dict = new Array<string>(n);
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const s = strs[i]!;
        codes[i] = i;
        if (s === null) {
          valid ??= new Uint8Array(n).fill(1);
          valid[i] = 0;
          dict[i] = '';
        } else {
          dict[i] = s;
        }
      }
      return { kind: 'str', type: 'utf8', dict, codes, valid };
    }
  }
  return dictionaryEncode(strs);
}

function bigValues(d: arrow.Data): BigInt64Array | BigUint64Array {
  return (d.values as BigInt64Array | BigUint64Array).subarray(0, d.length);
}

/**
 * Arrow Int64 data as rondo int64 storage: the same memory (zero-copy). UInt64 data is viewed
 * as signed once checked: a value beyond 2^63−1 is a DataError naming the column.
 */
function signedInt64(src: BigInt64Array | BigUint64Array, valid: Uint8Array | null, name: string): BigInt64Array {
  if (src instanceof BigInt64Array) return src;
  const w = new Int32Array(src.buffer, src.byteOffset, src.length * 2);
  for (let i = 0; i < src.length; i++) {
    if (w[2 * i + 1]! < 0 && (valid === null || valid[i] !== 0)) {
      throw new DataError(`column ${name}: uint64 value ${src[i]!} is beyond the int64 range`, { column: name, value: String(src[i]!) });
    }
  }
  return new BigInt64Array(src.buffer, src.byteOffset, src.length);
}

/** One Arrow Data → a rondo column of `type` (the type schemaFromArrow gave it); zero-copy where storage matches. */
export function arrowDataToVec(d: arrow.Data, type: DataType, name: string): Vec {
  const n = d.length;
  const valid = validityOf(d);
  const t = d.type as arrow.DataType;
  switch (t.typeId) {
    case arrow.Type.Null:
      return { kind: 'num', type: 'null', values: new Uint8Array(n), valid: new Uint8Array(n) };
    case arrow.Type.Bool:
      return { kind: 'num', type: 'bool', values: bitsToBytes(d.values as Uint8Array, d.offset, n), valid };
    case arrow.Type.Int: {
      const it = t as arrow.Int;
      if (it.bitWidth === 64) {
        return { kind: 'num', type: 'int64', values: signedInt64(bigValues(d), valid, name), valid };
      }
      const src = (d.values as Int32Array).subarray(0, n);
      if (type === 'int64') return { kind: 'num', type: 'int64', values: int64FromDoubles(src), valid };
      return { kind: 'num', type: 'int32', values: src instanceof Int32Array ? src : Int32Array.from(src), valid };
    }
    case arrow.Type.Float: {
      const ft = t as arrow.Float;
      const src = (d.values as Float64Array).subarray(0, n);
      if (ft.precision === arrow.Precision.HALF) {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = halfToFloat(src[i]!);
        return { kind: 'num', type: 'float64', values: out, valid };
      }
      return { kind: 'num', type: 'float64', values: src instanceof Float64Array ? src : Float64Array.from(src), valid };
    }
    case arrow.Type.Date: {
      const dt = t as arrow.Date_;
      if (dt.unit === arrow.DateUnit.DAY) return { kind: 'num', type: 'date', values: (d.values as Int32Array).subarray(0, n), valid };
      const ms = int64ToDoubles(bigValues(d), valid, name);
      const days = new Int32Array(n);
      for (let i = 0; i < n; i++) days[i] = Math.floor(ms[i]! / DAY_MS);
      return { kind: 'num', type: 'date', values: days, valid };
    }
    case arrow.Type.Timestamp:
      return { kind: 'num', type: 'timestamp', values: timestampMillis(bigValues(d), (t as arrow.Timestamp).unit, valid, name), valid };
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
      return distinctUtf8Vec(d, valid) ?? strVecFromStrings(utf8Strings(d));
    case arrow.Type.Dictionary: {
      const dictVec = d.dictionary;
      const bytes = dictVec ? byteDictionary(dictVec) : null;
      if (bytes !== null) {
        const idx = (d.values as Int32Array).subarray(0, n);
        return utf8StrVec(bytes, idx instanceof Int32Array ? idx : Int32Array.from(idx as ArrayLike<number>), valid);
      }
      const strs = dictVec ? dictionaryStrings(dictVec) : [];
      const idx = (d.values as Int32Array).subarray(0, n);
      const codes = idx instanceof Int32Array ? idx : Int32Array.from(idx as ArrayLike<number>);
      let v = valid;
      if (strs.includes(null)) {
        // A null dictionary entry makes the rows that point at it null.
        v = v ? v.slice() : new Uint8Array(n).fill(1);
        for (let i = 0; i < n; i++) if (strs[codes[i]!] === null) v[i] = 0;
        const dict = strs.map((s) => s ?? '');
        return { kind: 'str', type: 'utf8', dict, codes, valid: v };
      }
      return { kind: 'str', type: 'utf8', dict: strs as string[], codes, valid: v };
    }
    default:
      typeFromArrow(t, name);
      throw new SourceError(`column ${name}: unsupported Arrow type ${String(t)}`, { column: name });
  }
}

function timestampMillis(src: BigInt64Array | BigUint64Array, unit: arrow.TimeUnit, valid: Uint8Array | null, name: string): Float64Array {
  const n = src.length;
  if (unit === arrow.TimeUnit.MILLISECOND) return int64ToDoubles(src, valid, name);
  if (unit === arrow.TimeUnit.SECOND) {
    const s = int64ToDoubles(src, valid, name);
    for (let i = 0; i < n; i++) s[i] = s[i]! * 1000;
    return s;
  }
  // Micro- and nanoseconds exceed 2^53 for today's dates: divide exactly, flooring like Arrow's cast.
  const div = unit === arrow.TimeUnit.MICROSECOND ? 1000n : 1000000n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = BigInt(src[i]!);
    let q = x / div;
    if (x < 0n && q * div !== x) q -= 1n;
    out[i] = Number(q);
  }
  return out;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** An Arrow RecordBatch → a Batch (int64 beyond ±2^53−1 is a DataError naming the column). */
export function arrowToBatch(rb: arrow.RecordBatch, schema?: Schema): Batch {
  const sch = schema ?? schemaFromArrow(rb.schema);
  const columns = sch.map((f: Field, c: number) => arrowDataToVec(rb.data.children[c]!, f.type, f.name));
  return { schema: sch, columns, length: rb.numRows };
}

/** The columns at `projection` of an Arrow RecordBatch whose full rondo schema is `schema`. */
export function arrowToBatchColumns(rb: arrow.RecordBatch, schema: Schema, projection: readonly number[]): Batch {
  const sch = projection.map((i) => schema[i]!);
  const columns = projection.map((i) => arrowDataToVec(rb.data.children[i]!, schema[i]!.type, schema[i]!.name));
  return { schema: sch, columns, length: rb.numRows };
}
