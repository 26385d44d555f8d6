/**
 * neg abs (keep the type, overflow is an error), floor ceil round sqrt exp ln pow, greatest least.
 */
import type { Vec } from '../batch.js';
import type { Expr } from '../expr.js';
import { storageFor } from '../batch.js';
import { concatVecs, nullVec, takeVec, compareValues } from '../kernels/index.js';
import { andValid, numValues, numVec, vecLength } from './util.js';
import { intBound, overflowError } from './arithmetic.js';
import { describeExpr } from './describe.js';
import type { DataType } from '../types.js';
import { int64FromDoubles } from '../kernels/int64.js';
import { int64Arithmetic } from './int64-ops.js';

type Call = Extract<Expr, { kind: 'call' }>;

/** Round half away from zero at `scale` decimal places, on the shortest decimal form of x (as Spark's BigDecimal HALF_UP). */
export function roundHalfUp(x: number, scale: number): number {
  if (!Number.isFinite(x)) return x;
  const ax = Math.abs(x);
  let r: number;
  if (scale === 0) r = Math.round(ax);
  else {
    const s = String(ax);
    if (s.includes('e')) {
      const f = 10 ** scale;
      r = Math.round(ax * f) / f;
    } else {
      // Shift the decimal point in text so 2.675 rounds to 2.68, as its decimal form says.
      r = Number(`${Math.round(Number(`${s}e${scale}`))}e${-scale}`);
    }
  }
  return x < 0 ? -r : r;
}

/** Throws when an integer result of a non-null row falls outside its type. */
function assertFits(e: Call, bound: [number, number], valid: Uint8Array | null, r: number, i: number, x: number): void {
  if ((valid === null || valid[i] !== 0) && !(r >= bound[0] && r <= bound[1])) throw overflowError(e, r, `${e.fn}(${x})`);
}

/** A unary numeric function whose integer results are checked against the result type. */
export function evalUnaryMath(e: Call, a: Vec, scale: Vec | null): Vec {
  const n = vecLength(a);
  const type = e.type as Exclude<DataType, 'utf8'>;
  if (a.type === 'null' || type === 'null') return nullVec(e.type, n);
  if (type === 'int64' && a.kind === 'num') {
    // Exact: neg and abs as 0 − x; floor, ceil and round keep an integer (unless a negative scale).
    if (e.fn === 'neg' || e.fn === 'abs') return int64NegAbs(e, a, n);
    if (a.type === 'int64' && (scale === null || (scale.kind === 'num' && numValues(scale, e.fn).every((s) => s >= 0)))) {
      return scale === null ? a : numVec('int64', a.values, andValid(a.valid, scale.valid, n));
    }
  }
  const av = numValues(a, describeExpr(e));
  // int64 results of the remaining cases (a negative round scale) go through doubles.
  const out = type === 'int64' ? new Float64Array(n) : new (storageFor(type))(n);
  let valid: Uint8Array | null = a.valid === null ? null : a.valid.slice();
  const bound = intBound(type);
  switch (e.fn) {
    case 'neg':
      for (let i = 0; i < n; i++) {
        const r = -av[i]! + 0;
        if (bound !== null) assertFits(e, bound, valid, r, i, av[i]!);
        out[i] = r;
      }
      break;
    case 'abs':
      for (let i = 0; i < n; i++) {
        const r = Math.abs(av[i]!);
        if (bound !== null) assertFits(e, bound, valid, r, i, av[i]!);
        out[i] = r;
      }
      break;
    case 'floor':
    case 'ceil': {
      const f = e.fn === 'floor' ? Math.floor : Math.ceil;
      for (let i = 0; i < n; i++) {
        const r = f(av[i]!) + 0;
        if (bound !== null) assertFits(e, bound, valid, r, i, av[i]!);
        out[i] = r;
      }
      break;
    }
    case 'round': {
      let sv: Float64Array | Int32Array | Uint8Array | null = null;
      if (scale !== null) {
        if (scale.type === 'null') return nullVec(e.type, n);
        sv = numValues(scale, describeExpr(e));
        valid = andValid(valid, scale.valid, n);
      }
      for (let i = 0; i < n; i++) {
        const r = roundHalfUp(av[i]!, sv === null ? 0 : sv[i]!) + 0;
        if (bound !== null) assertFits(e, bound, valid, r, i, av[i]!);
        out[i] = r;
      }
      break;
    }
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(av[i]!);
      break;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(av[i]!);
      break;
    case 'ln':
      // Spark's ln gives null for x ≤ 0.
      for (let i = 0; i < n; i++) {
        const x = av[i]!;
        if (x > 0) out[i] = Math.log(x);
        else if (x <= 0) {
          valid ??= new Uint8Array(n).fill(1);
          valid[i] = 0;
        } else out[i] = NaN;
      }
      break;
    default:
      throw overflowError(e, 0, 'unknown function');
  }
  return numVec(type, out instanceof Float64Array && type === 'int64' ? int64FromDoubles(out) : out, valid);
}

