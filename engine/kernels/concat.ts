/**
 * Concatenate columns and batches; string columns with different dictionaries get one merged dictionary.
 */
import type { DataType, Schema } from '../types.js';
import { storageFor, vecLength, type Batch, type StrVec, type Utf8Dict, type Vec } from '../batch.js';
import { dictKey, dictSize, gatherUtf8, usedEntries, utf8StrVec, withCodes } from './utf8.js';
import { nullVec } from './construct.js';
import { InternalError } from '../errors.js';

/**
 * The rows of `vecs` one after another, as one column of `type`. A column of type 'null' is
 * accepted in any position (its rows are nulls). Reuses the dictionary when all string inputs share it.
 */
export function concatVecs(type: DataType, vecs: readonly Vec[]): Vec {
  let total = 0;
  for (const v of vecs) total += vecLength(v);
  const parts = vecs.map((v) => (v.type === type ? v : v.type === 'null' ? nullVec(type, vecLength(v)) : mismatch(type, v)));
  if (parts.length === 1) return parts[0]!;
  let valid: Uint8Array | null = null;
  if (type === 'null' || parts.some((p) => p.valid !== null)) {
    valid = new Uint8Array(total);
    let off = 0;
    for (const p of parts) {
      const n = vecLength(p);
      if (p.valid === null) valid.fill(1, off, off + n);
      else valid.set(p.valid, off);
      off += n;
    }
  }
  if (type === 'utf8') return concatStr(parts as StrVec[], total, valid);
  const values = new (storageFor(type as Exclude<DataType, 'utf8'>))(total);
  let off = 0;
  for (const p of parts) {
    const vals = (p as Extract<Vec, { kind: 'num' }>).values;
    values.set(vals as never, off);
    off += vals.length;
  }
  return { kind: 'num', type: type as Exclude<DataType, 'utf8'>, values, valid } as Vec;
}

function mismatch(type: DataType, v: Vec): never {
  throw new InternalError(`cannot concatenate a ${v.type} column into a ${type} column`);
}

function concatStr(parts: StrVec[], total: number, valid: Uint8Array | null): StrVec {
  const codes = new Int32Array(total);
  // Inputs with no rows do not constrain the dictionary.
  const nonEmpty = parts.filter((p) => p.codes.length > 0);
  const first = nonEmpty[0];
  if (first === undefined || nonEmpty.every((p) => dictKey(p) === dictKey(first))) {
    let off = 0;
    for (const p of parts) {
      codes.set(p.codes, off);
      off += p.codes.length;
    }
    return first ? withCodes(first, codes, valid) : { kind: 'str', type: 'utf8', dict: [], codes, valid };
  }
  if (nonEmpty.every((p) => p.utf8 !== undefined)) return concatUtf8(parts, codes, valid);
  // Only the entries rows use are merged, each looked up on its first use: a piece taken from
  // a batch keeps the batch's whole dictionary, and merging every entry of every piece cost a
  // Map insert per entry per piece (62% of a join of unique string keys).
  const dict: string[] = [];
  const index = new Map<string, number>();
  let off = 0;
  let lastDict: readonly string[] | null = null;
  let remap = new Int32Array(0);
  for (const p of parts) {
    const n = p.codes.length;
    if (n === 0) continue;
    // Consecutive parts that share a dictionary share its remapping too.
    if (p.dict !== lastDict) {
      remap = new Int32Array(p.dict.length).fill(-1);
      lastDict = p.dict;
    }
    const pd = p.dict;
    const src = p.codes;
    const pv = p.valid;
    for (let i = 0; i < n; i++) {
      if (pv !== null && pv[i] === 0) {
        codes[off + i] = 0;
        continue;
      }
      const c = src[i]!;
      let m = remap[c]!;
      if (m < 0) {
        const str = pd[c]!;
        const known = index.get(str);
        if (known === undefined) {
          m = dict.length;
          dict.push(str);
          index.set(str, m);
        } else {
          m = known;
        }
        remap[c] = m;
      }
      codes[off + i] = m;
    }
    off += n;
  }
  return { kind: 'str', type: 'utf8', dict, codes, valid };
}

/**
 * Parts over different byte dictionaries, appended as bytes (no decoding, no deduplication: a
 * dictionary need not be unique). A part whose dictionary is not much larger than its rows
 * (a decoded shuffle piece, already compacted by its writer) brings its dictionary whole and
 * its codes shifted, with no per-row lookup; one with a large dictionary (a slice of a cached
 * partition's) brings only the entries its rows use. Parts in a row that share a dictionary
 * share its entries when it comes whole.
 */
function concatUtf8(parts: StrVec[], codes: Int32Array, valid: Uint8Array | null): StrVec {
  const pieces: Utf8Dict[] = [];
  let base = 0;
  let off = 0;
  let whole: Utf8Dict | null = null;
  let wholeBase = 0;
  for (const part of parts) {
    const n = part.codes.length;
    if (n === 0) continue;
    const u = part.utf8!;
    const src = part.codes;
    if (u === whole) {
      for (let i = 0; i < n; i++) codes[off + i] = wholeBase + src[i]!;
    } else if (dictSize(part) <= 2 * n) {
      whole = u;
      wholeBase = base;
      pieces.push(u);
      base += dictSize(part);
      for (let i = 0; i < n; i++) codes[off + i] = wholeBase + src[i]!;
    } else {
      const r = usedEntries(src, part.valid, dictSize(part));
      pieces.push(gatherUtf8(u, r.used, r.count));
      for (let i = 0; i < n; i++) codes[off + i] = base + r.codes[i]!;
      base += r.count;
    }
    off += n;
  }
  let total = 0;
  for (const d of pieces) total += d.offsets[d.offsets.length - 1]! - d.offsets[0]!;
  const offsets = new Int32Array(base + 1);
  const bytes = new Uint8Array(total);
  let e = 0;
  let b = 0;
  for (const d of pieces) {
    const k = d.offsets.length - 1;
    const o0 = d.offsets[0]!;
    const len = d.offsets[k]! - o0;
    for (let i = 1; i <= k; i++) offsets[e + i] = b + d.offsets[i]! - o0;
    bytes.set(d.bytes.subarray(o0, o0 + len), b);
    e += k;
    b += len;
  }
  return utf8StrVec({ offsets, bytes }, codes, valid);
}

/** The rows of `batches` one after another, as one batch of `schema`. */
export function concatBatches(schema: Schema, batches: readonly Batch[]): Batch {
  if (batches.length === 1 && batches[0]!.schema === schema) return batches[0]!;
  let length = 0;
  for (const b of batches) length += b.length;
  const columns = schema.map((f, c) => concatVecs(f.type, batches.map((b) => b.columns[c]!)));
  return { schema, columns, length };
}
