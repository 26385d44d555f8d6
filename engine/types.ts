/**
 * Logical data types, fields and schemas shared by every layer.
 *
 * Storage inside a task (see batch.ts): bool → Uint8Array (0/1); int32 and date (days since
 * epoch) → Int32Array; int64, float64 and timestamp (ms since epoch) → Float64Array; utf8 →
 * dictionary (string[]) + Int32Array codes. int64 lives in a Float64Array so kernels stay on
 * doubles: it is exact up to ±2^53, and a value beyond that is an error naming the column,
 * never a rounded number (see API.md "Results").
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
