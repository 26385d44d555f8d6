/**
 * String dictionaries kept as UTF-8 bytes (see `Utf8Dict` in batch.ts): building vectors over
 * them, decoding on demand, and gathering entries as bytes, so strings that only pass through a
 * task are copied as bytes and never become JS strings (which cost a decode, an object per
 * entry and garbage collection: most of a join's time on unique string columns).
 */
import type { StrVec, Utf8Dict, Validity } from '../batch.js';

/** Decoded entries by dictionary: every vector over one Utf8Dict shares one string[]. */
const decodedDicts = new WeakMap<Utf8Dict, string[]>();

interface SliceBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** True when bytes [start, end) are all below 0x80 (then each byte is one UTF-16 code unit). */
export function isAsciiRange(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** The strings at `offsets` (Arrow's Utf8 layout: entry i is bytes[offsets[i] .. offsets[i + 1])). */
export function decodeUtf8(offsets: ArrayLike<number>, bytes: Uint8Array): string[] {
  const n = offsets.length - 1;
  const out = new Array<string>(Math.max(n, 0));
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as SliceBuffer;
  // Buffer's own slice methods skip toString()'s argument handling, which costs more than
  // decoding a short string; ASCII text (the common case) decodes as latin1, cheaper still.
  const ascii = n <= 0 || isAsciiRange(bytes, offsets[0]!, offsets[n]!);
  for (let i = 0; i < n; i++) {
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    out[i] = s === e ? '' : ascii ? buf.latin1Slice(s, e) : buf.utf8Slice(s, e);
  }
  return out;
}

/** The entries of a byte dictionary as strings (decoded once per dictionary, then cached). */
export function decodeUtf8Dict(u: Utf8Dict): string[] {
  let out = decodedDicts.get(u);
  if (out === undefined) {
    out = decodeUtf8(u.offsets, u.bytes);
    decodedDicts.set(u, out);
  }
  return out;
}

/** A string column over a byte dictionary; its `dict` is decoded on first read. */
export function utf8StrVec(utf8: Utf8Dict, codes: Int32Array, valid: Validity): StrVec {
  return {
    kind: 'str',
    type: 'utf8',
    utf8,
    codes,
    valid,
    get dict(): readonly string[] {
      return decodeUtf8Dict(utf8);
    },
  };
}

/** A column with v's dictionary (bytes or strings, as v holds it) and new codes and validity. */
export function withCodes(v: StrVec, codes: Int32Array, valid: Validity): StrVec {
  if (v.utf8 !== undefined) return utf8StrVec(v.utf8, codes, valid);
  return { kind: 'str', type: 'utf8', dict: v.dict, codes, valid };
}

/** The identity of v's dictionary, for "same dictionary" checks and caches, without decoding it. */
export function dictKey(v: StrVec): object {
  return v.utf8 ?? v.dict;
}

/** Number of entries in v's dictionary, without decoding it. */
export function dictSize(v: StrVec): number {
  return v.utf8 !== undefined ? v.utf8.offsets.length - 1 : v.dict.length;
}

/**
 * The byte dictionary of `count` entries taken from `u` at `entries` (in that order; −1 gives
 * an empty entry). Offsets start at 0.
 */
export function gatherUtf8(u: Utf8Dict, entries: Int32Array, count = entries.length): Utf8Dict {
  const so = u.offsets;
  const sb = u.bytes;
  const offsets = new Int32Array(count + 1);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const k = entries[i]!;
    if (k >= 0) total += so[k + 1]! - so[k]!;
    offsets[i + 1] = total;
  }
  const bytes = new Uint8Array(total);
  for (let i = 0; i < count; i++) {
    const k = entries[i]!;
    if (k < 0) continue;
    let s = so[k]!;
    const e = so[k + 1]!;
    let o = offsets[i]!;
    // Short entries (keys, names) copy faster byte by byte than through a subarray view.
    if (e - s > 32) bytes.set(sb.subarray(s, e), o);
    else while (s < e) bytes[o++] = sb[s++]!;
  }
  return { offsets, bytes };
}

/**
 * The dictionary entries that non-null rows use, in first-use order, and each row's index
 * into them. The remapping is a dense array over the dictionary when it is not much larger
 * than the rows, else a hash table sized to the rows: a batch of a join's output holds a few
 * thousand codes into a dictionary of millions, and clearing a dense array for each batch
 * cost more than the rest of the encoding.
 */
export function usedEntries(src: Int32Array, valid: Uint8Array | null, size: number): { used: Int32Array; count: number; codes: Int32Array } {
  const n = src.length;
  const used = new Int32Array(Math.min(n, size));
  const codes = new Int32Array(n);
  let count = 0;
  if (size <= 4 * n) {
    const remap = new Int32Array(size).fill(-1);
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const c = src[i]!;
      let m = remap[c]!;
      if (m < 0) {
        m = count++;
        remap[c] = m;
        used[m] = c;
      }
      codes[i] = m;
    }
    return { used, count, codes };
  }
  let cap = 16;
  while (cap < 2 * n) cap *= 2;
  const mask = cap - 1;
  const slots = new Int32Array(cap).fill(-1); // index into `used`
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const c = src[i]!;
    let s = Math.imul(c, 0x9e3779b1) >>> 0 & mask;
    let m = slots[s]!;
    while (m >= 0 && used[m] !== c) {
      s = (s + 1) & mask;
      m = slots[s]!;
    }
    if (m < 0) {
      m = count++;
      used[m] = c;
      slots[s] = m;
    }
    codes[i] = m;
  }
  return { used, count, codes };
}

/** A byte dictionary of strings (entries with valid[i] === 0 are left empty). */
export function encodeUtf8Dict(strings: readonly string[], valid: Validity = null): Utf8Dict {
  const n = strings.length;
  const offsets = new Int32Array(n + 1);
  if (valid === null && n > 0) {
    // One native encode of all strings at once; when every character took one byte (ASCII),
    // the offsets are the string lengths. Per-string writes cost far more for short strings.
    const joined = Buffer.from(strings.join(''), 'utf8');
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += strings[i]!.length;
      offsets[i + 1] = total;
    }
    if (total === joined.length) return { offsets, bytes: new Uint8Array(joined.buffer, joined.byteOffset, total) };
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (valid === null || valid[i] !== 0) total += Buffer.byteLength(strings[i]!, 'utf8');
    offsets[i + 1] = total;
  }
  const bytes = Buffer.allocUnsafe(total);
  for (let i = 0; i < n; i++) {
    if (valid === null || valid[i] !== 0) bytes.write(strings[i]!, offsets[i]!, 'utf8');
  }
  return { offsets, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, total) };
}
