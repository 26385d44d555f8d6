/**
 * isNull, isNotNull (never null) and coalesce (first non-null argument).
 */
import type { Vec } from '../batch.js';
import type { DataType } from '../types.js';
import { concatVecs, nullVec, takeVec } from '../kernels/index.js';
import { boolVec, vecLength } from './util.js';

/** 1 where the row is null (or not null when `negate`). */
export function isNull(a: Vec, negate: boolean): Vec {
  const n = vecLength(a);
  const out = new Uint8Array(n);
  const valid = a.type === 'null' ? new Uint8Array(n) : a.valid;
  if (valid === null) {
    if (negate) out.fill(1);
  } else {
    for (let i = 0; i < n; i++) out[i] = (valid[i] === 0) !== negate ? 1 : 0;
  }
  return boolVec(out, null);
}

/**
 * Row by row, the first non-null of `args` (already of type `type`): gathers from the
 * concatenation of the arguments, so string dictionaries merge once.
 */
export function coalesce(type: DataType, args: readonly Vec[], n: number): Vec {
  if (args.length === 0) return nullVec(type, n);
  if (args.length === 1 || args[0]!.valid === null && args[0]!.type !== 'null') return args[0]!;
  const idx = new Int32Array(n).fill(-1);
  let open = n;
  for (let k = 0; k < args.length && open > 0; k++) {
    const v = args[k]!;
    if (v.type === 'null') continue;
    const valid = v.valid;
    const base = k * n;
    for (let i = 0; i < n; i++) {
      if (idx[i] === -1 && (valid === null || valid[i] !== 0)) {
        idx[i] = base + i;
        open--;
      }
    }
  }
  return takeVec(concatVecs(type, args), idx);
}
