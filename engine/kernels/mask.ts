/**
 * Boolean masks: which rows of a bool column are true and not null.
 */
import type { Vec } from '../batch.js';
import { InternalError } from '../errors.js';

function boolValues(mask: Vec): Uint8Array {
  if (mask.kind !== 'num' || (mask.type !== 'bool' && mask.type !== 'null')) {
    throw new InternalError(`a filter mask must be bool, got ${mask.type}`);
  }
  return mask.values as Uint8Array;
}

/** 1 where the bool column is true and not null, else 0. */
export function isTrueMask(mask: Vec): Uint8Array {
  const vals = boolValues(mask);
  const n = vals.length;
  const out = new Uint8Array(n);
  if (mask.type === 'null') return out;
  const valid = mask.valid;
  if (valid === null) {
    for (let i = 0; i < n; i++) out[i] = vals[i]! !== 0 ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) out[i] = vals[i]! !== 0 && valid[i] !== 0 ? 1 : 0;
  }
  return out;
}

/** The indices of the rows where the bool column is true and not null. */
export function selectionFromMask(mask: Vec): Int32Array {
  const vals = boolValues(mask);
  const n = vals.length;
  if (mask.type === 'null') return new Int32Array(0);
  const valid = mask.valid;
  let count = 0;
  for (let i = 0; i < n; i++) if (vals[i]! !== 0 && (valid === null || valid[i] !== 0)) count++;
  const sel = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (vals[i]! !== 0 && (valid === null || valid[i] !== 0)) sel[k++] = i;
  return sel;
}
