/**
 * and / or with SQL three-valued logic (false AND null = false, true OR null = true), and not.
 */
import type { Vec } from '../batch.js';
import { nullVec } from '../kernels/index.js';
import { boolVec, vecLength } from './util.js';

function parts(v: Vec): { vals: Uint8Array | null; valid: Uint8Array | null } {
  if (v.kind !== 'num' || v.type === 'null') return { vals: null, valid: null };
  return { vals: v.values as Uint8Array, valid: v.valid };
}

/** Three-valued AND (or OR when `isOr`) of two bool columns. */
export function andOr(isOr: boolean, a: Vec, b: Vec): Vec {
  const n = vecLength(a);
  if (a.type === 'null' && b.type === 'null') return nullVec('bool', n);
  const pa = parts(a);
  const pb = parts(b);
  const out = new Uint8Array(n);
  let valid: Uint8Array | null = null;
  // The "dominant" value decides alone: false for AND, true for OR.
  const dom = isOr ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const aKnown = pa.vals !== null && (pa.valid === null || pa.valid[i] !== 0);
    const bKnown = pb.vals !== null && (pb.valid === null || pb.valid[i] !== 0);
    const x = aKnown ? (pa.vals![i] !== 0 ? 1 : 0) : -1;
    const y = bKnown ? (pb.vals![i] !== 0 ? 1 : 0) : -1;
    if (x === dom || y === dom) out[i] = dom;
    else if (x === -1 || y === -1) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    } else out[i] = 1 - dom;
  }
  return boolVec(out, valid);
}

/** NOT of a bool column (null stays null). */
export function not(a: Vec): Vec {
  const n = vecLength(a);
  if (a.kind !== 'num' || a.type === 'null') return nullVec('bool', n);
  const vals = a.values as Uint8Array;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = vals[i] !== 0 ? 0 : 1;
  return boolVec(out, a.valid);
}
