/**
 * `KeyedDataset<K, T>`: a Dataset grouped by a key function (typed `groupBy(fn)`), waiting for
 * `reduce`, `mapGroups` or `collect`. Its input carries the key in a column `__key`; a hash
 * exchange on it brings each group to one task, where the function runs per group.
 */
import { inspect } from 'node:util';
import { decodeKey } from '../../engine/ops/index.js';
import type { Dataset, Row } from '../dataset.js';
import { schemaOf } from '../../planner/index.js';
import { inferOutputSchema, SAMPLE_ROWS } from './infer-schema.js';
import { analyzeLambda } from './lambda.js';
import { callSite, rowFnOf } from './row-fn-spec.js';
import { runOnSample } from './sample.js';
import type { Captures, RowFnOptions } from './types.js';
import { normalizeSchema } from '../schema-input.js';
import { givenOutput, outputWithoutRows } from './shape-schema.js';

/** The name of the key column a typed groupBy adds. */
export const KEY_COLUMN = '__key';

/** A Dataset<T> grouped by keys of type K. */
export class KeyedDataset<K, T> {
  /** @internal The rows with their key column `__key`. */
  readonly keyed: Dataset<any>;

  /** Use `ds.groupBy(fn)`. */
  constructor(keyed: Dataset<any>) {
    this.keyed = keyed;
  }

  /** What util.inspect shows: a short summary (no session, no plans). */
  [inspect.custom](): string {
    return 'KeyedDataset[grouped by a function]';
  }

  /**
   * One row per group: the group's rows combined with `fn` (associative and commutative: each
   * partition combines its rows first, like Spark's reduceGroups). The result has the rows'
   * columns (the key is not added: it is usually one of them).
   * @example ds.groupBy((r) => r.k).reduce((a, b) => ({ ...a, v: a.v + b.v }))
   */
  reduce(fn: (a: T, b: T) => T, captures?: Captures): Dataset<T> {
    const a = analyzeLambda(fn, 'reduce', captures);
    const site = callSite();
    return this.keyed._withResolved((d) => {
      const spec = rowFnOf(a, { valueIn: d.valueRows, valueOut: d.valueRows, wholeRows: true, definedAt: site });
      const schema = schemaOf(d.analyzed).filter((f) => f.name !== KEY_COLUMN);
      return d.derive<T>((id) => ({ id, node: 'groupRows', input: d.plan, fn: spec, key: KEY_COLUMN, keyJson: d.keyJson, schema }), d.valueRows);
    });
  }

  /**
   * One output row per group: `fn(key, rows)` with every row of the group (in no set order).
   * Runs per group on the executors; the output schema is inferred as for `map` (from the
   * groups of a sample of the first 1000 rows), or given as `opts.schema` (needed when the
   * input may be empty: with no group to run, nothing else can tell it).
   * @example ds.groupBy((r) => r.k).mapGroups((k, rows) => ({ k, n: rows.length }))
   * @example ds.groupBy((r) => r.k).mapGroups((k, rows) => ({ k, n: rows.length }), {}, { schema: { k: 'string', n: 'int' } })
   */
  mapGroups<U>(fn: (key: K, rows: T[]) => U, captures?: Captures, opts?: RowFnOptions): Dataset<U> {
    const a = analyzeLambda(fn, 'mapGroups', captures);
    const site = callSite();
    const given = opts?.schema !== undefined ? normalizeSchema(opts.schema, 'mapGroups(): the schema option') : undefined;
    return this.keyed._inferred<U>(
      () => null,
      async (d) => {
        if (given !== undefined) return givenOutput(given, null);
        const spec = rowFnOf(a, { valueIn: d.valueRows, valueOut: false, wholeRows: true, definedAt: site });
        const rows = await d._rowObjects(SAMPLE_ROWS);
        const { outputs } = runOnSample(spec, rows, { key: KEY_COLUMN, keyJson: d.keyJson });
        if (outputs.length === 0) return outputWithoutRows('mapGroups', undefined, null, [], d.valueRows);
        return inferOutputSchema('mapGroups', outputs, [], null);
      },
      (d, out) => {
        const spec = rowFnOf(a, { valueIn: d.valueRows, valueOut: out.valueOut, wholeRows: true, definedAt: site });
        return d.derive<U>((id) => ({ id, node: 'groupRows', input: d.plan, fn: spec, key: KEY_COLUMN, keyJson: d.keyJson, schema: out.schema }), out.valueOut);
      },
    );
  }

  /**
   * Every group with its rows (brought to the driver; group order unspecified).
   * @example for (const { key, rows } of await ds.groupBy((r) => r.k).collect()) console.log(key, rows.length)
   */
  async collect(): Promise<{ key: K; rows: T[] }[]> {
    const d = this.keyed;
    const objects = await d._rowObjects();
    const groups = new Map<unknown, { key: K; rows: T[] }>();
    for (const o of objects) {
      const { [KEY_COLUMN]: raw, ...rest } = o as Row;
      const norm = raw instanceof Date ? raw.getTime() : raw ?? null;
      let g = groups.get(norm);
      if (g === undefined) {
        g = { key: (d.keyJson && typeof raw === 'string' ? decodeKey(raw) : raw ?? null) as K, rows: [] };
        groups.set(norm, g);
      }
      g.rows.push((d.valueRows ? rest.value : rest) as T);
    }
    return [...groups.values()];
  }

  /** Rows per group, as `{ key, count }` (brought to the driver). */
  async count(): Promise<{ key: K; count: number }[]> {
    return (await this.collect()).map((g) => ({ key: g.key, count: g.rows.length }));
  }
}
