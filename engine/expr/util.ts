/**
 * Small helpers shared by the expression families.
 */
import type { Validity, Vec } from '../batch.js';
import { vecLength } from '../batch.js';
import type { DataType } from '../types.js';
import { InternalError } from '../errors.js';

/** The numeric storage of a fixed-width column; an InternalError for strings. */
export function numValues(v: Vec, what: string): Float64Array | Int32Array | Uint8Array {
  if (v.kind !== 'num') throw new InternalError(`${what}: expected a numeric column, got ${v.type}`);
  return v.values;
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

/** A fixed-width column of `type` (not utf8). */
export function numVec(type: Exclude<DataType, 'utf8'>, values: Float64Array | Int32Array | Uint8Array, valid: Validity): Vec {
  return { kind: 'num', type, values, valid };
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