/** neg / abs of an integer column with an int64 result, exact (−(−2^63) is an overflow error). */
function int64NegAbs(e: Call, a: Extract<Vec, { kind: 'num' }>, n: number): Vec {
  const zero: Vec = { kind: 'num', type: 'int32', values: new Int32Array(n), valid: null };
  const neg = int64Arithmetic({ ...e, fn: 'sub' }, zero, a, n, a.valid).values;
  if (e.fn === 'abs' && a.type === 'int64') {
    const w = new Int32Array(a.values.buffer, a.values.byteOffset, n * 2);
    const out = a.values.slice();
    const ow = new Int32Array(out.buffer, 0, n * 2);
    const nw = new Int32Array(neg.buffer, 0, n * 2);
    for (let i = 0; i < n; i++) {
      if (w[2 * i + 1]! < 0) {
        ow[2 * i] = nw[2 * i]!;
        ow[2 * i + 1] = nw[2 * i + 1]!;
      }
    }
    return numVec('int64', out, a.valid);
  }
  if (e.fn === 'abs') {
    const src = a.values;
    const out = neg.slice();
    for (let i = 0; i < n; i++) if (src[i]! >= 0) out[i] = BigInt(src[i]!);
    return numVec('int64', out, a.valid);
  }
  return numVec('int64', neg, a.valid);
}

/** pow(x, y) → float64. */
export function evalPow(e: Call, a: Vec, b: Vec): Vec {
  const n = vecLength(a);
  if (a.type === 'null' || b.type === 'null') return nullVec('float64', n);
  const av = numValues(a, describeExpr(e));
  const bv = numValues(b, describeExpr(e));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.pow(av[i]!, bv[i]!);
  return numVec('float64', out, andValid(a.valid, b.valid, n));
}

/**
 * greatest / least over arguments already of type `e.type`, skipping nulls (null when all are).
 * Picks an argument index per row, then gathers from the concatenation (strings merge once).
 */
export function evalGreatestLeast(e: Call, args: readonly Vec[], n: number): Vec {
  const greatest = e.fn === 'greatest';
  const live = args.filter((v) => v.type !== 'null');
  if (live.length === 0) return nullVec(e.type, n);
  const idx = new Int32Array(n).fill(-1);
  const best = new Int32Array(n).fill(-1);
  for (let k = 0; k < live.length; k++) {
    const v = live[k]!;
    const valid = v.valid;
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const b = best[i]!;
      if (b < 0) {
        best[i] = k;
        continue;
      }
      const c = compareValues(v, i, live[b]!, i);
      if (greatest ? c > 0 : c < 0) best[i] = k;
    }
  }
  for (let i = 0; i < n; i++) if (best[i]! >= 0) idx[i] = best[i]! * n + i;
  return takeVec(concatVecs(e.type, live), idx);
}
