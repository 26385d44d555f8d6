/**
 * `GroupedDataset`: the result of `groupBy`, waiting for its aggregates. The output has the
 * group keys first, then one column per aggregate (Spark's layout and default names).
 */
import { inspect } from 'node:util';
import type { AggFn } from '../engine/expr.js';
import { AnalysisError } from '../engine/errors.js';
import { isNumeric } from '../engine/types.js';
import { exprName, schemaOf } from '../planner/index.js';
import type { LExpr } from '../planner/logical.js';
import { Column, colExpr, describeValue } from './column.js';
import type { Dataset, Row } from './dataset.js';
import { KEY_COLUMN, KeyedDataset, type Captures, type RowFnOptions } from './typed/index.js';

/** Aggregate names accepted by the `{ column: 'fn' }` form of `agg`, as Spark's. */
const AGG_NAMES: Readonly<Record<string, AggFn>> = {
  count: 'count', sum: 'sum', avg: 'avg', mean: 'avg', min: 'min', max: 'max', first: 'first',
  median: 'median', stddev: 'stddev', stddev_samp: 'stddev', countdistinct: 'countDistinct', count_distinct: 'countDistinct',
};

/** A Dataset grouped by key expressions. */
export class GroupedDataset {
  /** The Dataset being grouped. */
  readonly dataset: Dataset<Row>;
  /** The group key expressions. */
  readonly keys: readonly LExpr[];

  /** Use `ds.groupBy(...)`. */
  constructor(dataset: Dataset<Row>, keys: readonly LExpr[]) {
    this.dataset = dataset;
    this.keys = keys;
  }

  /** What util.inspect shows: `GroupedDataset[k] of Dataset[k: utf8, v: int32]` (no session, no plans). */
  [inspect.custom](): string {
    return `GroupedDataset[${this.keys.map((k) => exprName(k)).join(', ')}] of ${this.dataset.toString()}`;
  }

  /**
   * One row per group: the keys, then each aggregate. Aggregates may be combined with
   * arithmetic (`max('v').minus(min('v'))`); the `{ v: 'sum', w: 'max' }` form works as in Spark.
   * @example ds.groupBy('k').agg(count().as('n'), avg('v'), max('v').minus(min('v')).as('range'))
   */
  agg(...aggs: (Column | Record<string, string>)[]): Dataset<Row> {
    if (this.dataset._isLazy) return this.dataset._later((d) => new GroupedDataset(d, this.keys).agg(...aggs));
    const exprs: LExpr[] = [];
    for (const a of aggs) {
      if (a instanceof Column) exprs.push(a.expr);
      else if (a !== null && typeof a === 'object' && !Array.isArray(a)) {
        for (const [name, fnName] of Object.entries(a)) {
          const fn = AGG_NAMES[String(fnName).toLowerCase()];
          if (!fn) throw new AnalysisError(`agg(): unknown aggregate ${JSON.stringify(fnName)} for column "${name}"; known: ${Object.keys(AGG_NAMES).join(', ')}`);
          exprs.push({ kind: 'agg', fn, args: fn === 'count' && name === '*' ? [] : [{ kind: 'col', name }] });
        }
      } else {
        throw new AnalysisError(`agg(): expected aggregate Columns such as sum('v'), got ${describeValue(a)}`);
      }
    }
    if (exprs.length === 0) throw new AnalysisError('agg(): give at least one aggregate, e.g. agg(count())');
    const input = this.dataset.plan;
    return this.dataset.derive((id) => ({ id, node: 'aggregate', input, groupBy: this.keys, aggs: exprs }));
  }

  /** Rows per group, in a column named `count`. @example ds.groupBy('k').count() */
  count(): Dataset<Row> {
    return this.agg(new Column({ kind: 'alias', expr: { kind: 'agg', fn: 'count', args: [] }, name: 'count' }));
  }

  /** Sum of each column (no argument: every numeric non-key column). @example ds.groupBy('k').sum('v') */
  sum(...cols: (string | Column)[]): Dataset<Row> { return this.numericAgg('sum', cols); }
  /** Mean of each column (no argument: every numeric non-key column). */
  avg(...cols: (string | Column)[]): Dataset<Row> { return this.numericAgg('avg', cols); }
  /** Same as `avg`. */
  mean(...cols: (string | Column)[]): Dataset<Row> { return this.numericAgg('avg', cols); }
  /** Minimum of each column (no argument: every numeric non-key column). */
  min(...cols: (string | Column)[]): Dataset<Row> { return this.numericAgg('min', cols); }
  /** Maximum of each column (no argument: every numeric non-key column). */
  max(...cols: (string | Column)[]): Dataset<Row> { return this.numericAgg('max', cols); }

