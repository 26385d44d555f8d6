/**
 * add sub mul div mod: Spark ANSI semantics — integer overflow is an error, div gives float64
 * and null for a zero divisor, mod keeps the operand type and gives null for a zero divisor.
 */
import type { Vec } from '../batch.js';
import type { Expr } from '../expr.js';
import { storageFor } from '../batch.js';
import { DataError } from '../errors.js';
import { andValid, numValues, numVec, vecLength } from './util.js';
import { nullVec } from '../kernels/index.js';
import { describeExpr } from './describe.js';
import { int64Arithmetic } from './int64-ops.js';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
const DAY_MS = 86_400_000;

/**
 * The inclusive bound of an integer result type as doubles (null when the type is not an
 * integer); for int64 the doubles within its range (exact int64 kernels are in int64-ops.ts).
 */
export function intBound(type: string): [number, number] | null {
  if (type === 'int32' || type === 'date') return [INT32_MIN, INT32_MAX];
  if (type === 'int64') return [-9223372036854775808, 9223372036854774784];
  return null;
}

/** A DataError for an integer result that does not fit its type. */
export function overflowError(e: Expr, value: number, detail: string): DataError {
  return new DataError(`integer overflow in ${describeExpr(e)}: ${detail} = ${value} does not fit ${e.type}`, {
    expression: describeExpr(e),
    value: String(value),
  });
}

/** Scales date operands to ms when the other side is a timestamp, so both compare in one unit. */
export function unifyTemporal(a: Vec, b: Vec): [Float64Array | Int32Array | Uint8Array, Float64Array | Int32Array | Uint8Array] {
  let av = numValues(a, 'operand');
  let bv = numValues(b, 'operand');
  if (a.type === 'date' && b.type === 'timestamp') av = Float64Array.from(av, (d) => d * DAY_MS);
  else if (a.type === 'timestamp' && b.type === 'date') bv = Float64Array.from(bv, (d) => d * DAY_MS);
  return [av, bv];
}

/** Evaluates a binary arithmetic call over its evaluated operands. */
export function evalArithmetic(e: Extract<Expr, { kind: 'call' }>, a: Vec, b: Vec): Vec {
  const n = vecLength(a);
  const type = e.type === 'utf8' ? 'float64' : e.type;
  if (a.type === 'null' || b.type === 'null' || type === 'null') return nullVec(e.type, n);
  if (type === 'int64' && e.fn !== 'div' && a.kind === 'num' && b.kind === 'num') {
    const r = int64Arithmetic(e, a, b, n, andValid(a.valid, b.valid, n));
    return numVec('int64', r.values, r.valid);
  }
  const av = numValues(a, describeExpr(e));
  const bv = numValues(b, describeExpr(e));
  let valid = andValid(a.valid, b.valid, n);
  const out = new (storageFor(type as Exclude<typeof type, 'int64'>))(n);
  const bound = intBound(type);
  switch (e.fn) {
    case 'add':
    case 'sub':
    case 'mul': {
      const fn = e.fn;
      const sym = fn === 'add' ? '+' : fn === 'sub' ? '-' : '*';
      for (let i = 0; i < n; i++) {
        const x = av[i]!;
        const y = bv[i]!;
        const r = fn === 'add' ? x + y : fn === 'sub' ? x - y : x * y;
        if (bound !== null && (r > bound[1] || r < bound[0]) && (valid === null || valid[i] !== 0)) {
          throw overflowError(e, r, `${x} ${sym} ${y}`);
        }
        // + 0 turns −0 into 0.
        out[i] = r + 0;
      }
      break;
    }
    case 'div':
    case 'mod': {
      const isDiv = e.fn === 'div';
      let zeros = false;
      for (let i = 0; i < n; i++) {
        const y = bv[i]!;
        if (y === 0) {
          zeros = true;
          out[i] = 0;
          continue;
        }
        const x = av[i]!;
        out[i] = isDiv ? x / y : bound !== null ? (x % y) + 0 : x % y;
      }
      if (zeros) {
        const v = valid === null ? new Uint8Array(n).fill(1) : valid;
        for (let i = 0; i < n; i++) if (bv[i] === 0) v[i] = 0;
        valid = v;
      }
      break;
    }
    default:
      throw new DataError(`not an arithmetic function: ${e.fn}`);
  }
  return numVec(type, out, valid);
}
