/**
 * Exact int64 expression kernels: arithmetic, comparison and casts. Rows compute in doubles
 * while the operands and the result are within ±(2^53−1) (the common case, no allocation), and
 * fall back to BigInt for that row otherwise. A result beyond the int64 range is a DataError
 * naming the expression (as DuckDB and Spark ANSI), never a wrap-around.
 */
import type { NumVec, Validity, Vec } from '../batch.js';
import type { Expr } from '../expr.js';
import { DataError } from '../errors.js';
import { compareWords, INT64_END_D, INT64_MIN_D, int64ToDoubles, int64Words, TWO32 } from '../kernels/int64.js';
import { describeExpr } from './describe.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** The (lo, hi) words of an integer column (int64 as is; int32, date and bool widened). */
export function int64WordsOf(v: NumVec): Int32Array {
  if (v.type === 'int64') return int64Words(v.values);
  const src = v.values;
  const n = src.length;
  const w = new Int32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    w[2 * i] = x;
    w[2 * i + 1] = x < 0 ? -1 : 0;
  }
  return w;
}

/** Doubles of a numeric column: int64 rounded to nearest beyond ±2^53. */
export function doublesOf(v: NumVec): Float64Array | Int32Array | Uint8Array {
  return v.type === 'int64' ? int64ToDoubles(v.values) : v.values;
}

/** A row's value as a bigint (only on the slow path). */
function bigAt(v: NumVec, i: number): bigint {
  return v.type === 'int64' ? v.values[i]! : BigInt(v.values[i]!);
}

function overflow(e: Expr, detail: string, value: bigint): DataError {
  return new DataError(`integer overflow in ${describeExpr(e)}: ${detail} = ${value} does not fit int64`, {
    expression: describeExpr(e),
    value: value.toString(),
  });
}

/** Writes integral double r (|r| ≤ 2^53) into words slot i. */
function putDouble(w: Int32Array, i: number, r: number): void {
  const hi = Math.floor(r / TWO32);
  w[2 * i] = (r - hi * TWO32) | 0;
  w[2 * i + 1] = hi;
}

/**
 * add sub mul mod with an int64 result, exact. `valid`: rows where both sides are present (mod
 * also nulls rows whose divisor is 0: returned as the new validity).
 */
export function int64Arithmetic(e: Extract<Expr, { kind: 'call' }>, a: NumVec, b: NumVec, n: number, valid: Validity): { values: BigInt64Array; valid: Validity } {
  const fn = e.fn;
  const av = doublesOf(a);
  const bv = doublesOf(b);
  const out = new BigInt64Array(n);
  const w = int64Words(out);
  let outValid = valid;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = av[i]!;
    const y = bv[i]!;
    if (fn === 'mod' && y === 0) {
      if (outValid === valid) outValid = valid === null ? new Uint8Array(n).fill(1) : valid.slice();
      outValid![i] = 0;
      continue;
    }
    const r = fn === 'add' ? x + y : fn === 'sub' ? x - y : fn === 'mul' ? x * y : x % y;
    if (x <= MAX_SAFE && x >= -MAX_SAFE && y <= MAX_SAFE && y >= -MAX_SAFE && r <= MAX_SAFE && r >= -MAX_SAFE) {
      putDouble(w, i, r + 0);
      continue;
    }
    // Beyond the exact range of doubles: this row in BigInt.
    const X = bigAt(a, i);
    const Y = bigAt(b, i);
    const R = fn === 'add' ? X + Y : fn === 'sub' ? X - Y : fn === 'mul' ? X * Y : X % Y;
    if (BigInt.asIntN(64, R) !== R) {
      const sym = fn === 'add' ? '+' : fn === 'sub' ? '-' : fn === 'mul' ? '*' : '%';
      throw overflow(e, `${X} ${sym} ${Y}`, R);
    }
    out[i] = R;
  }
  return { values: out, valid: outValid };
}

/** Order of row i of two integer columns given as words (see int64WordsOf). */
export function compareInt64At(aw: Int32Array, bw: Int32Array, i: number): number {
  return compareWords(aw[2 * i]!, aw[2 * i + 1]!, bw[2 * i]!, bw[2 * i + 1]!);
}

/**
 * An int64 column from doubles `src` (truncated toward zero, or floored with `floor`): a present
 * value outside the int64 range (or NaN/∞) is a DataError from `fail`.
 */
export function int64FromNumbers(src: ArrayLike<number>, valid: Validity, floor: boolean, fail: (i: number) => DataError): BigInt64Array {
  const n = src.length;
  const out = new BigInt64Array(n);
  const w = int64Words(out);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = floor ? Math.floor(src[i]!) : Math.trunc(src[i]!);
    if (!(x >= INT64_MIN_D && x < INT64_END_D)) throw fail(i);
    if (x === 0) continue;
    const hi = Math.floor(x / TWO32);
    w[2 * i] = (x - hi * TWO32) | 0;
    w[2 * i + 1] = hi | 0;
  }
  return out;
}

/** int64 → int32: exact; a present value outside int32 is a DataError from `fail`. */
export function int64ToInt32(v: BigInt64Array, valid: Validity, fail: (i: number) => DataError): Int32Array {
  const n = v.length;
  const w = int64Words(v);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const lo = w[2 * i]!;
    if (w[2 * i + 1] !== lo >> 31 && (valid === null || valid[i] !== 0)) throw fail(i);
    out[i] = lo;
  }
  return out;
}

const INT_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Integer text (a fraction truncates toward zero, as Spark's cast) → bigint exactly; undefined
 * when it is not a number; the caller checks the range.
 */
export function parseInt64Text(s: string): bigint | undefined {
  if (!INT_TEXT.test(s)) return undefined;
  const dot = s.indexOf('.');
  let whole = dot < 0 ? s : s.slice(0, dot);
  if (whole === '' || whole === '+' || whole === '-') whole = '0';
  return BigInt(whole);
}
