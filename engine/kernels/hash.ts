/**
 * Row hashes over several columns: the same on every process, and equal for equal values
 * whatever their storage (int32 5, int64 5 and float64 5.0 alike; −0 as 0; one NaN).
 */
import type { Utf8Dict, Vec } from '../batch.js';
import { int64Words, TWO32 } from './int64.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** The hash a null contributes. */
const NULL_HASH = 0x7f4a7c15;
const NAN_HASH = 0x2545f491;
const INT_MUL = 0x9e3779b1;
const INT_XOR = 0x5bd1e995;

/** murmur3's 32-bit finalizer. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Pre-mix hash of one number by value (so storage does not matter); the row hash mixes it. */
function numberHash(v: number): number {
  // Integers in int32 range (the common case, and −0) skip the float view.
  if ((v | 0) === v) return Math.imul(v, INT_MUL) ^ INT_XOR;
  if (v !== v) return NAN_HASH;
  f64[0] = v;
  return u32[0]! ^ Math.imul(u32[1]!, 0x27d4eb2f);
}

/**
 * Pre-mix hash of one int64 by value: as numberHash of its double when that is exact (so an
 * int64 hashes like the equal int32 or float64), else from its two words.
 */
function int64Hash(lo: number, hi: number): number {
  const d = hi * TWO32 + (lo >>> 0);
  if (hi >= -0x200000 && hi < 0x200000) return numberHash(d);
  const dh = Math.floor(d / TWO32);
  if (dh === hi && ((d - dh * TWO32) | 0) === lo) return numberHash(d);
  return (lo ^ Math.imul(hi, 0x2f1b7d43)) + 0x61c88647;
}

/** Pre-mix hash of one string by content (FNV-1a over UTF-16 code units). */
function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h ^ s.length;
}

/**
 * Dictionary entry hashes by dictionary array: batches of a cached or file-read partition share
 * one dictionary, which is then hashed once, not once per batch. (A dictionary array only ever
 * grows, so an entry is valid while the lengths agree.)
 */
const dictHashes = new WeakMap<readonly string[], Int32Array>();

function dictionaryHashes(dict: readonly string[]): Int32Array {
  const known = dictHashes.get(dict);
  if (known !== undefined && known.length === dict.length) return known;
  const dh = new Int32Array(dict.length);
  for (let k = 0; k < dict.length; k++) dh[k] = stringHash(dict[k]!);
  // Small dictionaries are cheap to hash again; keep the memory for the large ones.
  if (dict.length >= 1024) dictHashes.set(dict, dh);
  return dh;
}

const utf8Hashes = new WeakMap<Utf8Dict, Int32Array>();

/**
 * Entry hashes of a byte dictionary, equal to `stringHash` of the decoded entries: an ASCII
 * entry's bytes are its UTF-16 code units; any other entry is decoded first.
 */
function byteDictionaryHashes(u: Utf8Dict): Int32Array {
  const known = utf8Hashes.get(u);
  if (known !== undefined) return known;
  const offs = u.offsets;
  const bytes = u.bytes;
  const n = offs.length - 1;
  const dh = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const s = offs[k]!;
    const e = offs[k + 1]!;
    let h = 0x811c9dc5;
    let i = s;
    for (; i < e; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) break;
      h ^= b;
      h = Math.imul(h, 0x01000193);
    }
    dh[k] = i === e ? h ^ (e - s) : stringHash(Buffer.from(bytes.buffer, bytes.byteOffset + s, e - s).toString('utf8'));
  }
  if (n >= 1024) utf8Hashes.set(u, dh);
  return dh;
}

/**
 * FNV-1a over the bytes [start, end) of `bytes`, mixed with their count: the hash of a byte
 * string, for tables keyed by raw UTF-8 bytes (the aggregation's byte interner), computed without
 * decoding. On ASCII bytes it equals the entry hash `hashVecs` starts from for the decoded string.
 */
export function utf8Hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return h ^ (end - start);
}

/** One hash per row over `cols` (the first `length` rows), starting from `seed`. */
export function hashVecs(cols: readonly Vec[], length: number, seed = 0): Uint32Array {
  const out = new Uint32Array(length);
  if (seed !== 0) out.fill(seed >>> 0);
  for (const v of cols) {
    const valid = v.valid;
    if (v.kind === 'str') {
      // Per dictionary entry once, then map through the codes.
      const dh = v.utf8 !== undefined ? byteDictionaryHashes(v.utf8) : dictionaryHashes(v.dict);
      const codes = v.codes;
      for (let i = 0; i < length; i++) {
        const h = valid !== null && valid[i] === 0 ? NULL_HASH : dh[codes[i]!]!;
        out[i] = fmix((Math.imul(out[i]!, 31) + h) | 0);
      }
    } else if (v.type === 'null') {
      for (let i = 0; i < length; i++) out[i] = fmix((Math.imul(out[i]!, 31) + NULL_HASH) | 0);
    } else if (v.type === 'int64') {
      const w = int64Words(v.values);
      for (let i = 0; i < length; i++) {
        const h = valid !== null && valid[i] === 0 ? NULL_HASH : int64Hash(w[2 * i]!, w[2 * i + 1]!);
        out[i] = fmix((Math.imul(out[i]!, 31) + h) | 0);
      }
    } else if (!(v.values instanceof Float64Array)) {
      // Int32Array / Uint8Array: every value is an int32.
      const vals = v.values;
      for (let i = 0; i < length; i++) {
        const h = valid !== null && valid[i] === 0 ? NULL_HASH : Math.imul(vals[i]!, INT_MUL) ^ INT_XOR;
        out[i] = fmix((Math.imul(out[i]!, 31) + h) | 0);
      }
    } else {
      const vals = v.values;
      for (let i = 0; i < length; i++) {
        const h = valid !== null && valid[i] === 0 ? NULL_HASH : numberHash(vals[i]!);
        out[i] = fmix((Math.imul(out[i]!, 31) + h) | 0);
      }
    }
  }
  return out;
}
