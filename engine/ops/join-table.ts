/**
 * The build side of a hash join, indexed so a probe row finds its matching build rows with at
 * most one key comparison: rows with equal keys are chained together (`next`, ascending row
 * order), and a probe only has to find the first row of its key's chain.
 *
 * Three ways to find that first row, picked from the key columns:
 * - direct: one int32 key whose build values span a small range: `first[key − lo]`, no hashing;
 * - hashed: hash buckets over the distinct keys, one comparison per probe row;
 * - per dictionary entry (one string key on both sides): a probe dictionary entry is looked up
 *   once and every row with that code reuses the answer.
 */
import type { Vec } from '../batch.js';
import { hashVecs, valueEquals } from '../kernels/index.js';
import { dictKey, dictSize } from '../kernels/utf8.js';
import { int64ToDoubles } from '../kernels/int64.js';

/** Largest key range indexed directly (64 MiB of Int32Array), and at most this many times the rows. */
const DIRECT_SPAN = 1 << 24;
const DIRECT_SPAN_PER_ROW = 16;

function remix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function anyNull(keys: readonly Vec[], i: number): boolean {
  for (const k of keys) if (k.type === 'null' || (k.valid !== null && k.valid[i] === 0)) return true;
  return false;
}

function keysEqual(a: readonly Vec[], i: number, b: readonly Vec[], j: number): boolean {
  for (let k = 0; k < a.length; k++) if (!valueEquals(a[k]!, i, b[k]!, j)) return false;
  return true;
}

/** The Int32Array values of an int32 key column (its nulls are read from `valid`), or null. */
function int32Values(v: Vec): Int32Array | null {
  return v.kind === 'num' && v.values instanceof Int32Array && v.type !== 'null' ? v.values : null;
}

/** The build side's index; see the file comment. */
export class JoinTable {
  /** Next build row with the same key (ascending), −1 at the end of a key's chain. */
  readonly next: Int32Array;
  private readonly direct: boolean;
  private lo = 0;
  /** direct: first row of each key value − lo; hashed: bucket heads (first row of a distinct key). */
  private first: Int32Array;
  /** hashed: the next distinct key's first row in the same bucket. */
  private bucketNext: Int32Array;
  private hashes: Uint32Array;
  private mask = 0;
  /** Per-entry answers of the last probe dictionary (−2: not looked up yet). */
  private memoKey: object | null = null;
  private memo = new Int32Array(0);

  constructor(readonly keys: readonly Vec[], readonly n: number) {
    this.next = new Int32Array(n).fill(-1);
    const iv = keys.length === 1 ? int32Values(keys[0]!) : null;
    let lo = 0;
    let hi = -1;
    if (iv !== null && n > 0) {
      const valid = keys[0]!.valid;
      lo = 2 ** 31;
      hi = -(2 ** 31) - 1;
      for (let j = 0; j < n; j++) {
        if (valid !== null && valid[j] === 0) continue;
        const k = iv[j]!;
        if (k < lo) lo = k;
        if (k > hi) hi = k;
      }
    }
    const span = hi - lo + 1;
    this.direct = iv !== null && span <= DIRECT_SPAN && span <= Math.max(1024, n * DIRECT_SPAN_PER_ROW);
    if (this.direct) {
      this.lo = lo;
      this.first = new Int32Array(Math.max(span, 0)).fill(-1);
      this.bucketNext = new Int32Array(0);
      this.hashes = new Uint32Array(0);
      const valid = keys[0]!.valid;
      // Descending, so every chain ends up in ascending row order.
      for (let j = n - 1; j >= 0; j--) {
        if (valid !== null && valid[j] === 0) continue;
        const s = iv![j]! - lo;
        this.next[j] = this.first[s]!;
        this.first[s] = j;
      }
      return;
    }
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.mask = cap - 1;
    this.first = new Int32Array(cap).fill(-1);
    this.bucketNext = new Int32Array(n).fill(-1);
    const raw = hashVecs(keys, n);
    this.hashes = new Uint32Array(n);
    for (let j = n - 1; j >= 0; j--) {
      if (anyNull(keys, j)) continue;
      const h = remix(raw[j]!);
      this.hashes[j] = h;
      const b = h & this.mask;
      // A row with this key already indexed (a later row): j becomes its key's first row.
      let prev = -1;
      let r = this.first[b]!;
      while (r >= 0 && !(this.hashes[r] === h && keysEqual(keys, r, keys, j))) {
        prev = r;
        r = this.bucketNext[r]!;
      }
      if (r >= 0) {
        this.next[j] = r;
        this.bucketNext[j] = this.bucketNext[r]!;
        if (prev < 0) this.first[b] = j;
        else this.bucketNext[prev] = j;
      } else {
        this.bucketNext[j] = this.first[b]!;
        this.first[b] = j;
      }
    }
  }

