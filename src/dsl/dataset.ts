/**
 * `Dataset<T>`: an immutable, lazily evaluated logical plan plus the session that runs it.
 * Transformations build a new plan node and analyze it at once, so a wrong column name or a
 * type mismatch fails at the call that introduced it; actions hand the plan to the driver.
 */
import type { Table } from 'apache-arrow';
import type { Batch } from '../engine/batch.js';
import { batchesToTable, batchToRows } from '../engine/arrow/index.js';
import { AnalysisError } from '../engine/errors.js';
import { vecToArray } from '../engine/kernels/index.js';
import type { JoinType } from '../engine/plan.js';
import type { Schema } from '../engine/types.js';
import { analyze, schemaOf } from '../planner/index.js';
import type { LExpr, LogicalPlan } from '../planner/logical.js';
import { Column, colExpr, describeValue, sortKeyOf } from './column.js';
import type { SessionContext } from './context.js';
import { checkRankingWindows, hasPlainAggregate } from './expr-walk.js';
import { GroupedDataset } from './grouped-dataset.js';
import { formatSchemaTree, formatTable, type ShowOptions } from './show.js';
import { DataFrameWriter } from './writer.js';

/** A row as actions return it: column name → value (number, string, boolean, Date, null). */
export type Row = Record<string, unknown>;

/** The `how` of a join, with Spark's spellings accepted too. */
export type JoinHow = JoinType | 'outer' | 'full_outer' | 'fullouter' | 'left_outer' | 'leftouter' | 'right_outer' | 'rightouter' | 'left_semi' | 'leftsemi' | 'left_anti' | 'leftanti';

const JOIN_HOWS: Readonly<Record<string, JoinType>> = {
  inner: 'inner', left: 'left', right: 'right', full: 'full', semi: 'semi', anti: 'anti', cross: 'cross',
  outer: 'full', full_outer: 'full', fullouter: 'full', left_outer: 'left', leftouter: 'left',
  right_outer: 'right', rightouter: 'right', left_semi: 'semi', leftsemi: 'semi', left_anti: 'anti', leftanti: 'anti',
};

/** Options of an action that runs a job. */
export interface ActionOptions {
  /** Aborting cancels the job (its promise rejects with CancelledError). */
  readonly signal?: AbortSignal;
}

/**
 * A distributed collection of rows with a schema.
 * @example
 * const out = await session.range(100).withColumn('sq', col('id').mul(col('id'))).filter(col('sq').gt(50)).collect();
 */
export class Dataset<T = Row> {
  /** The session this Dataset belongs to. */
  readonly session: SessionContext;
  private currentPlan: LogicalPlan;
  private analyzedPlan: LogicalPlan;

  /** Built by the session and by transformations; analyzes `plan` at once (throws AnalysisError). */
  constructor(session: SessionContext, plan: LogicalPlan) {
    this.session = session;
    this.currentPlan = plan;
    this.analyzedPlan = analyze(plan);
  }

  /** The logical plan as built (before analysis). */
  get plan(): LogicalPlan {
    return this.currentPlan;
  }

  /** The analyzed logical plan. */
  get analyzed(): LogicalPlan {
    return this.analyzedPlan;
  }

  /** The column names, in order. @example ds.columns // ['id', 'name'] */
  get columns(): string[] {
    return schemaOf(this.analyzedPlan).map((f) => f.name);
  }

  // ---------------------------------------------------------------- transformations

  /**
   * Projects columns and expressions (`'*'` expands to every column). A select of aggregates
   * only (`select(max('v'))`) aggregates the whole dataset, as in Spark.
   * @example ds.select('id', col('v').plus(1).as('v1'))
   */
  select(...cols: (Column | string | readonly (Column | string)[])[]): Dataset<Row> {
    const exprs: LExpr[] = [];
    for (const c of cols.flat()) {
      const e = colExpr(c, 'select');
      if (e.kind === 'col' && e.name === '*' && e.planId === undefined) {
        for (const name of this.columns) exprs.push({ kind: 'col', name });
      } else {
        checkRankingWindows(e, 'select');
        exprs.push(e);
      }
    }
    if (exprs.length > 0 && exprs.some(hasPlainAggregate)) {
      return this.derive((id) => ({ id, node: 'aggregate', input: this.currentPlan, groupBy: [], aggs: exprs }));
    }
    return this.derive((id) => ({ id, node: 'project', input: this.currentPlan, exprs }));
  }

