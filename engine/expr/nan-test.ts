/**
 * isNaN: true where a float64 value is NaN, false for every other value and type, null where
 * the value is null. Compiled row functions use it to give JavaScript's NaN semantics
 * (NaN compares false, is falsy) on top of the Spark comparisons.
 */
import type { Vec } from '../batch.js';
import { boolVec, vecLength } from './util.js';

/** 1 where the row holds NaN; validity of `a`. */
export function isNaNVec(a: Vec): Vec {
  const n = vecLength(a);
  const out = new Uint8Array(n);
  if (a.type === 'null') return boolVec(out, new Uint8Array(n));
  if (a.kind === 'num' && a.type === 'float64') {
    const v = a.values;
    for (let i = 0; i < n; i++) out[i] = v[i] !== v[i] ? 1 : 0;
  }
  return boolVec(out, a.valid === null ? null : a.valid.slice(0, n));
}
