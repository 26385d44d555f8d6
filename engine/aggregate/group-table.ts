/**
 * The group table of hash aggregation: an open-addressing hash table over typed arrays that
 * gives every distinct combination of key values a dense group id (0, 1, 2, …). Nulls form
 * their own group, as in SQL GROUP BY; NaN equals NaN and −0 equals 0.
 *
 * Keys are stored per column: numbers as doubles, int64 as two columns of its (lo, hi) words (exact), strings as ids of a per-column ByteInterner
 * (so a batch's dictionary entries are looked up once, by their UTF-8 bytes, then rows compare
 * ints); string keys leave the table as bytes too (keyColumns), never decoded.
 */
import type { NumVec, Vec } from '../batch.js';
import type { DataType } from '../types.js';
import { hashVecs } from '../kernels/hash.js';
import { utf8StrVec } from '../kernels/utf8.js';
import { ByteInterner } from './byte-interner.js';
import { ensure, numVecFrom } from './growable.js';
import { int64Words } from '../kernels/int64.js';

/** murmur3's finalizer: decorrelates table slots from `hash mod partitions` of the shuffle before. */
function remix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Most distinct values of an int32 key grouped by direct indexing (16 MiB of map). */
export const DIRECT_SPAN = 1 << 22;

interface KeyStore {
  readonly type: DataType;
  /** Numbers by value, or string ids of `strings`. */
  vals: Float64Array;
  /** int64 keys: the hi words (`vals` holds the lo words); null for other types. */
  his: Float64Array | null;
  valid: Uint8Array;
  /** utf8 keys: the distinct strings. */
  readonly strings: ByteInterner | null;
  /** utf8 keys, multi-key mode: the current batch's string id per row (reused between batches). */
  rowIds: Int32Array;
}

/** Maps rows of key columns to dense group ids. */
export class GroupTable {
  private readonly keys: KeyStore[];
  private slots = new Int32Array(64);
  private hashes = new Uint32Array(16);
  /** Groups that fit in `hashes` and every key store without growing them (see growAll). */
  private capacity = 16;
  private count = 0;
  /** One utf8 key: each distinct string is a group, whose id is the string's interner id (see assignSingleString). */
  private readonly singleString: boolean;
  private nullGroupId = -1;
  /**
   * One int32 key (the common GROUP BY of an int column): while every batch's keys are
   * non-null and span at most DIRECT_SPAN values, the group of a key is read from an array
   * indexed by `key − directLo` (0: no group yet, else group + 1): no hashing. The first batch
   * that does not fit moves the table to hashing for good (see leaveDirect).
   */
  private direct: boolean;
  private directLo = 0;
  private directMap = new Int32Array(0);

  /** A table for keys of these types. */
  constructor(types: readonly DataType[]) {
    this.keys = types.map((type) => ({
      type,
      vals: new Float64Array(16),
      his: type === 'int64' ? new Float64Array(16) : null,
      valid: new Uint8Array(16),
      strings: type === 'utf8' ? new ByteInterner() : null,
      rowIds: new Int32Array(0),
    }));
    this.singleString = types.length === 1 && types[0] === 'utf8';
    this.direct = types.length === 1 && (types[0] === 'int32' || types[0] === 'date');
  }

  /** Number of groups so far. */
  get size(): number {
    return this.count;
  }

  /**
   * Writes the group id of each of the first `n` rows of `cols` into `out`, adding groups for
   * keys not seen before.
   */
  assign(cols: readonly Vec[], n: number, out: Int32Array): void {
    if (this.singleString) {
      this.assignSingleString(cols[0]!, n, out);
      return;
    }
    if (this.direct) {
      if (this.assignDirect(cols[0]!, n, out)) return;
      this.leaveDirect();
    }
    const k = cols.length;
    // Per column, the row values as numbers: strings as their interner ids, which every row
    // gets before the probe (a row's string is a group key, new or not). Rows hash by those
    // ids too (equal strings have equal ids): no string is hashed per row.
    const rowVals: (Float64Array | Int32Array | Uint8Array)[] = new Array(k);
    const rowValid: (Uint8Array | null)[] = new Array(k);
    const hashCols: Vec[] = new Array(k);
    for (let c = 0; c < k; c++) {
      const v = cols[c]!;
      rowValid[c] = v.valid;
      if (v.kind === 'str') {
        const store = this.keys[c]!;
        if (store.rowIds.length < n) store.rowIds = new Int32Array(n);
        store.strings!.rowIds(v, n, store.rowIds);
        rowVals[c] = store.rowIds;
        hashCols[c] = { kind: 'num', type: 'int32', values: store.rowIds, valid: v.valid } satisfies NumVec;
      } else if (v.type === 'int64') {
        rowVals[c] = int64Words(v.values); // row i: words 2i (lo) and 2i + 1 (hi)
        hashCols[c] = v;
      } else {
        rowVals[c] = v.values;
        hashCols[c] = v;
      }
    }
    const hashes = hashVecs(hashCols, n);
    for (let i = 0; i < n; i++) {
      const h = remix(hashes[i]!);
      let mask = this.slots.length - 1;
      let s = h & mask;
      let g = -1;
      for (;;) {
        const slot = this.slots[s]!;
        if (slot === 0) break;
        const cand = slot - 1;
        if (this.hashes[cand] === h && this.rowEquals(cand, i, rowVals, rowValid)) {
          g = cand;
          break;
        }
        s = (s + 1) & mask;
      }
      if (g < 0) {
        g = this.addGroup(i, h, rowVals, rowValid);
        if (this.count * 2 > this.slots.length) {
          this.rehash();
          mask = this.slots.length - 1;
        } else {
          this.slots[s] = g + 1;
        }
      }
      out[i] = g;
    }
  }