  /**
   * Adds a column, or replaces the column of that name in place.
   * @example ds.withColumn('total', col('qty').mul(col('price')))
   * @example ds.withColumn('rn', rowNumber().over(Window.partitionBy('k').orderBy('v')))
   */
  withColumn(name: string, c: Column): Dataset<Row> {
    if (typeof name !== 'string' || name === '') throw new AnalysisError(`withColumn(): the name must be a non-empty string, got ${describeValue(name)}`);
    if (!(c instanceof Column)) throw new AnalysisError(`withColumn("${name}"): the value must be a Column (use lit(x) for a constant), got ${describeValue(c)}`);
    checkRankingWindows(c.expr, `withColumn("${name}")`);
    const aliased: LExpr = { kind: 'alias', expr: c.expr.kind === 'alias' ? c.expr.expr : c.expr, name };
    const names = this.columns;
    const exprs: LExpr[] = names.map((n) => (n === name ? aliased : { kind: 'col', name: n }));
    if (!names.includes(name)) exprs.push(aliased);
    return this.derive((id) => ({ id, node: 'project', input: this.currentPlan, exprs }));
  }

  /**
   * Renames a column; as in Spark, a name that does not exist leaves the Dataset unchanged.
   * @example ds.withColumnRenamed('v', 'value')
   */
  withColumnRenamed(from: string, to: string): Dataset<Row> {
    if (typeof to !== 'string' || to === '') throw new AnalysisError(`withColumnRenamed("${from}"): the new name must be a non-empty string`);
    const names = this.columns;
    if (!names.includes(from)) return this as unknown as Dataset<Row>;
    const exprs: LExpr[] = names.map((n) => (n === from ? { kind: 'alias', expr: { kind: 'col', name: n }, name: to } : { kind: 'col', name: n }));
    return this.derive((id) => ({ id, node: 'project', input: this.currentPlan, exprs }));
  }

  /**
   * Removes columns; as in Spark, names that do not exist are ignored.
   * @example ds.drop('tmp', 'debug')
   */
  drop(...names: (string | Column)[]): Dataset<Row> {
    const gone = new Set<string>();
    for (const n of names) {
      const e = colExpr(n, 'drop');
      if (e.kind !== 'col') throw new AnalysisError('drop(): takes column names or col(name), not expressions');
      gone.add(e.name);
    }
    const keep = this.columns.filter((n) => !gone.has(n));
    if (keep.length === this.columns.length) return this as unknown as Dataset<Row>;
    return this.derive((id) => ({ id, node: 'project', input: this.currentPlan, exprs: keep.map((name) => ({ kind: 'col', name })) }));
  }

  /**
   * Keeps the rows where `cond` is true (null counts as false).
   * @example ds.filter(col('v').gt(10).and(col('name').isNotNull()))
   */
  filter(cond: Column): Dataset<T> {
    if (!(cond instanceof Column)) {
      throw new AnalysisError(`filter(): the condition must be a Column such as col('v').gt(1), got ${describeValue(cond)}`);
    }
    return this.derive((id) => ({ id, node: 'filter', input: this.currentPlan, predicate: cond.expr }));
  }

  /** Same as `filter`. @example ds.where(col('k').eq('a')) */
  where(cond: Column): Dataset<T> {
    return this.filter(cond);
  }

  /**
   * Groups by columns or expressions for `agg` and the shortcuts `count`, `sum`, ….
   * @example ds.groupBy('k').agg(sum('v').as('total'), count())
   */
  groupBy(...cols: (Column | string | readonly (Column | string)[])[]): GroupedDataset {
    const keys = cols.flat().map((c) => colExpr(c, 'groupBy'));
    // Check the keys now, so a wrong name fails here rather than at agg().
    if (keys.length > 0) this.derive((id) => ({ id, node: 'project', input: this.currentPlan, exprs: keys }));
    return new GroupedDataset(this as unknown as Dataset<Row>, keys);
  }

