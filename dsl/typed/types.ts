/**
 * Type-level helpers of the typed API: column names of a row type, what select and
 * withColumn make of it, and captures.
 */
import type { Row } from '../dataset.js';
import type { SchemaInput } from '../schema-input.js';

/** Named JSON values a row function may use besides its parameters and JavaScript globals. */
export type Captures = Readonly<Record<string, unknown>>;

/**
 * Options of map, flatMap, mapPartitions and mapGroups. `schema`: the output schema of a
 * function that runs row by row, instead of inferring it from a sample (needed when the input
 * may be empty and the schema cannot be read from the function's source).
 * @example ds.mapPartitions(fn, {}, { schema: { n: 'int' } })
 */
export interface RowFnOptions {
  readonly schema?: SchemaInput;
}

/** True when T is an untyped row (`Record<string, unknown>`: any name is a column). */
type Untyped<T> = string extends keyof T ? true : false;

/**
 * The column names of rows of type T: its keys when T is a typed object, any string for
 * untyped rows, `value` for a Dataset of bare values; `'*'` selects all.
 */
export type ColName<T> = T extends object
  ? (Untyped<T> extends true ? string : (keyof T & string) | '*')
  : 'value' | '*';

/** The row type after `select(...names)`. */
export type Selected<T, K extends string> = T extends object
  ? (Untyped<T> extends true ? Row : '*' extends K ? T : Pick<T, Extract<K, keyof T>>)
  : Row;

/** The row type after `withColumn(name, col)`: the field added (or replaced), its type unknown. */
export type WithColumn<T, N extends string> = T extends object
  ? (Untyped<T> extends true ? Row : Omit<T, N> & { [P in N]: unknown })
  : Row;
