/**
 * Issue 10.4: the schema of a row-by-row map does not depend on whether rows arrived. Over an
 * empty input (a filter that keeps nothing) it is read from the function's source, or given as
 * `{ schema }`; it equals the schema of the same map over rows, and later column references,
 * joins and lambdas work on it.
 */
import { expect } from 'chai';
import { AnalysisError } from '../../../engine/errors.js';
import type { Dataset } from '../../../dsl/dataset.js';
import { Session } from '../../../dsl/session.js';
import { col } from '../../../dsl/functions.js';
import type { Schema } from '../../../engine/types.js';

type Rw = { id: number; k: string | null; x: number | null; ok: boolean | null };
const ROWS: Rw[] = Array.from({ length: 40 }, (_, i) => ({ id: i, k: i % 3 === 0 ? null : `k${i % 5}`, x: i % 4 === 0 ? null : i * 1.5, ok: i % 2 === 0 }));

/** The input's columns plus m: float64, every field nullable (as the sample gives them). */
const SPREAD_PLUS_M: Schema = [
  { name: 'id', type: 'int32', nullable: true },
  { name: 'k', type: 'utf8', nullable: true },
  { name: 'x', type: 'float64', nullable: true },
  { name: 'ok', type: 'bool', nullable: true },
  { name: 'm', type: 'float64', nullable: true },
];

describe('typed API: a row-by-row map over an empty input keeps its schema (issue 10.4)', function () {
  let s: Session;
  before(async () => {
    s = await Session.local({ executors: 1, inProcess: true });
  });
  after(async () => {
    await s.stop();
  });
  const ds = (): Dataset<Rw> => s.fromRows(ROWS as any[], { partitions: 2 }).as<Rw>();
  // Row by row (a spread is not compiled), so the schema comes from a sample.
  const withM = (d: Dataset<Rw>) => d.map((o) => ({ ...o, m: (o.x ?? 0) * 2 }));
  const nothing = (d: Dataset<Rw>) => d.filter((o) => o.id < 0);
  const some = (d: Dataset<Rw>) => d.filter((o) => o.id < 10);

  it('map {...o, m} over an empty filter result: the same schema as over rows, and col("m") resolves', async () => {
    const empty = withM(nothing(ds()));
    const full = withM(some(ds()));
    expect((await full.schema()).map((f) => [f.name, f.type])).to.deep.equal(SPREAD_PLUS_M.map((f) => [f.name, f.type]));
    expect(await empty.schema()).to.deep.equal(await full.schema());
    expect(await empty.select(col('m'), col('k')).collect()).to.deep.equal([]);
    const fullM = (await full.select(col('m')).collect()).map((r) => r.m);
    expect(fullM).to.deep.equal(ROWS.filter((o) => o.id < 10).map((o) => (o.x ?? 0) * 2));
  });

  it('joins on a column of the empty map, both sides', async () => {
    const other = s.fromRows([{ id: 1, name: 'one' }, { id: 2, name: 'two' }]);
    const empty = withM(nothing(ds()));
    const j = empty.join(other, 'id');
    expect((await j.schema()).map((f) => f.name)).to.include.members(['id', 'm', 'name']);
    expect(await j.collect()).to.deep.equal([]);
    expect(await other.join(empty, 'id', 'left').select(col('name'), col('m')).collect()).to.have.deep.members([{ name: 'one', m: null }, { name: 'two', m: null }]);
  });

  it('another lambda (map, filter) on the empty map, then a column of it', async () => {
    const empty = withM(nothing(ds()));
    const again = empty.map((o) => ({ id: o.id, label: `${o.k}!`, big: o.m > 10, up: o.k?.toUpperCase() ?? null }));
    const full = withM(some(ds())).map((o) => ({ id: o.id, label: `${o.k}!`, big: o.m > 10, up: o.k?.toUpperCase() ?? null }));
    expect(await again.schema()).to.deep.equal(await full.schema());
    expect(await again.filter((o) => o.big).select(col('label')).collect()).to.deep.equal([]);
  });

  it('flatMap of an array of objects over an empty input: the same schema as over rows', async () => {
    const f = (d: Dataset<Rw>) => d.flatMap((o) => [{ ...o, m: 1 }, { ...o, m: 2.5 }]);
    const empty = f(nothing(ds()));
    expect(await empty.schema()).to.deep.equal(await f(some(ds())).schema());
    expect(await empty.select(col('m')).collect()).to.deep.equal([]);
  });

  it('a map to a plain value over an empty input is a Dataset of values of the source\'s type', async () => {
    // padStart is not compiled: the map runs row by row.
    const f = (d: Dataset<Rw>) => d.map((o) => `${o.id}:${o.k}`.padStart(6));
    const empty = f(nothing(ds()));
    expect(await empty.schema()).to.deep.equal([{ name: 'value', type: 'utf8', nullable: true }]);
    expect(await empty.schema()).to.deep.equal(await f(some(ds())).schema());
    expect(await empty.collect()).to.deep.equal([]);
  });

  it('{ schema } gives the schema of map, mapPartitions and mapGroups (no sample needed)', async () => {
    const schema = { id: 'int', tag: 'string' };
    const want: Schema = [{ name: 'id', type: 'int32', nullable: true }, { name: 'tag', type: 'utf8', nullable: true }];
    const lookup = ['a', 'b'];
    const m = nothing(ds()).map((o) => ({ id: o.id, tag: lookup[o.id % 2] ?? String(o.id) }), { lookup }, { schema });
    expect(await m.schema()).to.deep.equal(want);
    expect(await m.select(col('tag')).collect()).to.deep.equal([]);
    const mp = nothing(ds()).mapPartitions(function* (rows) { for (const r of rows) yield { id: r.id, tag: String(r.k) }; }, {}, { schema });
    expect(await mp.schema()).to.deep.equal(want);
    const mg = nothing(ds()).groupBy((o) => o.k).mapGroups((k, rows) => ({ id: rows.length, tag: String(k) }), {}, { schema });
    expect(await mg.schema()).to.deep.equal(want);
    expect(await mg.select(col('id')).collect()).to.deep.equal([]);
    // Over rows, the given schema is used too.
    const over = some(ds()).map((o) => ({ id: o.id, tag: lookup[o.id % 2] ?? 'x' }), { lookup }, { schema });
    expect(await over.collect()).to.have.deep.members(ROWS.filter((o) => o.id < 10).map((o) => ({ id: o.id, tag: lookup[o.id % 2] })));
  });

  it('when neither the source nor an option tells, the first action asks for { schema } (no silent empty schema)', async () => {
    const lookup = ['a', 'b'];
    const m = nothing(ds()).map((o) => ({ id: o.id, tag: lookup[o.id % 2] }), { lookup });
    let err: unknown;
    try {
      await m.select(col('tag')).collect();
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(AnalysisError);
    expect((err as Error).message).to.match(/output schema of the map function cannot be inferred.*input had no rows.*schema/);
  });
});