  /** Aggregates the whole dataset into one row. @example ds.agg(max('v1').minus(min('v2')).as('spread')) */
  agg(...aggs: (Column | Record<string, string>)[]): Dataset<Row> {
    return new GroupedDataset(this as unknown as Dataset<Row>, []).agg(...aggs);
  }

  /**
   * Joins with another Dataset. `on` is a column name or a list of names (equal values, the
   * column kept once) or a Column condition (`a.col('id').eq(b.col('id'))`); with no `on`, or
   * with how 'cross', every pair of rows. `how`: inner (default), left, right, full, semi, anti, cross.
   * @example orders.join(customers, 'customerId', 'left')
   */
  join(other: Dataset<any>, on?: string | readonly string[] | Column | null, how: JoinHow = 'inner'): Dataset<Row> {
    if (!(other instanceof Dataset)) throw new AnalysisError(`join(): the other side must be a Dataset, got ${describeValue(other)}`);
    this.sameSession(other, 'join');
    const type = JOIN_HOWS[typeof how === 'string' ? how.toLowerCase() : ''];
    if (!type) throw new AnalysisError(`join(): unknown join type ${JSON.stringify(how)}; the types are inner, left, right, full, semi, anti, cross`);
    let condition: LExpr | null = null;
    let using: string[] | null = null;
    if (on instanceof Column) condition = on.expr;
    else if (typeof on === 'string') using = [on];
    else if (Array.isArray(on)) {
      using = on.map((n) => {
        if (typeof n !== 'string') throw new AnalysisError(`join(): a list of join columns must hold names, got ${describeValue(n)}`);
        return n;
      });
      if (using.length === 0) using = null;
    } else if (on !== undefined && on !== null) {
      throw new AnalysisError(`join(): on must be a column name, a list of names or a Column condition, got ${describeValue(on)}`);
    }
    // Spark: a cross join with a condition is an inner join; no condition at all is a cross join.
    const noCondition = condition === null && using === null;
    const joinType: JoinType = noCondition ? 'cross' : type === 'cross' ? 'inner' : type;
    return this.derive((id) => ({ id, node: 'join', left: this.currentPlan, right: other.currentPlan, how: joinType, on: condition, using }));
  }

  /** Every pair of rows of the two Datasets. @example a.crossJoin(b) */
  crossJoin(other: Dataset<any>): Dataset<Row> {
    return this.join(other, null, 'cross');
  }

  /**
   * All rows of both, by column position (names from this side), keeping duplicates (Spark's union).
   * @example a.union(b).distinct()
   */
  union(other: Dataset<any>): Dataset<T> {
    if (!(other instanceof Dataset)) throw new AnalysisError(`union(): the other side must be a Dataset, got ${describeValue(other)}`);
    this.sameSession(other, 'union');
    return this.derive((id) => ({ id, node: 'union', inputs: [this.currentPlan, other.currentPlan] }));
  }

  /** Same as `union` (Spark's old name). */
  unionAll(other: Dataset<any>): Dataset<T> {
    return this.union(other);
  }

  /** Removes duplicate rows. @example ds.select('k').distinct() */
  distinct(): Dataset<T> {
    return this.derive((id) => ({ id, node: 'distinct', input: this.currentPlan }));
  }

  /**
   * Sorts globally: a name or Column ascends (nulls first); `col(x).desc()` descends (nulls last).
   * @example ds.orderBy('k', col('v').desc())
   */
  orderBy(...cols: (Column | string | readonly (Column | string)[])[]): Dataset<T> {
    const keys = cols.flat().map((c) => sortKeyOf(c, 'orderBy'));
    if (keys.length === 0) return this;
    return this.derive((id) => ({ id, node: 'sort', input: this.currentPlan, keys }));
  }

  /** Same as `orderBy`. @example ds.sort(desc('v')) */
  sort(...cols: (Column | string | readonly (Column | string)[])[]): Dataset<T> {
    return this.orderBy(...cols);
  }

  /** The first `n` rows (of the order if the plan is sorted). @example ds.orderBy('v').limit(10) */
  limit(n: number): Dataset<T> {
    if (!Number.isInteger(n) || n < 0) throw new AnalysisError(`limit(): n must be a non-negative integer, got ${describeValue(n)}`);
    return this.derive((id) => ({ id, node: 'limit', input: this.currentPlan, n }));
  }

