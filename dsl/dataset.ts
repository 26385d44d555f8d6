/**
 * `Dataset<T>`: an immutable, lazily evaluated logical plan plus the session that runs it.
 * Transformations build a new plan node and analyze it at once, so a wrong column name or a
 * type mismatch fails at the call that introduced it; actions hand the plan to the driver.
 */
import { inspect } from 'node:util';
import type { Table } from 'apache-arrow';
import type { Batch } from '../engine/batch.js';
import { batchesToTable, batchToRows } from '../engine/arrow/index.js';
import { AnalysisError, DataError } from '../engine/errors.js';
import { vecToArray } from '../engine/kernels/index.js';
import type { JoinType } from '../engine/plan.js';
import type { Schema } from '../engine/types.js';
import { analyze, schemaOf } from '../planner/index.js';
import type { LExpr, LogicalPlan } from '../planner/logical.js';
import { Column, colExpr, describeValue, sortKeyOf } from './column.js';
import { normalizeSchema } from './schema-input.js';
import type { SessionContext } from './context.js';
import { checkRankingWindows, hasPlainAggregate } from './expr-walk.js';
import { GroupedDataset } from './grouped-dataset.js';
import { formatSchemaTree, formatTable, type ShowOptions } from './show.js';
import { DataFrameWriter } from './writer.js';
import {
  analyzeLambda, callSite, compiledFor, givenOutput, inferOutputSchema, KEY_COLUMN, KeyedDataset, outputWithoutRows, rowFnOf, runOnSample, SAMPLE_ROWS, SchemaSlot, whyNotCompiledFor,
  type AnalyzedLambda, type Captures, type ColName, type InferredOutput, type RowFnOptions, type Selected, type WithColumn,
} from './typed/index.js';

/** A row as actions return it: column name → value (number, string, boolean, Date, null). */
export type Row = Record<string, unknown>;

/** The `how` of a join, with Spark's spellings accepted too. */
export type JoinHow = JoinType | 'outer' | 'full_outer' | 'fullouter' | 'left_outer' | 'leftouter' | 'right_outer' | 'rightouter' | 'left_semi' | 'leftsemi' | 'left_anti' | 'leftanti';

const JOIN_HOWS: Readonly<Record<string, JoinType>> = {
  inner: 'inner', left: 'left', right: 'right', full: 'full', semi: 'semi', anti: 'anti', cross: 'cross',
  outer: 'full', full_outer: 'full', fullouter: 'full', left_outer: 'left', leftouter: 'left',
  right_outer: 'right', rightouter: 'right', left_semi: 'semi', leftsemi: 'semi', left_anti: 'anti', leftanti: 'anti',
};

