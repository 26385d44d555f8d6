/**
 * A byte interner: gives every distinct byte string (a string key as UTF-8) a dense id 0, 1, 2, …
 * through an open-addressing hash table over typed arrays. The distinct strings' bytes are kept
 * in Arrow's Utf8 layout (offsets + bytes), so the interner's contents are a `Utf8Dict`: group
 * keys leave an aggregation as bytes, and no key is ever decoded to a JS string.
 *
 * Strings arrive as columns: `idsOf(v)` gives the interner-wide id of each entry of v's
 * dictionary, −1 until some row asks for the entry (`idOfEntry`), since a cached partition may
 * carry a large dictionary of which one batch uses a few entries. The ids are kept while batches
 * share the dictionary. A dictionary of JS strings (no `utf8`) is encoded to UTF-8 once, so a
 * string gets the same id whether it comes as bytes or as a string; entries need not be unique.
 *
 * Strings that are not well-formed UTF-16 (lone surrogates) are keyed by their UTF-8 encoding,
 * where each lone surrogate is U+FFFD: the same key they get after any trip through Arrow.
 */
import type { StrVec, Utf8Dict } from '../batch.js';
import { utf8Hash } from '../kernels/hash.js';
import { dictKey, dictSize, encodeUtf8Dict } from '../kernels/utf8.js';
import { ensure } from './growable.js';

/** murmur3's finalizer: FNV-1a's low bits see only the low bits of each byte; the slot index takes all. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Dense ids for distinct byte strings; see the file comment. */
export class ByteInterner {
  /**
   * The open-addressing table, two ints a slot: id + 1 of the string in it (0 = empty) and the
   * string's utf8Hash, side by side so a probe reads one cache line before it compares bytes.
   * A power of two of slots, at most half of them used.
   */
  private table = new Int32Array(2 * 64);
  /** Per id: where its bytes start in `data` (entry count + 1 offsets, the first 0). */
  private offsets = new Int32Array(33);
  private data = new Uint8Array(256);
  private count = 0;
  /** The dictionary last given to idsOf: its identity, bytes, offsets and entry ids (−1: not looked up). */
  private memoKey: object | null = null;
  private memoBytes: Uint8Array = new Uint8Array(0);
  private memoOffsets: Int32Array = new Int32Array(1);
  private memoIds = new Int32Array(0);

  /** Number of distinct strings so far (ids are 0 .. size − 1). */
  get size(): number {
    return this.count;
  }

  /**
   * The id of each entry of v's dictionary, −1 for entries not looked up yet (see idOfEntry).
   * The same array comes back while batches share the dictionary, and v's dictionary becomes
   * the one idOfEntry reads.
   */
  idsOf(v: StrVec): Int32Array {
    const key = dictKey(v);
    const n = dictSize(v);
    if (key === this.memoKey && this.memoIds.length === n) return this.memoIds;
    const ids = new Int32Array(n).fill(-1);
    if (v.utf8 !== undefined) {
      this.memoBytes = v.utf8.bytes;
      this.memoOffsets = v.utf8.offsets;
    } else {
      // A dictionary array only ever grows: the ids of its old entries stay valid.
      if (key === this.memoKey && this.memoIds.length < n) ids.set(this.memoIds);
      const u = encodeUtf8Dict(v.dict);
      this.memoBytes = u.bytes;
      this.memoOffsets = u.offsets;
    }
    this.memoKey = key;
    this.memoIds = ids;
    return ids;
  }

  /**
   * The id of entry `e` of the dictionary last given to idsOf, adding the string when it is
   * new (then the id is the size before); recorded in that dictionary's ids.
   */
  idOfEntry(e: number): number {
    const o = this.memoOffsets;
    const id = this.intern(this.memoBytes, o[e]!, o[e + 1]!);
    this.memoIds[e] = id;
    return id;
  }

  /**
   * Writes into `out` the id of each of the first `n` rows of v (nulls get −1), looking up
   * each dictionary entry a row uses on first use.
   */
  rowIds(v: StrVec, n: number, out: Int32Array): void {
    const ids = this.idsOf(v);
    this.presize(Math.min(ids.length, n));
    const codes = v.codes;
    const valid = v.valid;
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) {
        out[i] = -1;
        continue;
      }
      const c = codes[i]!;
      const id = ids[c]!;
      out[i] = id >= 0 ? id : this.idOfEntry(c);
    }
  }

  /**
   * Makes room for `k` new strings at once while the interner is empty (a task's first batch
   * over a large dictionary), rather than doubling the table again and again; later growth
   * doubles, so a table never outgrows the strings it holds by much.
   */
  presize(k: number): void {
    if (this.count !== 0 || 2 * k <= this.table.length >> 1) return;
    let cap = this.table.length >> 1;
    while (cap < 2 * k) cap *= 2;
    this.table = new Int32Array(2 * cap);
    this.offsets = new Int32Array(k + 1);
  }

  /** The id of the bytes [start, end) of `src`, adding them when new (then the id is the size before). */
  intern(src: Uint8Array, start: number, end: number): number {
    const h = utf8Hash(src, start, end);
    const len = end - start;
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    const offsets = this.offsets;
    const data = this.data;
    let s = mix(h) & mask;
    for (;;) {
      const slot = table[2 * s]!;
      if (slot === 0) break;
      if (table[2 * s + 1] === h) {
        const id = slot - 1;
        const o = offsets[id]!;
        if (offsets[id + 1]! - o === len) {
          let j = 0;
          while (j < len && data[o + j] === src[start + j]) j++;
          if (j === len) return id;
        }
      }
      s = (s + 1) & mask;
    }
    return this.add(src, start, end, h, s);
  }

  /**
   * A new id that no string maps to (its entry in utf8() is empty): lets a caller number
   * something else in the same sequence, as GroupTable does for the null group of one string
   * key, so that string ids stay group ids.
   */
  reserve(): number {
    const id = this.count++;
    this.offsets = ensure(this.offsets, this.count + 1);
    this.offsets[id + 1] = this.offsets[id]!;
    return id;
  }

  /** Appends a new string whose free slot is `s`; returns its id. */
  private add(src: Uint8Array, start: number, end: number, h: number, s: number): number {
    const id = this.count++;
    const len = end - start;
    this.offsets = ensure(this.offsets, this.count + 1);
    const at = this.offsets[id]!;
    this.data = ensure(this.data, at + len);
    const data = this.data;
    // Short keys copy faster byte by byte than through a subarray view.
    if (len > 32) data.set(src.subarray(start, end), at);
    else for (let j = 0; j < len; j++) data[at + j] = src[start + j]!;
    this.offsets[id + 1] = at + len;
    this.table[2 * s] = id + 1;
    this.table[2 * s + 1] = h;
    if (this.count * 4 > this.table.length) this.rehash();
    return id;
  }

  /** Doubles the table and places every string again. */
  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 1) - 1;
    for (let o = 0; o < old.length; o += 2) {
      if (old[o] === 0) continue;
      const h = old[o + 1]!;
      let s = mix(h) & mask;
      while (table[2 * s] !== 0) s = (s + 1) & mask;
      table[2 * s] = old[o]!;
      table[2 * s + 1] = h;
    }
    this.table = table;
  }

  /**
   * The distinct strings so far in id order, as a byte dictionary. It views the interner's
   * arrays; strings added later do not change it.
   */
  utf8(): Utf8Dict {
    const n = this.count;
    return { offsets: this.offsets.subarray(0, n + 1), bytes: this.data.subarray(0, this.offsets[n]!) };
  }
}