  /**
   * Shuffles into `n` partitions, by hash of `cols` or round robin without them; `repartition(...cols)`
   * uses the session's shufflePartitions.
   * @example ds.repartition(8, 'k')
   */
  repartition(n: number | Column | string, ...cols: (Column | string)[]): Dataset<T> {
    let partitions: number;
    let keyArgs = cols;
    if (typeof n === 'number') {
      if (!Number.isInteger(n) || n < 1) throw new AnalysisError(`repartition(): the partition count must be a positive integer, got ${n}`);
      partitions = n;
    } else {
      partitions = this.session.driver.conf.shufflePartitions;
      keyArgs = [n, ...cols];
    }
    const keys = keyArgs.map((c) => colExpr(c, 'repartition'));
    return this.derive((id) => ({ id, node: 'repartition', input: this.currentPlan, partitions, keys }));
  }

  /** Merges partitions down to `n` without a shuffle. @example ds.coalesce(1) */
  coalesce(n: number): Dataset<T> {
    if (!Number.isInteger(n) || n < 1) throw new AnalysisError(`coalesce(): the partition count must be a positive integer, got ${describeValue(n)}`);
    return this.derive((id) => ({ id, node: 'coalesce', input: this.currentPlan, partitions: n }));
  }

  /**
   * Keeps this Dataset's partitions in executor memory after the first action computes them.
   * As in Spark it marks this Dataset itself (and returns it), so `ds.cache(); await ds.count()` works;
   * Datasets derived from it afterwards reuse the cached partitions.
   * @example const hot = ds.filter(col('v').gt(0)).cache()
   */
  cache(): this {
    if (this.currentPlan.node === 'cache') return this;
    const plan: LogicalPlan = { id: this.session.nextPlanId(), node: 'cache', input: this.currentPlan, cacheId: this.session.nextCacheId() };
    this.analyzedPlan = analyze(plan);
    this.currentPlan = plan;
    return this;
  }

  /** Same as `cache`. */
  persist(): this {
    return this.cache();
  }

  /** Drops this Dataset's cached partitions and unmarks it. @example await ds.unpersist() */
  async unpersist(): Promise<this> {
    const plan = this.currentPlan;
    if (plan.node !== 'cache') return this;
    await this.session.driver.unpersist(plan.cacheId);
    this.currentPlan = plan.input;
    this.analyzedPlan = analyze(plan.input);
    return this;
  }

  /**
   * A column of this Dataset, pinned to it: tells apart same-named columns of a join.
   * @example a.join(b, a.col('id').eq(b.col('id')))
   */
  col(name: string): Column {
    const e: LExpr = { kind: 'col', name, planId: this.currentPlan.id };
    // Resolve now (the analyzer's message names the columns and the closest one).
    analyze({ id: this.session.nextPlanId(), node: 'project', input: this.currentPlan, exprs: [e] });
    return new Column(e);
  }

  // ---------------------------------------------------------------- actions

  /** Runs the plan and returns every row as a plain object. @example const rows = await ds.collect() */
  async collect(opts?: ActionOptions): Promise<T[]> {
    return (await this.collectRows(opts)).rows as T[];
  }

  /** Runs the plan and returns an apache-arrow Table. @example const table = await ds.toArrow() */
  async toArrow(opts?: ActionOptions): Promise<Table> {
    const { schema, batches } = await this.session.driver.collect(this.currentPlan, opts);
    return batchesToTable(schema, batches);
  }

  /** Number of rows. @example await ds.count() */
  async count(opts?: ActionOptions): Promise<number> {
    const id = this.session.nextPlanId();
    const plan: LogicalPlan = { id, node: 'aggregate', input: this.currentPlan, groupBy: [], aggs: [{ kind: 'alias', expr: { kind: 'agg', fn: 'count', args: [] }, name: 'count' }] };
    const { rows } = await this.runRows(plan, opts);
    return Number(rows[0]?.count ?? 0);
  }

  /** The first `n` rows. @example await ds.take(5) */
  async take(n: number, opts?: ActionOptions): Promise<T[]> {
    return this.limit(n).collect(opts);
  }

