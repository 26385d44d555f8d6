/**
 * The random programs of the DuckDB differential test as plain data: expressions and steps over
 * the two generated tables. to-dsl.ts builds a rondo Dataset from a program, to-sql.ts prints
 * the same query as DuckDB SQL.
 */

/** The value types the generator uses (rondo's int32, int64, float64, utf8, bool). */
export type T = 'int' | 'long' | 'double' | 'str' | 'bool';

/** Arithmetic operators (the Column method names). */
export type ArithOp = 'plus' | 'minus' | 'mul' | 'div' | 'mod';
/** Comparison operators (the Column method names). */
export type CmpOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
/** Scalar functions (the DSL function or method names). */
export type FnName =
  | 'abs' | 'coalesce' | 'round' | 'floor' | 'ceil' | 'sqrt' | 'exp' | 'ln' | 'pow' | 'greatest' | 'least'
  | 'lower' | 'upper' | 'length' | 'trim' | 'concat' | 'contains' | 'startsWith' | 'endsWith' | 'substr';
/** Aggregate functions. */
export type AggName = 'count' | 'countDistinct' | 'sum' | 'avg' | 'min' | 'max' | 'median' | 'stddev' | 'corr' | 'first';

/** A sort key. */
export interface SortKey { readonly e: E; readonly asc: boolean; readonly nullsFirst: boolean }

/** An expression; `t` is its result type. */
export type E =
  | { readonly k: 'col'; readonly name: string; readonly t: T }
  | { readonly k: 'lit'; readonly v: number | string | boolean | null; readonly t: T }
  | { readonly k: 'arith'; readonly op: ArithOp; readonly a: E; readonly b: E; readonly t: T }
  | { readonly k: 'cmp'; readonly op: CmpOp; readonly a: E; readonly b: E; readonly t: 'bool' }
  | { readonly k: 'logic'; readonly op: 'and' | 'or'; readonly a: E; readonly b: E; readonly t: 'bool' }
  | { readonly k: 'not'; readonly a: E; readonly t: 'bool' }
  | { readonly k: 'isNull' | 'isNotNull'; readonly a: E; readonly t: 'bool' }
  | { readonly k: 'isIn'; readonly a: E; readonly list: readonly E[]; readonly t: 'bool' }
  | { readonly k: 'between'; readonly a: E; readonly lo: E; readonly hi: E; readonly t: 'bool' }
  | { readonly k: 'case'; readonly branches: readonly (readonly [E, E])[]; readonly otherwise: E | null; readonly t: T }
  | { readonly k: 'cast'; readonly a: E; readonly t: T }
  | { readonly k: 'fn'; readonly name: FnName; readonly args: readonly E[]; readonly t: T }
  | { readonly k: 'agg'; readonly fn: AggName; readonly args: readonly E[]; readonly t: T }
  | { readonly k: 'win'; readonly fn: 'rowNumber' | 'rank' | 'denseRank' | { readonly agg: E }; readonly partition: readonly E[]; readonly order: readonly SortKey[]; readonly t: T };

/** A named output column. */
export interface NamedE { readonly name: string; readonly e: E }

/** The join condition: same-named key columns (`join(other, ['k'])`) or equalities of distinct names. */
export type JoinOn =
  | { readonly kind: 'using'; readonly keys: readonly string[] }
  | { readonly kind: 'cond'; readonly pairs: readonly (readonly [string, string])[] };

/** One transformation. */
export type Step =
  | { readonly k: 'filter'; readonly cond: E }
  | { readonly k: 'select'; readonly cols: readonly NamedE[] }
  | { readonly k: 'withColumn'; readonly name: string; readonly e: E }
  | { readonly k: 'groupBy'; readonly keys: readonly string[]; readonly aggs: readonly NamedE[] }
  | { readonly k: 'join'; readonly right: Program; readonly on: JoinOn; readonly how: 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' }
  | { readonly k: 'union'; readonly other: Program }
  | { readonly k: 'distinct' }
  | { readonly k: 'orderBy'; readonly keys: readonly SortKey[]; readonly limit: number | null };

/** A column of a program's output. */
export interface Col { readonly name: string; readonly t: T }

/** A program: a table (`t` or `u`), its columns renamed as `rename` says, then the steps. */
export interface Program {
  readonly table: 't' | 'u';
  readonly rename: readonly (readonly [string, string])[];
  readonly steps: readonly Step[];
  /** The output columns, in order. */
  readonly out: readonly Col[];
}

/** Whether the program's answer is in a defined order (it ends with a total orderBy). */
export function isOrdered(p: Program): boolean {
  return p.steps.length > 0 && p.steps[p.steps.length - 1]!.k === 'orderBy';
}

/** Every expression of a program, its sub-programs included (for the KNOWN checks). */
export function* allExprs(p: Program): Generator<E> {
  const walk = function* (e: E): Generator<E> {
    yield e;
    switch (e.k) {
      case 'arith': case 'cmp': case 'logic': yield* walk(e.a); yield* walk(e.b); break;
      case 'not': case 'isNull': case 'isNotNull': case 'cast': yield* walk(e.a); break;
      case 'isIn': yield* walk(e.a); for (const x of e.list) yield* walk(x); break;
      case 'between': yield* walk(e.a); yield* walk(e.lo); yield* walk(e.hi); break;
      case 'case': for (const [c, v] of e.branches) { yield* walk(c); yield* walk(v); } if (e.otherwise) yield* walk(e.otherwise); break;
      case 'fn': case 'agg': for (const x of e.args) yield* walk(x); break;
      case 'win':
        if (typeof e.fn === 'object') yield* walk(e.fn.agg);
        for (const x of e.partition) yield* walk(x);
        for (const s of e.order) yield* walk(s.e);
        break;
      default: break;
    }
  };
  for (const s of p.steps) {
    switch (s.k) {
      case 'filter': yield* walk(s.cond); break;
      case 'select': for (const c of s.cols) yield* walk(c.e); break;
      case 'withColumn': yield* walk(s.e); break;
      case 'groupBy': for (const c of s.aggs) yield* walk(c.e); break;
      case 'join': yield* allExprs(s.right); break;
      case 'union': yield* allExprs(s.other); break;
      case 'orderBy': for (const x of s.keys) yield* walk(x.e); break;
      default: break;
    }
  }
}
