/**
 * 64-bit integers ↔ doubles without per-row BigInt: through the two 32-bit halves
 * (little-endian, as on every platform Node runs on).
 */
import { DataError } from '../errors.js';

const TWO32 = 4294967296;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Doubles (integers, truncated otherwise; NaN → 0) → a BigInt64Array. */
export function doublesToInt64(src: Float64Array | Int32Array): BigInt64Array {
  const n = src.length;
  const out = new BigInt64Array(n);
  const w = new Int32Array(out.buffer, out.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    let x = src[i]!;
    if (!Number.isFinite(x)) x = 0;
    x = Math.trunc(x);
    const hi = Math.floor(x / TWO32);
    const lo = x - hi * TWO32;
    w[2 * i] = lo | 0;
    w[2 * i + 1] = hi | 0;
  }
  return out;
}

/**
 * A BigInt64Array (or BigUint64Array) → doubles, exact; a non-null value beyond ±2^53−1 is a
 * DataError naming `column`. `valid` (byte mask or null) says which rows to check.
 */
export function int64ToDoubles(src: BigInt64Array | BigUint64Array, valid: Uint8Array | null, column: string): Float64Array {
  const n = src.length;
  const out = new Float64Array(n);
  const w = new Int32Array(src.buffer, src.byteOffset, n * 2);
  const unsigned = src instanceof BigUint64Array;
  for (let i = 0; i < n; i++) {
    const hi = unsigned ? w[2 * i + 1]! >>> 0 : w[2 * i + 1]!;
    const x = hi * TWO32 + (w[2 * i]! >>> 0);
    if ((x > MAX_SAFE || x < -MAX_SAFE) && (valid === null || valid[i] !== 0)) {
      throw new DataError(`column ${column}: int64 value ${src[i]!.toString()} is beyond ±2^53−1 and cannot be represented exactly`, {
        column,
        value: src[i]!.toString(),
      });
    }
    out[i] = x;
  }
  return out;
}
