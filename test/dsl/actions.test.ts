/** The actions: collect, toArrow, count, take, first, show, schema, explain; sources fromRows, fromArrow, range. */
import { expect } from 'chai';
import { tableFromArrays } from 'apache-arrow';
import { Session } from '../../dsl/session.js';
import { col, count, sum } from '../../dsl/functions.js';
import { expectSameRows, randomRows } from './helpers.js';

describe('dsl actions end to end', function () {
  let session: Session;
  const rows = randomRows(120, 47);

  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 2 } });
  });
  after(async () => {
    await session.stop();
  });
  const ds = () => session.fromRows(rows, { partitions: 3 });

  it('collect gives plain objects with JS values, dates as Date', async () => {
    const d = new Date(Date.UTC(2024, 4, 6, 7, 8, 9));
    const out = await session.fromRows([{ a: 1, b: 'x', c: true, d, e: 2.5, f: 3_000_000_000 }, { a: null, b: null, c: null, d: null, e: null, f: null }]).collect();
    expectSameRows(out, [{ a: 1, b: 'x', c: true, d, e: 2.5, f: 3_000_000_000 }, { a: null, b: null, c: null, d: null, e: null, f: null }]);
    const withDate = out.find((r) => r.a === 1)!;
    expect(withDate.d).to.be.instanceOf(Date);
    expect(typeof withDate.f).to.equal('number');
  });

  it('count, take, first (undefined when empty)', async () => {
    expect(await ds().count()).to.equal(rows.length);
    expect(await ds().filter(col('v').gt(20)).count()).to.equal(rows.filter((r) => r.v !== null && (r.v as number) > 20).length);
    const t = await ds().orderBy('id').take(5);
    expect(t).to.deep.equal(rows.slice(0, 5));
    expect(await ds().orderBy(col('id').desc()).first()).to.deep.equal(rows[rows.length - 1]);
    expect(await ds().filter(col('id').lt(0)).first()).to.equal(undefined);
    expect(await session.range(1000, { partitions: 4 }).count()).to.equal(1000);
  });

  it('toArrow gives an apache-arrow Table with the rows', async () => {
    const table = await ds().select('id', 'k', 'x').orderBy('id').toArrow();
    expect(table.numRows).to.equal(rows.length);
    expect(table.schema.fields.map((f) => f.name)).to.deep.equal(['id', 'k', 'x']);
    const ids = table.getChild('id')!.toArray() as Int32Array;
    expect(Array.from(ids)).to.deep.equal(rows.map((r) => r.id));
    const ks = Array.from({ length: table.numRows }, (_, i) => table.getChild('k')!.get(i));
    expect(ks).to.deep.equal(rows.map((r) => r.k));
  });

  it('fromArrow reads an Arrow table, cut into partitions', async () => {
    const n = 50;
    const table = tableFromArrays({ a: Int32Array.from({ length: n }, (_, i) => i), b: Float64Array.from({ length: n }, (_, i) => i / 4), s: Array.from({ length: n }, (_, i) => `s${i % 7}`) });
    const d = session.fromArrow(table, { partitions: 4 });
    expect(d.columns).to.deep.equal(['a', 'b', 's']);
    expectSameRows(await d.collect(), Array.from({ length: n }, (_, i) => ({ a: i, b: i / 4, s: `s${i % 7}` })));
    expectSameRows(await d.groupBy('s').agg(sum('a').as('t')).collect(),
      Array.from({ length: 7 }, (_, j) => ({ s: `s${j}`, t: Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 === j).reduce((x, y) => x + y, 0) })));
  });

  it('fromRows with an explicit schema, also with no rows', async () => {
    const empty = session.fromRows([], { schema: { a: 'int32', b: 'string' } });
    expect(await empty.schema()).to.deep.equal([{ name: 'a', type: 'int32', nullable: true }, { name: 'b', type: 'utf8', nullable: true }]);
    expect(await empty.collect()).to.deep.equal([]);
    expect(await empty.count()).to.equal(0);
    expect(await empty.agg(count().as('n')).collect()).to.deep.equal([{ n: 0 }]);
  });

  it('schema and columns', async () => {
    const s = await ds().select('id', col('v').plus(1).as('v1'), col('x').div(2).as('h'), 'k').schema();
    expect(s.map((f) => [f.name, f.type])).to.deep.equal([['id', 'int32'], ['v1', 'int32'], ['h', 'float64'], ['k', 'utf8']]);
    expect(ds().columns).to.deep.equal(['id', 'k', 'g', 'v', 'x', 's']);
    expect((await session.range(3).schema())[0]).to.deep.include({ name: 'id', type: 'int64' });
  });

  it('show prints an aligned table and returns it, with "only showing top n rows"', async () => {
    const small = session.fromRows([{ id: 1, name: 'ann', score: 1.5 }, { id: 2, name: null, score: 10 }, { id: 3, name: 'a long name that goes past twenty', score: null }]);
    const text = await small.orderBy('id').show(2, { print: false });
    expect(text).to.equal([
      '+---+----+-----+',
      '| id|name|score|',
      '+---+----+-----+',
      '|  1| ann|  1.5|',
      '|  2|null|   10|',
      '+---+----+-----+',
      'only showing top 2 rows',
      '',
    ].join('\n'));
    const all = await small.orderBy('id').show(20, { print: false });
    expect(all).to.not.contain('only showing');
    expect(all).to.contain('|  3|a long name that ...| null|');
    const logged: unknown[] = [];
    const orig = console.log;
    console.log = (...a: unknown[]) => void logged.push(...a);
    try {
      await small.orderBy('id').show();
    } finally {
      console.log = orig;
    }
    expect(String(logged[0])).to.contain('| id|');
    // Same-named columns of a join both show (by position).
    const a = session.fromRows([{ k: 1, v: 10 }]);
    const b = session.fromRows([{ k: 1, v: 20 }]);
    const both = await a.join(b, a.col('k').eq(b.col('k'))).show(5, { print: false });
    expect(both.split('\n')[3]).to.equal('|  1| 10|  1| 20|');
  });

  it('explain gives the parsed, optimized and physical plans and the stages', async () => {
    const text = await ds().filter(col('v').gt(1)).groupBy('k').agg(sum('v')).explain();
    for (const section of ['== Parsed Logical Plan ==', '== Optimized Logical Plan ==', '== Physical Plan ==', '== Stages ==']) expect(text).to.contain(section);
    expect(text).to.match(/sum\(v\)/);
  });

  it('an action can be cancelled with an AbortSignal', async () => {
    const ac = new AbortController();
    ac.abort();
    let err: unknown;
    try {
      await session.range(100000, { partitions: 8 }).orderBy(col('id').desc()).collect({ signal: ac.signal });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).name).to.equal('CancelledError');
  });

  it('stop is safe twice and the session refuses work afterwards', async () => {
    const s2 = await Session.local({ executors: 1 });
    expect(await s2.range(3).count()).to.equal(3);
    await s2.stop();
    await s2.stop();
    let err: unknown;
    try {
      await s2.range(3).count();
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(Error);
  });
});
