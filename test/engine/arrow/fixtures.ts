/**
 * Shared fixtures of the Arrow tests.
 */
import type { DataType } from '../../../engine/types.js';
import { batchOf, prng, randomValues } from '../expr/helpers.js';

export const TYPES: DataType[] = ['bool', 'int32', 'int64', 'float64', 'utf8', 'date', 'timestamp', 'null'];

/** Random columns of every type; strings include '', unicode. */
export function everyType(seed: number, n: number) {
  const rand = prng(seed);
  return batchOf(TYPES.map((t) => ({ name: `c_${t}`, type: t, values: randomValues(rand, t, n, 0.2) })));
}

