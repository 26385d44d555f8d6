/**
 * The public shapes of the analysis of a typed row function (issue 4): what the DSL and the
 * planner learn about a function when a transformation is defined.
 */
import type { LExpr } from '../../planner/logical.js';

/** Which typed call a function was given to; decides which parameters are rows. */
export type LambdaKind = 'map' | 'flatMap' | 'filter' | 'mapPartitions' | 'key' | 'reduce' | 'mapGroups' | 'foreach';

/** A value that survives JSON unchanged: what captures may hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/**
 * What the compiled form assumes of one row field. `type`: 'number' (int32, int64, float64),
 * 'string' (utf8), 'boolean' (bool), 'scalar' (any of those three, not a date or timestamp,
 * whose values are Date objects in a row), 'any' (passed through unchanged). `nonNull`: the
 * compiled form is exact only when the column holds no null (e.g. `r.s.toLowerCase()` throws
 * on a null in JS, so it compiles only over a non-nullable column).
 */
export interface FieldRequirement {
  readonly type: 'number' | 'string' | 'boolean' | 'scalar' | 'any';
  readonly nonNull: boolean;
  /** Fields that must hold the same JavaScript type as this one (`r.a === r.b` over fields of unknown types). */
  readonly sameTypeAs?: readonly string[];
}

/** The compiled form of a row function, over the columns named by its field reads. */
export type CompiledLambda =
  /** filter: keep the rows where `expr` is true (null counts as false, as in a column filter). */
  | { readonly kind: 'predicate'; readonly expr: LExpr }
  /** key (groupBy(fn)), and map returning a scalar (then the one output column is named 'value'). */
  | { readonly kind: 'value'; readonly expr: LExpr }
  /** map returning an object literal. */
  | { readonly kind: 'record'; readonly fields: readonly { readonly name: string; readonly expr: LExpr }[] };

/**
 * The JavaScript type of a value of a row function's result, read from its source: a type, the
 * row itself, a field of the input passed through (its column's type), `a + b` (a string when a side is),
 * or one of two (`c ? a : b`, `a || b`; one type over the schema, else unknown).
 */
export type ShapeType =
  | { readonly t: 'number' | 'string' | 'boolean' | 'null' | 'Date' }
  /** The row parameter itself (a column only when the rows are bare values). */
  | { readonly t: 'row' }
  | { readonly field: string }
  | { readonly plus: readonly [ShapeType, ShapeType] }
  | { readonly either: readonly [ShapeType, ShapeType] };

/** A row function's result read from its source: an object (keys in order; `['...', 'row']` spreads the input row) or a plain value. */
export type ResultShape =
  | { readonly kind: 'record'; readonly entries: readonly (readonly [string, ShapeType | 'row'])[] }
  | { readonly kind: 'value'; readonly type: ShapeType };

/** Everything the analysis of one row function found. */
export interface AnalyzedLambda {
  readonly kind: LambdaKind;
  /** The function's source text, as shipped: an expression that evaluates to the function. */
  readonly source: string;
  /** Parameter names ('' for destructured ones). */
  readonly params: readonly string[];
  /** The captures, checked and copied (JSON-safe). */
  readonly captures: Readonly<Record<string, JsonValue>>;
  /** Row fields read from the row parameter (r.a, r['a'], ({ a, b }) => …); null = the whole row is used (spread, r passed on, dynamic key, r returned). */
  readonly reads: readonly string[] | null;
  /** The compiled form, or null when the function must run row by row. */
  readonly compiled: CompiledLambda | null;
  /** Why it was not compiled (for explain), e.g. 'calls parseInt' or 'uses a loop'. */
  readonly notCompiledBecause: string | null;
  /**
   * What `compiled` assumes of the columns it reads (additive to the agreed API): the
   * compiled form is exact only over a schema that meets every requirement. Check with
   * `compiledFor(analyzed, schema)` before using `compiled`; empty when `compiled` is null.
   */
  readonly requires: Readonly<Record<string, FieldRequirement>>;
  /**
   * The result's shape read from the source (map and flatMap), or null when the source does not
   * tell (additive to the agreed API): the output schema when a sample has no rows.
   */
  readonly resultShape?: ResultShape | null;
}