  /** Same as `take`. */
  async head(n = 1, opts?: ActionOptions): Promise<T[]> {
    return this.take(n, opts);
  }

  /** The first row, or undefined when there is none. @example const top = await ds.orderBy(desc('v')).first() */
  async first(opts?: ActionOptions): Promise<T | undefined> {
    return (await this.take(1, opts))[0];
  }

  /**
   * Prints the first `n` rows as an aligned table, like Spark's `show`, and returns the text.
   * Options: `truncate` (true = 20 characters, a number, or false), `print` (default true).
   * @example await ds.show(5)
   */
  async show(n = 20, opts: ShowOptions & ActionOptions & { readonly print?: boolean } = {}): Promise<string> {
    if (!Number.isInteger(n) || n < 0) throw new AnalysisError(`show(): n must be a non-negative integer, got ${describeValue(n)}`);
    const limited: LogicalPlan = { id: this.session.nextPlanId(), node: 'limit', input: this.currentPlan, n: n + 1 };
    const { schema, batches } = await this.session.driver.collect(limited, opts);
    // Rows as arrays by position, so same-named columns (after a join) both show.
    const rows: unknown[][] = [];
    for (const b of batches) {
      const cols = b.columns.map((v, i) => vecToArray(v, schema[i]!.name, { bigint: this.session.driver.conf.bigint }));
      for (let r = 0; r < b.length; r++) rows.push(cols.map((c) => c[r]));
    }
    const text = formatTable(schema, rows.slice(0, n), { ...opts, n, hasMore: rows.length > n });
    if (opts.print !== false) console.log(text.endsWith('\n') ? text.slice(0, -1) : text);
    return text;
  }

  /** The schema (names, types, nullability). @example (await ds.schema()).map(f => f.type) */
  async schema(): Promise<Schema> {
    return schemaOf(this.analyzedPlan);
  }

  /** Prints the schema as a tree, like Spark's printSchema, and returns the text. */
  printSchema(opts: { readonly print?: boolean } = {}): string {
    const text = formatSchemaTree(schemaOf(this.analyzedPlan));
    if (opts.print !== false) console.log(text.endsWith('\n') ? text.slice(0, -1) : text);
    return text;
  }

  /**
   * The logical, optimized and physical plans and the stages, as text.
   * @example console.log(await ds.explain())
   */
  async explain(mode?: string): Promise<string> {
    return this.session.driver.explain(this.currentPlan, mode);
  }

  /** Writes the rows out: `ds.write.parquet(path, { mode: 'overwrite', partitionBy: ['day'] })`. */
  get write(): DataFrameWriter {
    return new DataFrameWriter(this as unknown as Dataset<Row>);
  }

  /** `Dataset[id: int64, name: utf8]`. */
  toString(): string {
    return `Dataset[${schemaOf(this.analyzedPlan).map((f) => `${f.name}: ${f.type}`).join(', ')}]`;
  }

  // ---------------------------------------------------------------- internals

  /** @internal Builds a new Dataset over a plan node made with a fresh id (analyzed at once). */
  derive<U = T>(build: (id: number) => LogicalPlan): Dataset<U> {
    return new Dataset<U>(this.session, build(this.session.nextPlanId()));
  }

  private sameSession(other: Dataset<any>, where: string): void {
    if (other.session !== this.session) throw new AnalysisError(`${where}(): both Datasets must belong to the same session`);
  }

  private async collectRows(opts?: ActionOptions): Promise<{ schema: Schema; rows: Row[] }> {
    return this.runRows(this.currentPlan, opts);
  }

  private async runRows(plan: LogicalPlan, opts?: ActionOptions): Promise<{ schema: Schema; rows: Row[] }> {
    const { schema, batches } = await this.session.driver.collect(plan, opts);
    return { schema, rows: batchesToRowList(batches, this.session.driver.conf.bigint) };
  }
}

function batchesToRowList(batches: readonly Batch[], bigint: boolean): Row[] {
  const rows: Row[] = [];
  for (const b of batches) {
    for (const r of batchToRows(b, { bigint })) rows.push(r);
  }
  return rows;
}
