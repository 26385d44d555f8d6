/**
 * The logical plan and logical expressions: closed, data-only unions built by the DSL,
 * checked by the analyzer, rewritten by the optimizer rules and turned into a physical plan.
 * Plain JSON-safe data throughout. Columns are referred to by name here; the physical
 * planner binds them to indices (engine/expr.ts).
 */
import type { AggFn, LitValue, ScalarFn } from '../engine/expr.js';
import type { CsvOptions, JoinType, RankingFn, RowFn } from '../engine/plan.js';
import type { DataType, Schema } from '../engine/types.js';

/** A sort key in a logical plan. */
export interface LSortKey {
  readonly expr: LExpr;
  readonly asc: boolean;
  readonly nullsFirst: boolean;
}

/** A window function in a logical expression. */
export type LWindowFn =
  | { readonly kind: 'rowNumber' }
  | { readonly kind: 'rank' }
  | { readonly kind: 'denseRank' }
  | { readonly kind: 'agg'; readonly agg: LExpr };

/** A per-window-partition limit on the rows a window node needs (see the window node). */
export interface WindowGroupLimit {
  readonly fn: RankingFn;
  readonly limit: number;
}

/** A logical expression. */
export type LExpr =
  /** A column by name; `planId` (from `ds.col(name)`) pins it to the side of a join that holds that plan. */
  | { readonly kind: 'col'; readonly name: string; readonly planId?: number }
  /** A literal; `type` is inferred from the value when absent (integer in int32 range → int32, other integers → int64, else float64). */
  | { readonly kind: 'lit'; readonly value: LitValue; readonly type?: DataType }
  | { readonly kind: 'call'; readonly fn: ScalarFn; readonly args: readonly LExpr[] }
  | { readonly kind: 'cast'; readonly expr: LExpr; readonly type: DataType }
  | { readonly kind: 'case'; readonly branches: readonly { readonly when: LExpr; readonly then: LExpr }[]; readonly otherwise: LExpr | null }
  | { readonly kind: 'alias'; readonly expr: LExpr; readonly name: string }
  /** An aggregate call; `count` with no args is count(*). Valid only inside Aggregate (or over a window). */
  | { readonly kind: 'agg'; readonly fn: AggFn; readonly args: readonly LExpr[] }
  /** A window function; valid only in the expressions of a project (select / withColumn). */
  | { readonly kind: 'window'; readonly fn: LWindowFn; readonly partitionBy: readonly LExpr[]; readonly orderBy: readonly LSortKey[] }
  /** `col.asc()` / `col.desc()`: valid only as a key of orderBy. */
  | { readonly kind: 'sortOrder'; readonly expr: LExpr; readonly asc: boolean; readonly nullsFirst: boolean };

/** What every file source has: its files, their total size, and their partition folder values. */
export interface FileSourceBase {
  readonly paths: readonly string[];
  readonly sizeBytes: number;
  /**
   * Per path (same order), the text of its partition folder values (null: the default
   * partition), one per partition column at the end of the scan's schema; absent when none.
   */
  readonly partitionValues?: readonly (readonly (string | null)[])[];
}

/** Where a Scan reads from. */
export type ScanSource =
  | (FileSourceBase & { readonly format: 'csv'; readonly options: CsvOptions })
  | (FileSourceBase & { readonly format: 'json' })
  | (FileSourceBase & { readonly format: 'arrow' })
  | (FileSourceBase & { readonly format: 'parquet' })
  | { readonly format: 'range'; readonly start: number; readonly end: number; readonly step: number; readonly partitions: number }
  /** In-memory data (fromRows, fromArrow): one Arrow IPC stream per partition (binary, never base64). */
  | { readonly format: 'inline'; readonly partitionsIpc: readonly Uint8Array[]; readonly sizeBytes: number };

interface NodeBase {
  /** Unique within a session; lets `ds.col(name)` refer to this plan's columns. */
  readonly id: number;
}