  /**
   * One string key (the common GROUP BY of a text column): every distinct string is a group and
   * its interner id is the group id (the null group reserves an id of its own). Each dictionary
   * entry is looked up once, on first use by a row, and kept while batches share the
   * dictionary; rows then map codes to groups, with no hashing per row.
   */
  private assignSingleString(v: Vec, n: number, out: Int32Array): void {
    const store = this.keys[0]!;
    if (v.kind !== 'str') {
      // An all-null column (type 'null'): every row is the null group.
      for (let i = 0; i < n; i++) out[i] = this.nullGroup();
      return;
    }
    const strings = store.strings!;
    const { codes, valid } = v;
    const ids = strings.idsOf(v);
    strings.presize(Math.min(ids.length, n));
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) {
        out[i] = this.nullGroup();
        continue;
      }
      const c = codes[i]!;
      let g = ids[c]!;
      if (g < 0) {
        g = strings.idOfEntry(c);
        if (g === this.count) {
          // A new string: the next group.
          this.count++;
          this.growStore(store);
          store.vals[g] = g;
          store.valid[g] = 1;
        }
      }
      out[i] = g;
    }
  }

  /** assign() in direct mode; false (nothing assigned) when this batch does not fit it. */
  private assignDirect(v: Vec, n: number, out: Int32Array): boolean {
    if (v.kind !== 'num' || !(v.values instanceof Int32Array) || v.valid !== null) return false;
    const x = v.values;
    if (n === 0) return true;
    let lo = x[0]!, hi = x[0]!;
    for (let i = 1; i < n; i++) {
      const k = x[i]!;
      if (k < lo) lo = k;
      else if (k > hi) hi = k;
    }
    if (this.directMap.length === 0) {
      if (hi - lo + 1 > DIRECT_SPAN) return false;
      this.directLo = lo;
      this.directMap = new Int32Array(hi - lo + 1);
    } else if (lo < this.directLo || hi >= this.directLo + this.directMap.length) {
      const newLo = Math.min(lo, this.directLo);
      const newHi = Math.max(hi, this.directLo + this.directMap.length - 1);
      if (newHi - newLo + 1 > DIRECT_SPAN) return false;
      // Room to grow on the side that grew, so a slowly widening key range copies rarely.
      const span = Math.min(DIRECT_SPAN, Math.max(newHi - newLo + 1, this.directMap.length * 2));
      const from = lo < this.directLo ? Math.max(newLo - (span - (newHi - newLo + 1)), newHi - DIRECT_SPAN + 1) : newLo;
      const map = new Int32Array(span);
      map.set(this.directMap, this.directLo - from);
      this.directLo = from;
      this.directMap = map;
    }
    const map = this.directMap;
    const base = this.directLo;
    const store = this.keys[0]!;
    for (let i = 0; i < n; i++) {
      const k = x[i]!;
      let g = map[k - base]! - 1;
      if (g < 0) {
        g = this.count++;
        this.growStore(store);
        store.vals[g] = k;
        store.valid[g] = 1;
        map[k - base] = g + 1;
      }
      out[i] = g;
    }
    return true;
  }

  /** Leaves direct mode: the hash table is built over the groups so far. */
  private leaveDirect(): void {
    this.direct = false;
    this.directMap = new Int32Array(0);
    const n = this.count;
    const store = this.keys[0]!;
    const keys: Vec = { kind: 'num', type: store.type as 'int32', values: Int32Array.from(store.vals.subarray(0, n)), valid: null };
    const raw = hashVecs([keys], n);
    this.hashes = ensure(this.hashes, n);
    let cap = 64;
    while (cap < n * 2 + 2) cap *= 2;
    this.slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let g = 0; g < n; g++) {
      const h = remix(raw[g]!);
      this.hashes[g] = h;
      let s = h & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = g + 1;
    }
  }

  private nullGroup(): number {
    if (this.nullGroupId < 0) {
      const store = this.keys[0]!;
      this.nullGroupId = this.count++;
      // One string key: string ids are group ids, so the null group takes one too.
      if (this.singleString) store.strings!.reserve();
      this.growStore(store);
      store.valid[this.nullGroupId] = 0;
    }
    return this.nullGroupId;
  }

  private growStore(store: KeyStore): void {
    store.vals = ensure(store.vals, this.count);
    if (store.his !== null) store.his = ensure(store.his, this.count);
    store.valid = ensure(store.valid, this.count);
  }

  private rowEquals(g: number, i: number, rowVals: readonly (Float64Array | Int32Array | Uint8Array)[], rowValid: readonly (Uint8Array | null)[]): boolean {
    for (let c = 0; c < rowVals.length; c++) {
      const store = this.keys[c]!;
      const rv = rowValid[c];
      const present = rv === null || rv[i] === 1;
      if (present !== (store.valid[g] === 1)) return false;
      if (!present) continue;
      if (store.his !== null) {
        const w = rowVals[c]!;
        if (w[2 * i] !== store.vals[g] || w[2 * i + 1] !== store.his[g]) return false;
        continue;
      }
      const x = rowVals[c]![i]!;
      const y = store.vals[g]!;
      if (x !== y && (x === x || y === y)) return false;
    }
    return true;
  }

  private addGroup(i: number, h: number, rowVals: readonly (Float64Array | Int32Array | Uint8Array)[], rowValid: readonly (Uint8Array | null)[]): number {
    const g = this.count++;
    // Grown together, and only when full: a call per group and key column cost more than the
    // insert itself over 1e7 groups.
    if (this.count > this.capacity) this.growAll();
    for (let c = 0; c < rowVals.length; c++) {
      const store = this.keys[c]!;
      const rv = rowValid[c];
      const present = rv === null || rv[i] === 1;
      store.valid[g] = present ? 1 : 0;
      if (!present) continue;
      if (store.his !== null) {
        const w = rowVals[c]!;
        store.vals[g] = w[2 * i]!;
        store.his[g] = w[2 * i + 1]!;
        continue;
      }
      const x = rowVals[c]![i]!;
      store.vals[g] = x === 0 ? 0 : x; // −0 and 0 are one group
    }
    this.hashes[g] = h;
    return g;
  }

  /** Doubles the hashes and every key store (addGroup's arrays) past `count`. */
  private growAll(): void {
    this.hashes = ensure(this.hashes, this.count);
    const cap = this.hashes.length;
    for (const store of this.keys) {
      store.vals = ensure(store.vals, cap);
      if (store.his !== null) store.his = ensure(store.his, cap);
      store.valid = ensure(store.valid, cap);
    }
    this.capacity = cap;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let g = 0; g < this.count; g++) {
      let s = this.hashes[g]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = g + 1;
    }
    this.slots = slots;
  }

  /** The key columns of all groups, in group id order. */
  keyColumns(): Vec[] {
    const n = this.count;
    return this.keys.map((store): Vec => {
      if (store.type === 'utf8') {
        const codes = Int32Array.from(store.vals.subarray(0, n));
        let valid: Uint8Array | null = null;
        for (let g = 0; g < n; g++) if (store.valid[g] === 0) { valid = store.valid.slice(0, n); break; }
        // The interner's bytes: the keys leave as a byte dictionary (one entry per distinct string).
        return utf8StrVec(store.strings!.utf8(), codes, valid);
      }
      if (store.his !== null) {
        const out = new BigInt64Array(n);
        const w = int64Words(out);
        for (let g = 0; g < n; g++) {
          if (store.valid[g] === 0) continue;
          w[2 * g] = store.vals[g]!;
          w[2 * g + 1] = store.his[g]!;
        }
        let valid: Uint8Array | null = null;
        for (let g = 0; g < n; g++) if (store.valid[g] === 0) { valid = store.valid.slice(0, n); break; }
        return { kind: 'num', type: 'int64', values: out, valid };
      }
      return numVecFrom(store.type, store.vals, store.valid, n);
    });
  }
}
