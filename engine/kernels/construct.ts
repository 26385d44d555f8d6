/**
 * Constructors of columns and batches: all-null and constant columns, empty batches, checked batches.
 */
import type { DataType, Schema } from '../types.js';
import { storageFor, vecLength, type Batch, type StrVec, type Vec } from '../batch.js';
import type { LitValue } from '../expr.js';
import { InternalError } from '../errors.js';

/** A column of `length` nulls of `type`. */
export function nullVec(type: DataType, length: number): Vec {
  const valid = new Uint8Array(length);
  if (type === 'utf8') return { kind: 'str', type, dict: [], codes: new Int32Array(length), valid };
  return { kind: 'num', type, values: new (storageFor(type))(length), valid } as Vec;
}

/**
 * A column holding `value` in every row (null gives nullVec). Dates are days and timestamps ms;
 * bools accept true/false; an int64 may be a decimal string (a literal beyond ±2^53 in a plan).
 */
export function constVec(value: LitValue, type: DataType, length: number): Vec {
  if (value === null || type === 'null') return nullVec(type, length);
  if (type === 'utf8') {
    return { kind: 'str', type, dict: [typeof value === 'string' ? value : String(value)], codes: new Int32Array(length), valid: null };
  }
  if (type === 'int64') {
    const big = typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value);
    return { kind: 'num', type, values: new BigInt64Array(length).fill(BigInt.asIntN(64, big)), valid: null };
  }
  const values = new (storageFor(type))(length);
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
  if (!Object.is(n, 0)) values.fill(n); // -0 too (a fresh array holds +0)
  return { kind: 'num', type, values, valid: null } as Vec;
}

/**
 * A string column of the first `n` of `values` (null and undefined, also past the end, are null
 * rows; other non-strings go through String()), each distinct string once in the dictionary.
 */
export function dictionaryEncode(values: ArrayLike<unknown>, n = values.length): StrVec {
  const dict: string[] = [];
  const ids = new Map<string, number>();
  const codes = new Int32Array(n);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
      continue;
    }
    const s = typeof v === 'string' ? v : String(v);
    let id = ids.get(s);
    if (id === undefined) {
      id = dict.length;
      dict.push(s);
      ids.set(s, id);
    }
    codes[i] = id;
  }
  return { kind: 'str', type: 'utf8', dict, codes, valid };
}

/** A batch of zero rows with the given schema. */
export function emptyBatch(schema: Schema): Batch {
  return { schema, columns: schema.map((f) => nullVec(f.type, 0)), length: 0 };
}

/** A batch from a schema and its columns; checks that counts, lengths and types agree. */
export function makeBatch(schema: Schema, columns: Vec[]): Batch {
  if (schema.length !== columns.length) {
    throw new InternalError(`batch has ${columns.length} columns but its schema has ${schema.length} (${schema.map((f) => f.name).join(', ')})`);
  }
  const length = columns.length === 0 ? 0 : vecLength(columns[0]!);
  for (let c = 0; c < columns.length; c++) {
    const col = columns[c]!;
    const len = vecLength(col);
    if (len !== length) {
      throw new InternalError(`column ${schema[c]!.name} has ${len} rows but column ${schema[0]!.name} has ${length}`);
    }
    if (col.type !== schema[c]!.type && col.type !== 'null') {
      throw new InternalError(`column ${schema[c]!.name} is declared ${schema[c]!.type} but holds ${col.type}`);
    }
  }
  return { schema, columns, length };
}
