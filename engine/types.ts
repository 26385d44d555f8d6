/**
 * Logical data types, fields and schemas shared by every layer.
 *
 * Storage inside a task (see batch.ts): bool → Uint8Array (0/1); int32 and date (days since
 * epoch) → Int32Array; float64 and timestamp (ms since epoch) → Float64Array; int64 →
 * BigInt64Array, exact over its whole range (kernels read its (lo, hi) words, kernels/int64.ts);
 * utf8 → dictionary (string[]) + Int32Array codes. A result int64 is a number within ±(2^53−1),
 * else an error naming the column unless conf.bigint (see API.md "Results").
 */
export type DataType = 'bool' | 'int32' | 'int64' | 'float64' | 'utf8' | 'date' | 'timestamp' | 'null';

/** Every type name a user may pass to `cast`. */
export const DATA_TYPES: readonly DataType[] = ['bool', 'int32', 'int64', 'float64', 'utf8', 'date', 'timestamp', 'null'];

/** A named, typed column of a schema. */
export interface Field {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
}

/** An ordered list of fields. Plain data: it travels inside plans as JSON. */
export type Schema = readonly Field[];

/** True for the types whose values are numbers in arithmetic (bool excluded). */
export function isNumeric(t: DataType): boolean {
  return t === 'int32' || t === 'int64' || t === 'float64';
}

/** True for integer types. */
export function isInteger(t: DataType): boolean {
  return t === 'int32' || t === 'int64';
}

/** Makes a field. */
export function field(name: string, type: DataType, nullable = true): Field {
  return { name, type, nullable };
}
