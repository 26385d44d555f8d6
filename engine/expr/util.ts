/**
 * Small helpers shared by the expression families.
 */
import type { Validity, Vec } from '../batch.js';
import { vecLength } from '../batch.js';
import type { DataType } from '../types.js';
import { InternalError } from '../errors.js';
import { int64ToDoubles } from '../kernels/int64.js';

/**
 * The numbers of a fixed-width column (its storage; int64 as doubles, rounded beyond ±2^53:
 * exact int64 kernels read words instead, see int64-ops.ts); an InternalError for strings.
 */
export function numValues(v: Vec, what: string): Float64Array | Int32Array | Uint8Array {
  if (v.kind !== 'num') throw new InternalError(`${what}: expected a numeric column, got ${v.type}`);
  return v.type === 'int64' ? int64ToDoubles(v.values) : v.values;
}

/** Validity of rows valid in both a and b. */
export function andValid(a: Validity, b: Validity, n: number): Validity {
  if (a === null) return b === null ? null : b.slice(0, n);
  if (b === null) return a.slice(0, n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** Validity of rows valid in every column. */
export function allValid(vs: readonly Vec[], n: number): Validity {
  let out: Validity = null;
  for (const v of vs) {
    if (v.valid === null) continue;
    out = out === null ? v.valid.slice(0, n) : andValid(out, v.valid, n);
  }
  return out;
}

/** A bool column. */
export function boolVec(values: Uint8Array, valid: Validity): Vec {
  return { kind: 'num', type: 'bool', values, valid };
}

/** A fixed-width column of `type` (not utf8); int64 values must be a BigInt64Array. */
export function numVec(type: Exclude<DataType, 'utf8'>, values: Float64Array | Int32Array | Uint8Array | BigInt64Array, valid: Validity): Vec {
  if ((type === 'int64') !== values instanceof BigInt64Array && type !== 'null') {
    throw new InternalError(`a ${type} column cannot be stored in a ${values.constructor.name}`);
  }
  return { kind: 'num', type, values, valid } as Vec;
}

/** True when every row of a string column is the same non-null entry (a literal). */
export function isConstStr(v: Vec): boolean {
  return v.kind === 'str' && v.valid === null && v.dict.length === 1;
}

/** True when the column has a null in every row (the null type, or all rows invalid). */
export function isAllNull(v: Vec): boolean {
  if (v.type === 'null') return true;
  if (v.valid === null) return false;
  const n = vecLength(v);
  for (let i = 0; i < n; i++) if (v.valid[i] !== 0) return false;
  return n > 0;
}

/** Counts the null rows of a validity mask. */
export function nullCount(valid: Validity, n: number): number {
  if (valid === null) return 0;
  let c = 0;
  for (let i = 0; i < n; i++) c += valid[i] === 0 ? 1 : 0;
  return c;
}

/** Number of rows of a vector. */
export { vecLength };