  /**
   * One row per group: the group's rows combined with `fn` (typed API; see `KeyedDataset.reduce`).
   * @example ds.groupBy('k').reduce((a, b) => (a.v >= b.v ? a : b))
   */
  reduce(fn: (a: Row, b: Row) => Row, captures?: Captures): Dataset<Row> {
    return this.byKey().reduce(fn, captures);
  }

  /**
   * One output row per group from `fn(key, rows)` (typed API; see `KeyedDataset.mapGroups`). The
   * key is the group column's value, or an object of the group columns by name when there are several.
   * @example ds.groupBy('k').mapGroups((k, rows) => ({ k, n: rows.length }))
   */
  mapGroups<U>(fn: (key: any, rows: Row[]) => U, captures?: Captures, opts?: RowFnOptions): Dataset<U> {
    return this.byKey().mapGroups(fn, captures, opts);
  }

  /**
   * Every group with its rows, brought to the driver: `{ key, rows }` (key as for `mapGroups`).
   * @example for (const { key, rows } of await ds.groupBy('k').collect()) console.log(key, rows.length)
   */
  async collect(): Promise<{ key: any; rows: Row[] }[]> {
    return this.byKey().collect();
  }

  /** The grouped rows with their key in the column `__key`, as the typed API groups them. */
  private byKey(): KeyedDataset<any, Row> {
    const keys = this.keys;
    if (keys.length === 0) throw new AnalysisError('groupBy() with no columns has no groups to run a function over; give at least one column');
    return new KeyedDataset<any, Row>(this.dataset._withResolved((d) => {
      const cols: LExpr[] = d.columns.map((name) => ({ kind: 'col', name }));
      if (keys.length === 1) {
        const k = keys[0]!;
        const out = d.derive((id) => ({ id, node: 'project', input: d.plan, exprs: [...cols, { kind: 'alias', expr: k.kind === 'alias' ? k.expr : k, name: KEY_COLUMN }] }));
        out.keyJson = false;
        return out;
      }
      // Several keys: each into a column, then one JSON key object { name: value } by a key function.
      const names = keys.map(exprName);
      const tmp = keys.map((_, i) => `__k${i}`);
      const withKeys = d.derive((id) => ({ id, node: 'project', input: d.plan, exprs: [...cols, ...keys.map((k, i): LExpr => ({ kind: 'alias', expr: k.kind === 'alias' ? k.expr : k, name: tmp[i]! }))] }));
      const source = `(r) => ({ ${names.map((n, i) => `${JSON.stringify(n)}: r[${JSON.stringify(tmp[i])}]`).join(', ')} })`;
      const keyed = withKeys.derive((id) => ({
        id, node: 'mapRows', input: withKeys.plan,
        fn: { kind: 'key', source, captures: {}, reads: tmp, valueIn: false, valueOut: false, notCompiledBecause: 'a key of several group columns is a JSON object' },
        schema: [{ name: KEY_COLUMN, type: 'utf8', nullable: false }],
      }));
      const out = keyed.derive((id) => ({ id, node: 'project', input: keyed.plan, exprs: [...cols, { kind: 'col', name: KEY_COLUMN }] }));
      out.keyJson = true;
      return out;
    }));
  }

  private numericAgg(fn: AggFn, cols: readonly (string | Column)[]): Dataset<Row> {
    if (this.dataset._isLazy) return this.dataset._later((d) => new GroupedDataset(d, this.keys).numericAgg(fn, cols));
    const schema = schemaOf(this.dataset.analyzed);
    const numeric = schema.filter((f) => isNumeric(f.type)).map((f) => f.name);
    let args: LExpr[];
    if (cols.length === 0) {
      const keyNames = new Set(this.keys.flatMap((k) => (k.kind === 'col' ? [k.name] : [])));
      args = numeric.filter((n) => !keyNames.has(n)).map((name) => ({ kind: 'col', name }));
      if (args.length === 0) throw new AnalysisError(`${fn}(): there is no numeric column to aggregate besides the group keys; columns: ${schema.map((f) => `${f.name} (${f.type})`).join(', ')}`);
    } else {
      args = cols.map((c) => colExpr(c, fn));
      for (const a of args) {
        const f = a.kind === 'col' ? schema.find((s) => s.name === a.name) : undefined;
        if (f && !isNumeric(f.type)) {
          throw new AnalysisError(`${fn}(): "${f.name}" is not a numeric column (it is ${f.type}); numeric columns: ${numeric.join(', ') || 'none'}`);
        }
      }
    }
    return this.agg(...args.map((a) => new Column({ kind: 'agg', fn, args: [a] })));
  }
}
