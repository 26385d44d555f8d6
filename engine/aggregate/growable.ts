/**
 * Growth helpers for the per-group state arrays of accumulators and hash tables.
 */
import type { DataType } from '../types.js';
import type { NumVec } from '../batch.js';
import { storageFor } from '../batch.js';
import { int64FromDoubles } from '../kernels/int64.js';

type Typed = Float64Array | Int32Array | Uint8Array | Uint32Array | BigInt64Array;

/** `a` if it holds at least `n` slots, else a copy with room for `n` (doubling); new slots are 0. */
export function ensure<T extends Typed>(a: T, n: number): T {
  if (a.length >= n) return a;
  let cap = Math.max(16, a.length * 2);
  while (cap < n) cap *= 2;
  const b = new (a.constructor as { new (n: number): T })(cap);
  b.set(a as never);
  return b;
}

/**
 * A fixed-width column of `type` from the first `n` doubles of `values`, null where `has` is 0
 * (`has` null: no nulls). For int64 the doubles must be integers in the int64 range (exact
 * ones: counts, or integer keys and values that came in exact).
 */
export function numVecFrom(type: Exclude<DataType, 'utf8'>, values: Float64Array, has: Uint8Array | null, n: number): NumVec {
  let valid: Uint8Array | null = null;
  if (has !== null) {
    for (let i = 0; i < n; i++) {
      if (has[i] === 0) {
        valid = has.slice(0, n);
        break;
      }
    }
  }
  if (type === 'int64') {
    const src = valid === null ? values : values.slice(0, n);
    if (valid !== null) for (let i = 0; i < n; i++) if (valid[i] === 0) src[i] = 0;
    return { kind: 'num', type, values: int64FromDoubles(src, n), valid };
  }
  const Storage = storageFor(type);
  const out = Storage === Float64Array ? values.slice(0, n) : Storage.from(values.subarray(0, n));
  if (valid !== null) for (let i = 0; i < n; i++) if (valid[i] === 0) out[i] = 0;
  return { kind: 'num', type, values: out, valid };
}
