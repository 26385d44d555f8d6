/**
 * Row hashes over several columns: the same on every process, and equal for equal values
 * whatever their storage (int32 5, int64 5 and float64 5.0 alike; −0 as 0; one NaN).
 */
import type { Vec } from '../batch.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** The hash a null contributes. */
const NULL_HASH = 0x7f4a7c15;
const NAN_HASH = 0x2545f491;

/** murmur3's 32-bit finalizer. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of one number by value (so storage does not matter). */
export function hashNumber(v: number): number {
  if (v !== v) return NAN_HASH;
  if (v === 0) return fmix(0x9e3779b9);
  // Small integers (the common case) skip the float view; the value, not the bits, decides.
  if ((v | 0) === v) return fmix(Math.imul(v, 0x9e3779b1) ^ 0x5bd1e995);
  f64[0] = v;
  return fmix(u32[0]! ^ fmix(u32[1]! + 0x27d4eb2f));
}

/** Hash of one string by content (FNV-1a over UTF-16 code units, then mixed). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h ^ s.length);
}

function combine(acc: number, h: number): number {
  return fmix((Math.imul(acc, 31) + h) | 0);
}

/** One hash per row over `cols` (the first `length` rows), starting from `seed`. */
export function hashVecs(cols: readonly Vec[], length: number, seed = 0): Uint32Array {
  const out = new Uint32Array(length);
  if (seed !== 0) out.fill(seed >>> 0);
  for (const v of cols) {
    const valid = v.valid;
    if (v.kind === 'str') {
      const dict = v.dict;
      // Per dictionary entry once, then map through the codes.
      const dh = new Uint32Array(dict.length);
      for (let k = 0; k < dict.length; k++) dh[k] = hashString(dict[k]!);
      const codes = v.codes;
      for (let i = 0; i < length; i++) {
        const h = valid !== null && valid[i] === 0 ? NULL_HASH : dh[codes[i]!]!;
        out[i] = combine(out[i]!, h);
      }
    } else if (v.type === 'null') {
      for (let i = 0; i < length; i++) out[i] = combine(out[i]!, NULL_HASH);
    } else {
      const vals = v.values;
      if (valid === null) {
        for (let i = 0; i < length; i++) out[i] = combine(out[i]!, hashNumber(vals[i]!));
      } else {
        for (let i = 0; i < length; i++) out[i] = combine(out[i]!, valid[i] === 0 ? NULL_HASH : hashNumber(vals[i]!));
      }
    }
  }
  return out;
}
