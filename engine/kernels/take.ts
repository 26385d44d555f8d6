/**
 * Gather rows by index (joins, sorts, filters).
 */
import type { Batch, Vec } from '../batch.js';
import { withCodes } from './utf8.js';
import { int64Words } from './int64.js';

/** Rows `indices` of v, in that order; an index of −1 gives a null row. */
export function takeVec(v: Vec, indices: Int32Array): Vec {
  const n = indices.length;
  const src = v.valid;
  let valid: Uint8Array | null = null;
  let hasNeg = false;
  for (let i = 0; i < n; i++) {
    if (indices[i]! < 0) {
      hasNeg = true;
      break;
    }
  }
  if (src !== null || hasNeg) {
    valid = new Uint8Array(n);
    let nulls = 0;
    if (src !== null) {
      for (let i = 0; i < n; i++) {
        const k = indices[i]!;
        const ok = k >= 0 ? src[k]! : 0;
        valid[i] = ok;
        nulls += ok ^ 1;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const ok = indices[i]! >= 0 ? 1 : 0;
        valid[i] = ok;
        nulls += ok ^ 1;
      }
    }
    if (nulls === 0 && v.type !== 'null') valid = null;
  }
  if (v.kind === 'str') {
    const codes = new Int32Array(n);
    const sc = v.codes;
    for (let i = 0; i < n; i++) {
      const k = indices[i]!;
      codes[i] = k >= 0 ? sc[k]! : 0;
    }
    return withCodes(v, codes, valid);
  }
  if (v.type === 'int64') {
    // Word by word: reading a BigInt64Array element allocates a bigint.
    const sw = int64Words(v.values);
    const values = new BigInt64Array(n);
    const w = int64Words(values);
    for (let i = 0; i < n; i++) {
      const k = indices[i]!;
      if (k < 0) continue;
      w[2 * i] = sw[2 * k]!;
      w[2 * i + 1] = sw[2 * k + 1]!;
    }
    return { kind: 'num', type: 'int64', values, valid };
  }
  const sv = v.values;
  const values = new (sv.constructor as Float64ArrayConstructor)(n);
  for (let i = 0; i < n; i++) {
    const k = indices[i]!;
    values[i] = k >= 0 ? sv[k]! : 0;
  }
  return { kind: 'num', type: v.type, values, valid: v.type === 'null' ? new Uint8Array(n) : valid } as Vec;
}

/** Rows `indices` of every column of b (−1 gives a null row). */
export function takeBatch(b: Batch, indices: Int32Array): Batch {
  return { schema: b.schema, columns: b.columns.map((c) => takeVec(c, indices)), length: indices.length };
}
