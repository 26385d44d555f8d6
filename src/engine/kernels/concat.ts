/**
 * Concatenate columns and batches; string columns with different dictionaries get one merged dictionary.
 */
import type { DataType, Schema } from '../types.js';
import { storageFor, vecLength, type Batch, type StrVec, type Vec } from '../batch.js';
import { nullVec } from './construct.js';
import { InternalError } from '../errors.js';

/**
 * The rows of `vecs` one after another, as one column of `type`. A column of type 'null' is
 * accepted in any position (its rows are nulls). Reuses the dictionary when all string inputs share it.
 */
export function concatVecs(type: DataType, vecs: readonly Vec[]): Vec {
  let total = 0;
  for (const v of vecs) total += vecLength(v);
  const parts = vecs.map((v) => (v.type === type ? v : v.type === 'null' ? nullVec(type, vecLength(v)) : mismatch(type, v)));
  if (parts.length === 1) return parts[0]!;
  let valid: Uint8Array | null = null;
  if (type === 'null' || parts.some((p) => p.valid !== null)) {
    valid = new Uint8Array(total);
    let off = 0;
    for (const p of parts) {
      const n = vecLength(p);
      if (p.valid === null) valid.fill(1, off, off + n);
      else valid.set(p.valid, off);
      off += n;
    }
  }
  if (type === 'utf8') return concatStr(parts as StrVec[], total, valid);
  const values = new (storageFor(type as Exclude<DataType, 'utf8'>))(total);
  let off = 0;
  for (const p of parts) {
    const vals = (p as Extract<Vec, { kind: 'num' }>).values;
    values.set(vals, off);
    off += vals.length;
  }
  return { kind: 'num', type: type as Exclude<DataType, 'utf8'>, values, valid };
}

function mismatch(type: DataType, v: Vec): never {
  throw new InternalError(`cannot concatenate a ${v.type} column into a ${type} column`);
}

function concatStr(parts: StrVec[], total: number, valid: Uint8Array | null): StrVec {
  const codes = new Int32Array(total);
  // Inputs with no rows do not constrain the dictionary.
  const nonEmpty = parts.filter((p) => p.codes.length > 0);
  const first = nonEmpty[0];
  if (first === undefined || nonEmpty.every((p) => p.dict === first.dict)) {
    let off = 0;
    for (const p of parts) {
      codes.set(p.codes, off);
      off += p.codes.length;
    }
    return { kind: 'str', type: 'utf8', dict: first ? first.dict : [], codes, valid };
  }
  const dict: string[] = [];
  const index = new Map<string, number>();
  let off = 0;
  let lastDict: readonly string[] | null = null;
  let remap = new Int32Array(0);
  for (const p of parts) {
    const n = p.codes.length;
    if (n === 0) continue;
    if (p.dict !== lastDict) {
      // Per dictionary entry once: its code in the merged dictionary.
      remap = new Int32Array(p.dict.length);
      for (let k = 0; k < p.dict.length; k++) {
        const s = p.dict[k]!;
        let c = index.get(s);
        if (c === undefined) {
          c = dict.length;
          dict.push(s);
          index.set(s, c);
        }
        remap[k] = c;
      }
      lastDict = p.dict;
    }
    const src = p.codes;
    const pv = p.valid;
    for (let i = 0; i < n; i++) {
      codes[off + i] = pv !== null && pv[i] === 0 ? 0 : remap[src[i]!]!;
    }
    off += n;
  }
  return { kind: 'str', type: 'utf8', dict, codes, valid };
}

/** The rows of `batches` one after another, as one batch of `schema`. */
export function concatBatches(schema: Schema, batches: readonly Batch[]): Batch {
  if (batches.length === 1 && batches[0]!.schema === schema) return batches[0]!;
  let length = 0;
  for (const b of batches) length += b.length;
  const columns = schema.map((f, c) => concatVecs(f.type, batches.map((b) => b.columns[c]!)));
  return { schema, columns, length };
}
