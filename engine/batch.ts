/**
 * The in-task columnar batch: what operators pass to each other.
 *
 * A `Batch` is a schema plus one `Vec` per field, all of `length` rows. Vectors are plain typed
 * arrays (see types.ts for the storage of each DataType), so kernels loop over them without
 * per-row objects. Batches become Arrow RecordBatches at the edges (sources, shuffle pieces,
 * results) through engine/arrow/.
 */
import type { DataType, Schema } from './types.js';

/** A validity mask, one byte per row: 1 = value present, 0 = null. `null` means "no nulls". */
export type Validity = Uint8Array | null;

/** A fixed-width column: bool, int32, int64, float64, date, timestamp, or the all-null type. */
export type NumVec = Int64Vec | NarrowNumVec;

/** A fixed-width column other than int64. */
export interface NarrowNumVec {
  readonly kind: 'num';
  readonly type: Exclude<DataType, 'utf8' | 'int64'>;
  /** bool/null → Uint8Array; int32/date → Int32Array; float64/timestamp → Float64Array. */
  readonly values: Float64Array | Int32Array | Uint8Array;
  readonly valid: Validity;
}

/**
 * An int64 column, exact: a BigInt64Array (Arrow's Int64 layout). Kernels read it through its
 * Int32Array (lo, hi) word view (kernels/int64.ts), never element by element as BigInt in a loop.
 */
export interface Int64Vec {
  readonly kind: 'num';
  readonly type: 'int64';
  readonly values: BigInt64Array;
  readonly valid: Validity;
}

/**
 * A string dictionary as UTF-8 bytes in Arrow's Utf8 layout: entry i is
 * `bytes[offsets[i] .. offsets[i + 1])` (offsets need not start at 0).
 */
export interface Utf8Dict {
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
}

/**
 * A string column as a dictionary and codes: row i is `dict[codes[i]]` unless it is null.
 * The dictionary may hold entries no row uses and need not be sorted or unique; kernels that
 * compare or hash work once per dictionary entry and then map through the codes.
 *
 * When `utf8` is set, it holds the same entries as bytes and `dict` is decoded from it on first
 * read (kernels/utf8.ts builds such vectors): columns that only pass through a task (gathered by
 * a join, sliced, written out) never become JS strings. Use `dictKey`/`dictSize` of
 * kernels/utf8.ts to compare or size a dictionary without decoding it.
 */
export interface StrVec {
  readonly kind: 'str';
  readonly type: 'utf8';
  readonly dict: readonly string[];
  readonly codes: Int32Array;
  readonly valid: Validity;
  readonly utf8?: Utf8Dict;
}

/** One column of a batch. */
export type Vec = NumVec | StrVec;

/** A set of equally long columns with their schema. */
export interface Batch {
  readonly schema: Schema;
  readonly columns: readonly Vec[];
  readonly length: number;
}

/** The typed array constructor that stores a fixed-width type. */
export function storageFor(type: Exclude<DataType, 'utf8' | 'int64'>): Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;
export function storageFor(type: Exclude<DataType, 'utf8'>): Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | BigInt64ArrayConstructor;
export function storageFor(type: Exclude<DataType, 'utf8'>): Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | BigInt64ArrayConstructor {
  switch (type) {
    case 'int64':
      return BigInt64Array;
    case 'bool':
    case 'null':
      return Uint8Array;
    case 'int32':
    case 'date':
      return Int32Array;
    default:
      return Float64Array;
  }
}

/** Number of rows of a vector. */
export function vecLength(v: Vec): number {
  return v.kind === 'str' ? v.codes.length : v.values.length;
}

/** True when row i of v is null. */
export function isNullAt(v: Vec, i: number): boolean {
  return v.valid !== null && v.valid[i] === 0;
}
