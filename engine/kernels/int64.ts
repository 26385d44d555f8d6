/**
 * int64 columns (BigInt64Array, see batch.ts) read and written without a BigInt per row: through
 * their Int32Array view of (lo, hi) words, little-endian as on every platform Node runs on.
 * A value is "safe" (its double is exact) when hi is in [SAFE_HI_MIN, SAFE_HI_MAX]; then
 * `hi * 2^32 + (lo >>> 0)` is that double.
 */
import { DataError } from '../errors.js';
import type { Validity } from '../batch.js';

/** 2^32. */
export const TWO32 = 4294967296;
/** The hi words of values in [−2^53, 2^53): their doubles are exact. */
export const SAFE_HI_MIN = -0x200000;
/** See SAFE_HI_MIN. */
export const SAFE_HI_MAX = 0x1fffff;
/** The int64 range as doubles: a double d fits int64 when INT64_MIN_D <= d < INT64_END_D. */
export const INT64_MIN_D = -9223372036854775808;
/** 2^63, the first double past the int64 range. */
export const INT64_END_D = 9223372036854775808;

/** The (lo, hi) word view of an int64 array: element i is words [2i] (lo) and [2i + 1] (hi). */
export function int64Words(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/** The double of the value with words (lo, hi): exact when safe, else rounded to nearest (as Number(bigint)). */
export function wordsToDouble(lo: number, hi: number): number {
  return hi * TWO32 + (lo >>> 0);
}

/**
 * Integral doubles → an int64 array (the first `n` of `src`). Each must be an integer in the
 * int64 range (callers check); NaN and infinities give 0.
 */
export function int64FromDoubles(src: ArrayLike<number>, n = src.length): BigInt64Array {
  const out = new BigInt64Array(n);
  const w = int64Words(out);
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    if ((x | 0) === x) {
      // int32 values (counts, most sums): no division.
      w[2 * i] = x;
      w[2 * i + 1] = x < 0 ? -1 : 0;
      continue;
    }
    if (!Number.isFinite(x)) continue;
    const hi = Math.floor(x / TWO32);
    w[2 * i] = (x - hi * TWO32) | 0;
    w[2 * i + 1] = hi | 0;
  }
  return out;
}

/** An int64 array → doubles (the first `n`), exact within ±2^53 and rounded to nearest beyond. */
export function int64ToDoubles(a: BigInt64Array, n = a.length): Float64Array {
  const w = int64Words(a);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0);
  return out;
}

/** The first row below `n` whose value is present and beyond ±(2^53−1), or −1. */
export function firstUnsafe(a: BigInt64Array, valid: Validity, n = a.length): number {
  const w = int64Words(a);
  for (let i = 0; i < n; i++) {
    const hi = w[2 * i + 1]!;
    if (hi >= SAFE_HI_MIN && hi <= SAFE_HI_MAX && !(hi === SAFE_HI_MIN && w[2 * i] === 0)) continue;
    if (valid === null || valid[i] !== 0) return i;
  }
  return -1;
}

/**
 * The doubles of an int64 column for a result that must be exact (a number a user reads):
 * a present value beyond ±(2^53−1) is a DataError naming `what` (a column or expression).
 */
export function int64ToSafeDoubles(a: BigInt64Array, valid: Validity, what: string, n = a.length): Float64Array {
  const bad = firstUnsafe(a, valid, n);
  if (bad >= 0) {
    throw new DataError(`${what}: int64 value ${a[bad]!.toString()} is beyond ±2^53−1 and cannot be a number exactly (set conf.bigint for bigint results)`, {
      column: what,
      value: a[bad]!.toString(),
    });
  }
  return int64ToDoubles(a, n);
}

/** The text of row i of an int64 column (exact). */
export function int64Text(v: BigInt64Array, w: Int32Array, i: number): string {
  const hi = w[2 * i + 1]!;
  return hi >= SAFE_HI_MIN && hi <= SAFE_HI_MAX ? String(hi * TWO32 + (w[2 * i]! >>> 0)) : v[i]!.toString();
}

/** Order of two int64 values given as words: hi signed, then lo unsigned. */
export function compareWords(alo: number, ahi: number, blo: number, bhi: number): number {
  if (ahi !== bhi) return ahi < bhi ? -1 : 1;
  const x = alo >>> 0;
  const y = blo >>> 0;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The int64 of an integral double in range, or of a bigint; null when it does not fit int64. */
export function toInt64(v: number | bigint): bigint | null {
  const b = typeof v === 'bigint' ? v : Number.isInteger(v) && v >= INT64_MIN_D && v < INT64_END_D ? BigInt(v) : null;
  return b !== null && BigInt.asIntN(64, b) === b ? b : null;
}
