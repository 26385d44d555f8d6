/**
 * value BETWEEN low AND high, inclusive: (value >= low) AND (value <= high), three-valued.
 */
import type { Vec } from '../batch.js';
import { compareVecs } from './compare.js';
import { andOr } from './logic.js';

/** Evaluates `value BETWEEN low AND high` over evaluated columns. */
export function evalBetween(value: Vec, low: Vec, high: Vec): Vec {
  return andOr(false, compareVecs('gte', value, low), compareVecs('lte', value, high));
}