/** A Dataset whose plan waits for inferred schemas (see `map`): built once they are known. */
interface Lazy<T> {
  readonly slots: readonly SchemaSlot[];
  readonly build: () => Dataset<T>;
  built: Dataset<T> | null;
}

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
  private currentPlan!: LogicalPlan;
  private analyzedPlan!: LogicalPlan;
  /** Set while the plan waits for a schema inferred at the first action (typed API). */
  private lazy: Lazy<T> | null = null;
  /** @internal The rows are bare values (typed API: `map(r => r.v * 2)`), held in the column `value`. */
  valueRows = false;
  /** @internal Set on the keyed input of a typed groupBy: its key column `__key` holds JSON-encoded keys. */
  keyJson = false;

  /**
   * Built by the session and by transformations; analyzes `plan` at once (throws AnalysisError).
   * @internal `plan` may instead be a pending build (typed API, see `map`).
   */
  constructor(session: SessionContext, plan: LogicalPlan | Lazy<T>, valueRows = false) {
    this.session = session;
    if ('node' in plan) {
      this.currentPlan = plan;
      this.analyzedPlan = analyze(plan);
      this.valueRows = valueRows;
    } else {
      this.lazy = plan;
    }
  }

  /** The logical plan as built (before analysis). */
  get plan(): LogicalPlan {
    return this._resolved().currentPlan;
  }

  /** The analyzed logical plan. */
  get analyzed(): LogicalPlan {
    return this._resolved().analyzedPlan;
  }

  /**
   * The column names, in order. A Dataset made by a row function that was not compiled knows
   * them only after its first action (or `await ds.schema()`).
   * @example ds.columns // ['id', 'name']
   */
  get columns(): string[] {
    return schemaOf(this.analyzed).map((f) => f.name);
  }

  // ---------------------------------------------------------------- transformations

  /**
   * Projects columns and expressions (`'*'` expands to every column). A select of aggregates
   * only (`select(max('v'))`) aggregates the whole dataset, as in Spark.
   * @example ds.select('id', col('v').plus(1).as('v1'))
   */
  select<K extends ColName<T>>(...cols: K[]): Dataset<Selected<T, K>>;
  select(...cols: (Column | string | readonly (Column | string)[])[]): Dataset<Row>;
  select(...cols: (Column | string | readonly (Column | string)[])[]): Dataset<any> {
    if (this.lazy) return this._later((d) => d.select(...cols));
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
  withColumn<N extends string>(name: N, c: Column): Dataset<WithColumn<T, N>> {
    if (this.lazy) return this._later((d) => d.withColumn(name, c));
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
    if (this.lazy) return this._later((d) => d.withColumnRenamed(from, to));
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
    if (this.lazy) return this._later((d) => d.drop(...names));
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
  filter(cond: Column): Dataset<T>;
  /**
   * Keeps the rows for which `fn` returns a truthy value (typed API). A function made of field
   * reads, literals, captures, arithmetic, comparisons, `&&` `||` `!`, ternaries, `Math.*` and
   * common string methods is compiled to a column predicate (pushed down like one); any other
   * runs row by row on the executors. `captures`: the JSON values the function may use besides
   * its parameter and JavaScript globals.
   * @example ds.filter((r) => r.v1 > min && r.name.startsWith('a'), { min: 5 })
   */
  filter(fn: (row: T) => unknown, captures?: Captures): Dataset<T>;
  filter(cond: Column | ((row: T) => unknown), captures?: Captures): Dataset<T> {
    if (typeof cond === 'function') return this.#filterFn(analyzeLambda(cond, 'filter', captures), callSite());
    if (this.lazy) return this._later((d) => d.filter(cond));
    if (!(cond instanceof Column)) {
      throw new AnalysisError(`filter(): the condition must be a Column such as col('v').gt(1), got ${describeValue(cond)}`);
    }
    return this.derive((id) => ({ id, node: 'filter', input: this.currentPlan, predicate: cond.expr }), this.valueRows);
  }

  /** Same as `filter`. @example ds.where(col('k').eq('a')) */
  where(cond: Column): Dataset<T>;
  where(fn: (row: T) => unknown, captures?: Captures): Dataset<T>;
  where(cond: Column | ((row: T) => unknown), captures?: Captures): Dataset<T> {
    return typeof cond === 'function' ? this.filter(cond, captures) : this.filter(cond);
  }

  /**
   * Groups by columns or expressions for `agg` and the shortcuts `count`, `sum`, ….
   * @example ds.groupBy('k').agg(sum('v').as('total'), count())
   */
  groupBy(...cols: (Column | string | readonly (Column | string)[])[]): GroupedDataset;
  /**
   * Groups by the key a function computes (typed API): `reduce`, `mapGroups` and `collect`
   * follow. A compilable key function becomes a key column computed vectorized; any other
   * runs row by row and its keys are compared as JSON (so objects and arrays work as keys).
   * @example ds.groupBy((r) => r.k).reduce((a, b) => (a.v >= b.v ? a : b))
   */
  groupBy<K>(fn: (row: T) => K, captures?: Captures): KeyedDataset<K, T>;
  groupBy(...args: unknown[]): GroupedDataset | KeyedDataset<unknown, T> {
    if (typeof args[0] === 'function') {
      const a = analyzeLambda(args[0] as (row: T) => unknown, 'key', args[1] as Captures | undefined);
      return new KeyedDataset<unknown, T>(this.#keyedBy(a, callSite()));
    }
    const cols = args as (Column | string | readonly (Column | string)[])[];
    const keys = cols.flat().map((c) => colExpr(c, 'groupBy'));
    // Check the keys now, so a wrong name fails here rather than at agg().
    if (keys.length > 0 && !this.lazy) this.derive((id) => ({ id, node: 'project', input: this.currentPlan, exprs: keys }));
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
    if (this.lazy || other.lazy) return this._later((d) => d.join(other._resolved(), on, how), [other]);
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
    return this.derive((id) => ({ id, node: 'join', left: this.currentPlan, right: other.plan, how: joinType, on: condition, using }));
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
    if (this.lazy || other.lazy) return this._later((d) => d.union(other._resolved()), [other]);
    return this.derive((id) => ({ id, node: 'union', inputs: [this.currentPlan, other.plan] }), this.valueRows);
  }

  /** Same as `union` (Spark's old name). */
  unionAll(other: Dataset<any>): Dataset<T> {
    return this.union(other);
  }

  /** Removes duplicate rows. @example ds.select('k').distinct() */
  distinct(): Dataset<T> {
    if (this.lazy) return this._later((d) => d.distinct());
    return this.derive((id) => ({ id, node: 'distinct', input: this.currentPlan }), this.valueRows);
  }

  /**
   * Sorts globally: a name or Column ascends (nulls first); `col(x).desc()` descends (nulls last).
   * @example ds.orderBy('k', col('v').desc())
   */
  orderBy(...cols: (Column | string | readonly (Column | string)[])[]): Dataset<T> {
    if (this.lazy) return this._later((d) => d.orderBy(...cols));
    const keys = cols.flat().map((c) => sortKeyOf(c, 'orderBy'));
    if (keys.length === 0) return this;
    return this.derive((id) => ({ id, node: 'sort', input: this.currentPlan, keys }), this.valueRows);
  }

  /** Same as `orderBy`. @example ds.sort(desc('v')) */
  sort(...cols: (Column | string | readonly (Column | string)[])[]): Dataset<T> {
    return this.orderBy(...cols);
  }

  /** The first `n` rows (of the order if the plan is sorted). @example ds.orderBy('v').limit(10) */
  limit(n: number): Dataset<T> {
    if (!Number.isInteger(n) || n < 0) throw new AnalysisError(`limit(): n must be a non-negative integer, got ${describeValue(n)}`);
    if (this.lazy) return this._later((d) => d.limit(n));
    return this.derive((id) => ({ id, node: 'limit', input: this.currentPlan, n }), this.valueRows);
  }

  /**
   * Shuffles into `n` partitions, by hash of `cols` or round robin without them; `repartition(...cols)`
   * uses the session's shufflePartitions.
   * @example ds.repartition(8, 'k')
   */
  repartition(n: number | Column | string, ...cols: (Column | string)[]): Dataset<T> {
    if (this.lazy) return this._later((d) => d.repartition(n, ...cols));
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
    return this.derive((id) => ({ id, node: 'repartition', input: this.currentPlan, partitions, keys }), this.valueRows);
  }

  /** Merges partitions down to `n` without a shuffle. @example ds.coalesce(1) */
  coalesce(n: number): Dataset<T> {
    if (!Number.isInteger(n) || n < 1) throw new AnalysisError(`coalesce(): the partition count must be a positive integer, got ${describeValue(n)}`);
    if (this.lazy) return this._later((d) => d.coalesce(n));
    return this.derive((id) => ({ id, node: 'coalesce', input: this.currentPlan, partitions: n }), this.valueRows);
  }

  /**
   * Keeps this Dataset's partitions in executor memory after the first action computes them.
   * As in Spark it marks this Dataset itself (and returns it), so `ds.cache(); await ds.count()` works;
   * Datasets derived from it afterwards reuse the cached partitions.
   * @example const hot = ds.filter(col('v').gt(0)).cache()
   */
  cache(): this {
    const lazy = this.lazy;
    if (lazy) {
      if (lazy.built) lazy.built.cache();
      else {
        const build = lazy.build;
        this.lazy = { slots: lazy.slots, build: () => build().cache(), built: null };
      }
      return this;
    }
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
    await this._settle();
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
    analyze({ id: this.session.nextPlanId(), node: 'project', input: this.plan, exprs: [e] });
    return new Column(e);
  }

  // ---------------------------------------------------------------- typed API (row functions)

  /**
   * A new row per row, made by `fn` on the executors (typed API; the row type flows:
   * `Dataset<T>` → `Dataset<U>`). `fn` may use its parameter, JavaScript globals and the names
   * in `captures` (JSON values); any other free name is rejected here, naming it.
   *
   * Rows are plain objects of the columns the function reads (int64 as number, dates as Date,
   * null as null). A function returning an object makes one column per key; one returning a
   * number, string, boolean or Date makes a Dataset of bare values (column `value`; `collect`
   * returns the values).
   *
   * Output schema: a function the analysis compiles (an object literal or a value of field
   * reads, literals, captures, arithmetic, comparisons, ternaries, `Math.*`, string methods)
   * becomes a projection with exact types. Any other runs row by row, and its schema is
   * inferred at the first action from a sample: the function runs in the driver over the
   * input's first 1000 rows; strings are utf8, booleans bool, Dates timestamp, numbers
   * float64 — except a field that passes an integer column through unchanged (equal to it in
   * every sampled row) and holds only integers, which keeps that column's type. Later values
   * that do not fit (a string in a float64 field, a field null in the whole sample) fail the
   * job with a DataError naming the field and the row; fields that no sampled result had are
   * not kept. Column references below such a map are checked at that first action (and
   * `schema()`, `explain()` and `columns` after it; the first two run the sample if needed).
   * When the sample has no rows (an empty input), the schema is read from the function's
   * source (`{ ...r, m: r.a * 2 }` keeps the input's columns and adds a float64 `m`), or
   * given as `opts.schema`; when neither tells, the first action fails asking for it.
   * `opts.schema` skips the sample altogether.
   * @example ds.map((r) => ({ id: r.id, total: r.qty * r.price }))
   * @example ds.map((r) => r.name.toUpperCase()) // Dataset<string>
   * @example ds.map((r) => ({ id: r.id, tag: lookup(r) }), { lookup }, { schema: { id: 'int', tag: 'string' } })
   */
  map<U>(fn: (row: T) => U, captures?: Captures, opts?: RowFnOptions): Dataset<U> {
    return this.#rowsThrough<U>(analyzeLambda(fn, 'map', captures), callSite(), opts, 'map');
  }

  /**
   * Zero or more rows per row: `fn` returns an iterable (an array, a generator). Runs row by
   * row; the output schema is inferred as for `map` (from the source when `fn` returns an
   * array literal of objects of one shape, or `opts.schema`).
   * @example ds.flatMap((r) => r.text.split(' ').map((w) => ({ word: w })), {}, { schema: { word: 'string' } })
   */
  flatMap<U>(fn: (row: T) => Iterable<U>, captures?: Captures, opts?: RowFnOptions): Dataset<U> {
    return this.#rowsThrough<U>(analyzeLambda(fn, 'flatMap', captures), callSite(), opts, 'flatMap');
  }

  /**
   * The rows of each partition at once: `fn` gets an iterable of the partition's rows and
   * returns an iterable (a generator works) of output rows. Schema inferred as for `map`
   * (over an empty input, only `opts.schema` can tell).
   * @example ds.mapPartitions(function* (rows) { let n = 0; for (const r of rows) n++; yield { n }; }, {}, { schema: { n: 'int' } })
   */
  mapPartitions<U>(fn: (rows: Iterable<T>) => Iterable<U>, captures?: Captures, opts?: RowFnOptions): Dataset<U> {
    return this.#rowsThrough<U>(analyzeLambda(fn, 'mapPartitions', captures), callSite(), opts, 'mapPartitions');
  }

  /**
   * Combines all rows with `fn` (associative and commutative: partitions are reduced on the
   * executors first, then together). An empty Dataset is a DataError.
   * @example const longest = await ds.reduce((a, b) => (a.len >= b.len ? a : b))
   */
  async reduce(fn: (a: T, b: T) => T, captures?: Captures, opts?: ActionOptions): Promise<T> {
    const a = analyzeLambda(fn, 'reduce', captures);
    const site = callSite();
    await this._settle();
    const spec = rowFnOf(a, { valueIn: this.valueRows, valueOut: this.valueRows, wholeRows: true, definedAt: site });
    const plan: LogicalPlan = { id: this.session.nextPlanId(), node: 'groupRows', input: this.currentPlan, fn: spec, key: null, keyJson: false, schema: schemaOf(this.analyzedPlan) };
    const { rows } = await this.runRows(plan, opts);
    if (rows.length === 0) throw new DataError('reduce(): the Dataset is empty, so there is no row to start from');
    return (this.valueRows ? rows[0]!.value : rows[0]) as T;
  }

  /**
   * Calls `fn` on every row, on the executors (for side effects there: `console.log` prints
   * in the executor's output). Resolves when every row was seen.
   * @example await ds.foreach((r) => { if (r.v < 0) throw new Error(`negative v in ${r.id}`); })
   */
  async foreach(fn: (row: T) => void, captures?: Captures, opts?: ActionOptions): Promise<void> {
    const a = analyzeLambda(fn, 'foreach', captures);
    const site = callSite();
    await this._settle();
    const spec = rowFnOf(a, { valueIn: this.valueRows, valueOut: false, definedAt: site });
    const plan: LogicalPlan = { id: this.session.nextPlanId(), node: 'mapRows', input: this.currentPlan, fn: spec, schema: [] };
    await this.session.driver.collect(plan, opts);
  }

  /**
   * The same rows seen as type `U` (no conversion, like Spark's `as[U]`): tells TypeScript the
   * row type of a Dataset read from files.
   * @example const people = session.read.csv('people.csv').as<{ name: string; age: number }>()
   */
  as<U>(): Dataset<U> {
    return this as unknown as Dataset<U>;
  }

  // ---------------------------------------------------------------- actions

  /** Runs the plan and returns every row as a plain object. @example const rows = await ds.collect() */
  async collect(opts?: ActionOptions): Promise<T[]> {
    await this._settle();
    const rows = (await this.collectRows(opts)).rows;
    return (this.valueRows ? rows.map((r) => r.value) : rows) as T[];
  }

  /** Runs the plan and returns an apache-arrow Table. @example const table = await ds.toArrow() */
  async toArrow(opts?: ActionOptions): Promise<Table> {
    await this._settle();
    const { schema, batches } = await this.session.driver.collect(this.currentPlan, opts);
    return batchesToTable(schema, batches);
  }

  /** Number of rows. @example await ds.count() */
  async count(opts?: ActionOptions): Promise<number> {
    await this._settle();
    const id = this.session.nextPlanId();
    const plan: LogicalPlan = { id, node: 'aggregate', input: this.currentPlan, groupBy: [], aggs: [{ kind: 'alias', expr: { kind: 'agg', fn: 'count', args: [] }, name: 'count' }] };
    const { rows } = await this.runRows(plan, opts);
    return Number(rows[0]?.count ?? 0);
  }

  /**
   * The first `n` rows: of the order if the plan is sorted, else the first rows of partition 0,
   * then of partition 1, … (as Spark's). @example await ds.take(5)
   */
  async take(n: number, opts?: ActionOptions): Promise<T[]> {
    return this.limit(n).collect(opts);
  }

  /**
   * Like Spark's `head`: without `n`, the first row (undefined when there is none); with `n`,
   * the first `n` rows as `take(n)`.
   * @example const top = await ds.orderBy(desc('v')).head(); const top3 = await ds.orderBy(desc('v')).head(3)
   */
  head(opts?: ActionOptions): Promise<T | undefined>;
  head(n: number, opts?: ActionOptions): Promise<T[]>;
  async head(n?: number | ActionOptions, opts?: ActionOptions): Promise<T | T[] | undefined> {
    if (n === undefined) return this.first(opts);
    if (typeof n === 'object' && n !== null) return this.first(n);
    return this.take(n, opts); // limit() says what is wrong with an n that is not a count
  }

  /** The first row, or undefined when there is none. @example const top = await ds.orderBy(desc('v')).first() */
  async first(opts?: ActionOptions): Promise<T | undefined> {
    return (await this.take(1, opts))[0];
  }

  /**
   * Prints the first `n` rows as an aligned table, like Spark's `show` (and returns nothing, so
   * a REPL does not print it again); with `print: false` it returns the text instead.
   * Options: `truncate` (true = 20 characters, a number, or false), `print` (default true).
   * @example await ds.show(5)
   * @example const text = await ds.show(5, { print: false })
   */
  show(n?: number, opts?: ShowOptions & ActionOptions & { readonly print?: true }): Promise<void>;
  show(n: number, opts: ShowOptions & ActionOptions & { readonly print: false }): Promise<string>;
  show(n?: number, opts?: ShowOptions & ActionOptions & { readonly print?: boolean }): Promise<string | void>;
  async show(n = 20, opts: ShowOptions & ActionOptions & { readonly print?: boolean } = {}): Promise<string | void> {
    if (!Number.isInteger(n) || n < 0) throw new AnalysisError(`show(): n must be a non-negative integer, got ${describeValue(n)}`);
    await this._settle();
    const limited: LogicalPlan = { id: this.session.nextPlanId(), node: 'limit', input: this.currentPlan, n: n + 1 };
    const { schema, batches } = await this.session.driver.collect(limited, opts);
    // Rows as arrays by position, so same-named columns (after a join) both show.
    const rows: unknown[][] = [];
    for (const b of batches) {
      // int64 as bigint whatever conf.bigint says: the table prints every digit, never fails on 2^60.
      const cols = b.columns.map((v, i) => vecToArray(v, schema[i]!.name, { bigint: true }));
      for (let r = 0; r < b.length; r++) rows.push(cols.map((c) => c[r]));
    }
    const text = formatTable(schema, rows.slice(0, n), { ...opts, n, hasMore: rows.length > n });
    if (opts.print === false) return text;
    console.log(text.endsWith('\n') ? text.slice(0, -1) : text);
  }

  /** The schema (names, types, nullability). @example (await ds.schema()).map(f => f.type) */
  async schema(): Promise<Schema> {
    await this._settle();
    return schemaOf(this.analyzedPlan);
  }

  /**
   * Prints the schema as a tree, like Spark's printSchema (and returns nothing, so a REPL does
   * not print it again); with `print: false` it returns the text instead.
   * @example ds.printSchema()
   */
  printSchema(opts?: { readonly print?: true }): void;
  printSchema(opts: { readonly print: false }): string;
  printSchema(opts?: { readonly print?: boolean }): string | void;
  printSchema(opts: { readonly print?: boolean } = {}): string | void {
    const text = formatSchemaTree(schemaOf(this.analyzed));
    if (opts.print === false) return text;
    console.log(text.endsWith('\n') ? text.slice(0, -1) : text);
  }

  /**
   * The logical, optimized and physical plans and the stages, as text.
   * @example console.log(await ds.explain())
   */
  async explain(mode?: string): Promise<string> {
    await this._settle();
    return this.session.driver.explain(this.currentPlan, mode);
  }

  /** Writes the rows out: `ds.write.parquet(path, { mode: 'overwrite', partitionBy: ['day'] })`. */
  get write(): DataFrameWriter {
    return new DataFrameWriter(this as unknown as Dataset<Row>);
  }

  /** `Dataset[id: int64, name: utf8]`. */
  toString(): string {
    if (this.lazy && !this.lazy.built) return 'Dataset[schema inferred at the first action]';
    return `Dataset[${schemaOf(this.analyzed).map((f) => `${f.name}: ${f.type}`).join(', ')}]`;
  }

  /** What util.inspect shows: `Dataset[id: int64, name: utf8]` (not the plans and the session). */
  [inspect.custom](): string {
    return this.toString();
  }

  // ---------------------------------------------------------------- internals

  /** @internal True while the plan waits for a schema inferred at the first action. */
  get _isLazy(): boolean {
    return this.lazy !== null && this.lazy.built === null;
  }

  /** @internal The pending schema inferences this Dataset waits for. */
  _pendingSlots(): readonly SchemaSlot[] {
    return this.lazy?.slots ?? [];
  }

  /** @internal A Dataset built by `f` from this one (and `others`) once their schemas are inferred. */
  _later<U>(f: (d: Dataset<T>) => Dataset<U>, others: readonly Dataset<any>[] = [], extra: readonly SchemaSlot[] = []): Dataset<U> {
    const slots = [...new Set([...this._pendingSlots(), ...others.flatMap((o) => o._pendingSlots()), ...extra])];
    return new Dataset<U>(this.session, { slots, build: () => f(this._resolved()), built: null });
  }

  /** @internal `f` of this Dataset now, or once its schemas are inferred. */
  _withResolved<U>(f: (d: Dataset<T>) => Dataset<U>): Dataset<U> {
    return this.lazy ? this._later(f) : f(this);
  }

  /** @internal The Dataset with every inferred schema in place; throws while one is still unknown. */
  _resolved(): Dataset<T> {
    const l = this.lazy;
    if (l === null) return this;
    if (l.built === null) {
      if (l.slots.some((s) => !s.resolved)) {
        throw new AnalysisError('the schema of this Dataset comes from a row function that runs row by row and is inferred at the first action; run an action (or await ds.schema()) first');
      }
      l.built = l.build();
    }
    return l.built._resolved();
  }

  /** @internal Infers every pending schema (running the samples) and fixes this Dataset's plan. */
  async _settle(): Promise<void> {
    if (this.lazy === null) return;
    for (const s of this.lazy.slots) await s.resolve();
    const b = this._resolved();
    this.currentPlan = b.currentPlan;
    this.analyzedPlan = b.analyzedPlan;
    this.valueRows = b.valueRows;
    this.keyJson = b.keyJson;
    this.lazy = null;
  }

  /** @internal Every row as a plain object (all columns, values not unwrapped), of at most `limit` rows. */
  async _rowObjects(limit?: number, opts?: ActionOptions): Promise<Row[]> {
    await this._settle();
    const plan: LogicalPlan = limit === undefined ? this.currentPlan : { id: this.session.nextPlanId(), node: 'limit', input: this.currentPlan, n: limit };
    return (await this.runRows(plan, opts)).rows;
  }

  #compileLambdas(): boolean {
    return this.session.driver.conf.compileLambdas !== false;
  }

  /** The compiled form of `a` over this Dataset's rows, when it may be used. */
  #compiledOver(a: AnalyzedLambda) {
    if (this.valueRows || !this.#compileLambdas()) return null;
    return compiledFor(a, schemaOf(this.analyzedPlan));
  }

  /** Why `a` runs row by row over this Dataset's rows (for explain). */
  #whyRowByRow(a: AnalyzedLambda): string | null {
    if (a.compiled === null) return a.notCompiledBecause;
    if (!this.#compileLambdas()) return 'the session conf sets compileLambdas to false';
    if (this.valueRows) return 'the rows are bare values, not objects with fields';
    return whyNotCompiledFor(a, schemaOf(this.analyzedPlan));
  }

  #filterFn(a: AnalyzedLambda, site: string | undefined): Dataset<T> {
    if (this.lazy) return this._later((d) => d.#filterFn(a, site));
    const c = this.#compiledOver(a);
    if (c !== null && c.kind === 'predicate') {
      return this.derive((id) => ({ id, node: 'filter', input: this.currentPlan, predicate: c.expr, lambda: a.source }), this.valueRows);
    }
    const fn = rowFnOf(a, { valueIn: this.valueRows, valueOut: false, definedAt: site, why: this.#whyRowByRow(a) });
    return this.derive((id) => ({ id, node: 'mapRows', input: this.currentPlan, fn, schema: [] }), this.valueRows);
  }

  /** The input of a typed groupBy: this Dataset plus the key column `__key`. */
  #keyedBy(a: AnalyzedLambda, site: string | undefined): Dataset<any> {
    if (this.lazy) return this._later((d) => d.#keyedBy(a, site));
    const c = this.#compiledOver(a);
    let out: Dataset<any>;
    if (c !== null && c.kind === 'value') {
      const exprs: LExpr[] = [...this.columns.map((name): LExpr => ({ kind: 'col', name })), { kind: 'alias', expr: c.expr, name: KEY_COLUMN }];
      out = this.derive((id) => ({ id, node: 'project', input: this.currentPlan, exprs, lambda: a.source }), this.valueRows);
      out.keyJson = false;
    } else {
      const fn = rowFnOf(a, { valueIn: this.valueRows, valueOut: false, definedAt: site, why: this.#whyRowByRow(a) });
      out = this.derive((id) => ({ id, node: 'mapRows', input: this.currentPlan, fn, schema: [{ name: KEY_COLUMN, type: 'utf8', nullable: false }] }), this.valueRows);
      out.keyJson = true;
    }
    return out;
  }

  /** map / flatMap / mapPartitions: compiled to a projection when possible, else row by row with an inferred schema. */
  #rowsThrough<U>(a: AnalyzedLambda, site: string | undefined, opts: RowFnOptions | undefined, method: string): Dataset<U> {
    const given = opts?.schema !== undefined ? normalizeSchema(opts.schema, `${method}(): the schema option`) : undefined;
    const compiled = (d: Dataset<T>): Dataset<U> | null => {
      if (a.kind !== 'map') return null;
      const c = d.#compiledOver(a);
      if (c === null) return null;
      if (c.kind === 'record') {
        const exprs: LExpr[] = c.fields.map((f) => ({ kind: 'alias', expr: f.expr, name: f.name }));
        return d.derive<U>((id) => ({ id, node: 'project', input: d.currentPlan, exprs, lambda: a.source }));
      }
      if (c.kind === 'value') {
        return d.derive<U>((id) => ({ id, node: 'project', input: d.currentPlan, exprs: [{ kind: 'alias', expr: c.expr, name: 'value' }], lambda: a.source }), true);
      }
      return null;
    };
    if (!this.lazy) {
      const c = compiled(this);
      if (c !== null) return c;
    }
    return this._inferred<U>(
      (d) => compiled(d),
      async (d) => {
        if (given !== undefined) return givenOutput(given, a.resultShape);
        const spec = rowFnOf(a, { valueIn: d.valueRows, valueOut: false, definedAt: site });
        const objects = await d._rowObjects(SAMPLE_ROWS);
        const rows = d.valueRows ? objects.map((r) => r.value) : objects;
        const { outputs, pairs } = runOnSample(spec, rows);
        // No result to learn from: the schema must not depend on rows arriving.
        if (outputs.length === 0) return outputWithoutRows(method, undefined, a.resultShape, schemaOf(d.analyzedPlan), d.valueRows);
        return inferOutputSchema(a.kind, outputs, schemaOf(d.analyzedPlan), pairs);
      },
      (d, out) => {
        const fn = rowFnOf(a, { valueIn: d.valueRows, valueOut: out.valueOut, definedAt: site, why: d.#whyRowByRow(a) });
        return d.derive<U>((id) => ({ id, node: 'mapRows', input: d.currentPlan, fn, schema: out.schema }), out.valueOut);
      },
    );
  }

  /**
   * @internal A Dataset whose schema is inferred at the first action: `sample` infers it from
   * the resolved input, `build` makes the plan with it; `compiled` may make the Dataset
   * without a sample once the input is known.
   */
  _inferred<U>(
    compiled: (d: Dataset<T>) => Dataset<U> | null,
    sample: (d: Dataset<T>) => Promise<InferredOutput>,
    build: (d: Dataset<T>, out: InferredOutput) => Dataset<U>,
  ): Dataset<U> {
    let direct: Dataset<U> | null = null;
    const slot = new SchemaSlot(async () => {
      await this._settle();
      const d = this._resolved();
      direct = compiled(d);
      if (direct !== null) return { schema: [], valueOut: false };
      return sample(d);
    });
    return this._later((d) => direct ?? build(d, slot.output), [], [slot]);
  }

  /** @internal Builds a new Dataset over a plan node made with a fresh id (analyzed at once). */
  derive<U = T>(build: (id: number) => LogicalPlan, valueRows = false): Dataset<U> {
    return new Dataset<U>(this.session, build(this.session.nextPlanId()), valueRows);
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