  /**
   * For each of the first n probe rows, the first build row with an equal key (−1: none, or a
   * null key); the rest of its matches follow through `next`.
   */
  heads(probeKeys: readonly Vec[], n: number): Int32Array {
    const out = new Int32Array(n);
    const pk = probeKeys[0]!;
    if (this.direct) return this.directHeads(pk, n, out);
    if (probeKeys.length === 1 && pk.kind === 'str' && this.keys[0]!.kind === 'str') return this.stringHeads(pk, n, out);
    const hashes = hashVecs(probeKeys, n);
    for (let i = 0; i < n; i++) out[i] = anyNull(probeKeys, i) ? -1 : this.find(probeKeys, i, hashes);
    return out;
  }

  /** Direct: the probe key's value indexes `first` (keys compare by value, whatever their storage). */
  private directHeads(pk: Vec, n: number, out: Int32Array): Int32Array {
    if (pk.kind !== 'num' || pk.type === 'null') return out.fill(-1);
    const valid = pk.valid;
    const first = this.first;
    const lo = this.lo;
    const span = first.length;
    // int64 probe keys as doubles: a value beyond ±2^53 is far outside any int32 span.
    const pv = pk.type === 'int64' ? int64ToDoubles(pk.values) : pk.values;
    if (pv instanceof Int32Array) {
      for (let i = 0; i < n; i++) {
        const s = pv[i]! - lo;
        out[i] = (valid !== null && valid[i] === 0) || s < 0 || s >= span ? -1 : first[s]!;
      }
    } else {
      // int64 or float64 probe keys: only integral values in range can match.
      for (let i = 0; i < n; i++) {
        const s = pv[i]! - lo;
        out[i] = (valid !== null && valid[i] === 0) || !(s >= 0 && s < span) || s !== Math.floor(s) ? -1 : first[s]!;
      }
    }
    return out;
  }

  /** One string key: each dictionary entry is looked up once, rows map their codes. */
  private stringHeads(pk: Extract<Vec, { kind: 'str' }>, n: number, out: Int32Array): Int32Array {
    const key = dictKey(pk);
    if (this.memoKey !== key) {
      this.memoKey = key;
      this.memo = new Int32Array(dictSize(pk)).fill(-2);
    }
    const memo = this.memo;
    const codes = pk.codes;
    const valid = pk.valid;
    let hashes: Uint32Array | null = null;
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) {
        out[i] = -1;
        continue;
      }
      const c = codes[i]!;
      let h = memo[c]!;
      if (h === -2) {
        hashes ??= hashVecs([pk], n);
        h = this.find([pk], i, hashes);
        memo[c] = h;
      }
      out[i] = h;
    }
    return out;
  }

  /** The first build row whose key equals probe row i's (hashes: the probe rows' raw hashes). */
  private find(probeKeys: readonly Vec[], i: number, hashes: Uint32Array | null): number {
    const h = remix(hashes![i]!);
    for (let j = this.first[h & this.mask]!; j >= 0; j = this.bucketNext[j]!) {
      if (this.hashes[j] === h && keysEqual(this.keys, j, probeKeys, i)) return j;
    }
    return -1;
  }
}