/** A logical plan node. */
export type LogicalPlan =
  /** `schema` is the full schema of the source; `projection` (indices) and `filters` are set by the optimizer. */
  | (NodeBase & { readonly node: 'scan'; readonly source: ScanSource; readonly schema: Schema; readonly projection: readonly number[] | null; readonly filters: readonly LExpr[] })
  /** `lambda`: the source of the typed-API function this project was compiled from (explain). */
  | (NodeBase & { readonly node: 'project'; readonly input: LogicalPlan; readonly exprs: readonly LExpr[]; readonly lambda?: string })
  /** `lambda`: the source of the typed-API filter function this predicate was compiled from (explain). */
  | (NodeBase & { readonly node: 'filter'; readonly input: LogicalPlan; readonly predicate: LExpr; readonly lambda?: string })
  /** `aggs` may be expressions over aggregates (`max(a) - min(b)`); with no groupBy, one row. */
  | (NodeBase & { readonly node: 'aggregate'; readonly input: LogicalPlan; readonly groupBy: readonly LExpr[]; readonly aggs: readonly LExpr[] })
  /** `using`: join on equal column names, kept once in the output (Spark's `join(other, "k")`). `on`: a condition. Neither: cross. */
  | (NodeBase & { readonly node: 'join'; readonly left: LogicalPlan; readonly right: LogicalPlan; readonly how: JoinType; readonly on: LExpr | null; readonly using: readonly string[] | null })
  | (NodeBase & { readonly node: 'sort'; readonly input: LogicalPlan; readonly keys: readonly LSortKey[] })
  | (NodeBase & { readonly node: 'limit'; readonly input: LogicalPlan; readonly n: number })
  /** By position, like Spark's union; the column names are the first input's. */
  | (NodeBase & { readonly node: 'union'; readonly inputs: readonly LogicalPlan[] })
  | (NodeBase & { readonly node: 'distinct'; readonly input: LogicalPlan })
  /** Hash repartition by `keys`, or round robin when there are none. */
  | (NodeBase & { readonly node: 'repartition'; readonly input: LogicalPlan; readonly partitions: number; readonly keys: readonly LExpr[] })
  /** Fewer partitions without a shuffle. */
  | (NodeBase & { readonly node: 'coalesce'; readonly input: LogicalPlan; readonly partitions: number })
  /**
   * Appends window columns: each expr is an alias of a window expression. Built by the analyzer from a project.
   * `groupLimit` (set by the optimizer when a filter right above keeps only ranking values ≤
   * `limit` of function `fn`, every expr being a ranking function over one partitionBy/orderBy):
   * rows that cannot pass that filter may be dropped per window partition before the window
   * (Spark's WindowGroupLimit). The filter stays above and makes the answer exact.
   */
  | (NodeBase & { readonly node: 'window'; readonly input: LogicalPlan; readonly exprs: readonly LExpr[]; readonly groupLimit?: WindowGroupLimit })
  /**
   * A row function run row by row (typed API). Output: the input columns when the function
   * passes rows through (kinds filter, key), then the columns of `schema` (what the function
   * makes: map / flatMap / mapPartitions output, or the key column of a key function; a
   * foreach makes nothing).
   */
  | (NodeBase & { readonly node: 'mapRows'; readonly input: LogicalPlan; readonly fn: RowFn; readonly schema: Schema })
  /**
   * Per-group row functions (reduce, mapGroups) over the input grouped by the column named
   * `key` (null: one group of every row). Output: `schema` (reduce: the input without the key).
   */
  | (NodeBase & { readonly node: 'groupRows'; readonly input: LogicalPlan; readonly fn: RowFn; readonly key: string | null; readonly keyJson: boolean; readonly schema: Schema })
  /** Marks a subtree whose partitions are kept after the first job that computes them. */
  | (NodeBase & { readonly node: 'cache'; readonly input: LogicalPlan; readonly cacheId: string });
