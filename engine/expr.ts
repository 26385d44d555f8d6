/**
 * Physical expressions: the closed, data-only union that tasks carry as JSON and that
 * engine/expr/ evaluates vectorized over a Batch. Column references are bound to an input
 * column index by the planner; every node carries its result type.
 */
import type { DataType } from './types.js';

/** A literal value. Dates are days since epoch and timestamps ms since epoch, as numbers. */
export type LitValue = null | boolean | number | string;

/**
 * Scalar functions. Semantics (Spark's, ANSI mode):
 * - arithmetic `add sub mul`: int32∘int32 → int32, any int64 → int64, any float64 → float64;
 *   an integer result that overflows its type (int64: beyond ±2^53) is an error naming the
 *   expression. `div` always gives float64 (Spark's `/`); `mod` keeps the operand type; both
 *   give null for a zero divisor. `neg abs` keep the type.
 * - comparisons `eq neq lt lte gt gte` → bool, null if either side is null; numbers of mixed
 *   types compare by value, strings by UTF-8 bytes, dates and timestamps by value.
 * - `and or` use SQL three-valued logic (false AND null = false, true OR null = true); `not`.
 * - `isNull isNotNull` → bool, never null. `isNaN` → bool: true for a float64 NaN, false for
 *   any other value or type, null for null (compiled row functions use it for JavaScript's NaN). `in` (args: value, then the list): null if the
 *   value is null, or if no match and the list holds a null. `between` (value, low, high)
 *   inclusive. `coalesce` first non-null argument.
 * - strings: `lower upper length trim`; `contains startsWith endsWith` (value, needle) → bool;
 *   `substr` (value, pos, len) with Spark's 1-based pos (0 treated as 1, negative counts from
 *   the end); `concat` of strings (null if any is null).
 * - math on float64: `floor ceil round` (round half away from zero, like Spark) `sqrt exp ln pow`;
 *   `greatest least` skip nulls.
 */
export type ScalarFn =
  | 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'neg' | 'abs'
  | 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte'
  | 'and' | 'or' | 'not'
  | 'isNull' | 'isNotNull' | 'isNaN' | 'in' | 'between' | 'coalesce'
  | 'lower' | 'upper' | 'length' | 'trim' | 'contains' | 'startsWith' | 'endsWith' | 'substr' | 'concat'
  | 'floor' | 'ceil' | 'round' | 'sqrt' | 'exp' | 'ln' | 'pow' | 'greatest' | 'least';

/** A bound, typed expression over the columns of one input batch. */
export type Expr =
  | { readonly kind: 'col'; readonly index: number; readonly type: DataType; readonly name: string }
  | { readonly kind: 'lit'; readonly value: LitValue; readonly type: DataType }
  | { readonly kind: 'call'; readonly fn: ScalarFn; readonly args: readonly Expr[]; readonly type: DataType }
  /** `cast`: a string that does not parse as the target type is an error quoting it. */
  | { readonly kind: 'cast'; readonly expr: Expr; readonly type: DataType }
  /** CASE WHEN: the first branch whose condition is true; else `otherwise` (null if absent). */
  | { readonly kind: 'case'; readonly branches: readonly { readonly when: Expr; readonly then: Expr }[]; readonly otherwise: Expr | null; readonly type: DataType };

/** One key of a sort: Spark's defaults are asc nulls first, desc nulls last. */
export interface SortKey {
  readonly expr: Expr;
  readonly asc: boolean;
  readonly nullsFirst: boolean;
}

/**
 * Aggregate functions. `count` with no argument counts rows; with one it counts non-null
 * values. `sum` of ints is int64, of floats float64; `avg stddev median corr` are float64;
 * `min max first` keep the type. All skip nulls and give null over no values (count gives 0).
 * `stddev` is the sample standard deviation (Spark's stddev = stddev_samp); `median` is exact
 * (the mean of the two middle values for an even count, like Spark's `median`).
 */
export type AggFn = 'count' | 'countDistinct' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'median' | 'stddev' | 'corr';

/** Aggregates whose partial state is a fixed set of columns, so they split into partial/final. */
export const DECOMPOSABLE_AGGS: ReadonlySet<AggFn> = new Set<AggFn>(['count', 'sum', 'avg', 'min', 'max', 'first', 'stddev', 'corr']);

/** One aggregate of a hash aggregation: its function, argument expressions and result type. */
export interface AggSpec {
  readonly fn: AggFn;
  /** Over the operator's input (mode partial/single); ignored in final mode, which reads state columns. */
  readonly args: readonly Expr[];
  /** Result type of the final value. */
  readonly type: DataType;
}

/** Window functions: ranking functions, or any aggregate over the window frame. */
export type WindowFnSpec =
  | { readonly kind: 'rowNumber' }
  | { readonly kind: 'rank' }
  | { readonly kind: 'denseRank' }
  | { readonly kind: 'agg'; readonly agg: AggSpec };
