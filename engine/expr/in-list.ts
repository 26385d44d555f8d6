/**
 * value IN (list): SQL semantics as OR of equalities — null if the value is null, or if nothing
 * matches and the list holds a null.
 */
import type { Vec } from '../batch.js';
import { nullVec } from '../kernels/index.js';
import { compareVecs } from './compare.js';
import { andOr } from './logic.js';
import { boolVec, vecLength } from './util.js';

/** Evaluates `value IN (items...)` over evaluated columns. */
export function evalIn(value: Vec, items: readonly Vec[]): Vec {
  const n = vecLength(value);
  if (value.type === 'null') return nullVec('bool', n);
  if (items.length === 0) return boolVec(new Uint8Array(n), value.valid);
  let acc: Vec | null = null;
  for (const item of items) {
    const eq = compareVecs('eq', value, item);
    acc = acc === null ? eq : andOr(true, acc, eq);
  }
  return acc!;
}
