/**
 * Column transformations end to end (DSL → planner → driver → engine) against a plain
 * JavaScript reference over the same rows, nulls included.
 */
import { expect } from 'chai';
import { Session } from '../../dsl/session.js';
import { abs, ceil, coalesce, col, concat, floor, greatest, least, length, lit, lower, round, sqrt, upper, when } from '../../dsl/functions.js';
import { expectSameRows, randomRows, type R } from './helpers.js';

describe('dsl transformations end to end', function () {
  let session: Session;
  const rows = randomRows(300, 11);

  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 3 } });
  });
  after(async () => {
    await session.stop();
  });

  const ds = () => session.fromRows(rows, { partitions: 3 });
  const num = (v: unknown): number | null => (v === null ? null : (v as number));

  it('select of names, expressions and *', async () => {
    const out = await ds().select('id', col('v').plus(1).as('v1'), col('v').mul(col('g')).as('vg'), col('v').div(2).as('half')).collect();
    expectSameRows(out, rows.map((r) => ({
      id: r.id,
      v1: r.v === null ? null : (r.v as number) + 1,
      vg: r.v === null || r.g === null ? null : (r.v as number) * (r.g as number),
      half: r.v === null ? null : (r.v as number) / 2,
    })));
    const all = await ds().select('*').collect();
    expectSameRows(all, rows);
    expect(ds().select('*', lit(1).as('one')).columns).to.deep.equal(['id', 'k', 'g', 'v', 'x', 's', 'one']);
  });

  it('names unaliased expressions like Spark', () => {
    expect(ds().select(col('v').plus(1), lower('k')).columns).to.deep.equal(['(v + 1)', 'lower(k)']);
  });

  it('withColumn appends, or replaces in place', async () => {
    const appended = ds().withColumn('w', col('v').minus(col('g')));
    expect(appended.columns).to.deep.equal(['id', 'k', 'g', 'v', 'x', 's', 'w']);
    expectSameRows(await appended.collect(), rows.map((r) => ({ ...r, w: r.v === null || r.g === null ? null : (r.v as number) - (r.g as number) })));
    const replaced = ds().withColumn('v', coalesce(col('v'), lit(0)));
    expect(replaced.columns).to.deep.equal(['id', 'k', 'g', 'v', 'x', 's']);
    expectSameRows(await replaced.collect(), rows.map((r) => ({ ...r, v: r.v ?? 0 })));
  });

  it('withColumnRenamed and drop', async () => {
    const renamed = ds().withColumnRenamed('v', 'value');
    expect(renamed.columns).to.deep.equal(['id', 'k', 'g', 'value', 'x', 's']);
    expectSameRows(await renamed.collect(), rows.map(({ v, ...rest }) => ({ ...rest, value: v })));
    expect(ds().withColumnRenamed('nope', 'x2').columns).to.deep.equal(['id', 'k', 'g', 'v', 'x', 's']);
    const dropped = ds().drop('x', 's', 'nope');
    expect(dropped.columns).to.deep.equal(['id', 'k', 'g', 'v']);
    expectSameRows(await dropped.collect(), rows.map(({ id, k, g, v }) => ({ id, k, g, v })));
  });

  it('filter and where with SQL null semantics', async () => {
    const f1 = await ds().filter(col('v').gt(10)).collect();
    expectSameRows(f1, rows.filter((r) => r.v !== null && (r.v as number) > 10));
    const f2 = await ds().where(col('k').eq('a').or(col('v').isNull())).collect();
    expectSameRows(f2, rows.filter((r) => r.k === 'a' || r.v === null));
    const f3 = await ds().filter(col('k').neq('a').and(col('g').between(1, 3))).collect();
    expectSameRows(f3, rows.filter((r) => r.k !== null && r.k !== 'a' && r.g !== null && (r.g as number) >= 1 && (r.g as number) <= 3));
    const f4 = await ds().filter(col('k').isIn('b', 'c').not()).collect();
    expectSameRows(f4, rows.filter((r) => r.k !== null && r.k !== 'b' && r.k !== 'c'));
    const f5 = await ds().filter(col('s').isNotNull().and(col('s').startsWith('s1'))).collect();
    expectSameRows(f5, rows.filter((r) => typeof r.s === 'string' && r.s.startsWith('s1')));
  });

  it('string functions', async () => {
    const out = await ds().select('id', upper('k').as('u'), col('s').contains('3').as('c'), col('s').substr(2, 2).as('sub'), length('s').as('n'),
      concat('k', lit('-'), 's').as('cat'), col('s').endsWith('9').as('e')).collect();
    expectSameRows(out, rows.map((r) => {
      const s = r.s as string | null;
      const k = r.k as string | null;
      return {
        id: r.id, u: k === null ? null : k.toUpperCase(), c: s === null ? null : s.includes('3'), sub: s === null ? null : s.substring(1, 3),
        n: s === null ? null : s.length, cat: k === null || s === null ? null : `${k}-${s}`, e: s === null ? null : s.endsWith('9'),
      };
    }));
  });

  it('math functions, casts and CASE WHEN', async () => {
    const out = await ds().select('id', abs('v').as('a'), floor('x').as('f'), ceil('x').as('c'), round('x').as('r'), sqrt(abs('x')).as('q'),
      greatest('v', 'g').as('gr'), least('v', 'g').as('le'), col('v').cast('float64').as('vf'), col('v').cast('utf8').as('vs'),
      when(col('v').lt(0), 'neg').when(col('v').eq(0), 'zero').otherwise('pos').as('sign'), col('v').mod(7).as('m')).collect();
    const roundHalfAway = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));
    expectSameRows(out, rows.map((r) => {
      const v = num(r.v);
      const x = num(r.x);
      const g = num(r.g);
      const both = [v, g].filter((t): t is number => t !== null);
      return {
        id: r.id, a: v === null ? null : Math.abs(v), f: x === null ? null : Math.floor(x), c: x === null ? null : Math.ceil(x),
        r: x === null ? null : roundHalfAway(x), q: x === null ? null : Math.sqrt(Math.abs(x)),
        gr: both.length ? Math.max(...both) : null, le: both.length ? Math.min(...both) : null,
        vf: v, vs: v === null ? null : String(v),
        sign: v === null ? 'pos' : v < 0 ? 'neg' : v === 0 ? 'zero' : 'pos',
        m: v === null ? null : v % 7,
      };
    }));
  });

  it('union keeps duplicates, distinct removes them', async () => {
    const a = ds().select('k', 'g');
    const u = await a.union(a.filter(col('g').eq(1))).collect();
    const proj = rows.map((r) => ({ k: r.k, g: r.g }));
    expectSameRows(u, [...proj, ...proj.filter((r) => r.g === 1)]);
    const d = await a.distinct().collect();
    const seen = new Map<string, R>();
    for (const r of proj) seen.set(JSON.stringify(r), r);
    expectSameRows(d, [...seen.values()]);
  });

  it('limit, repartition and coalesce keep the right rows', async () => {
    const l = await ds().limit(17).collect();
    expect(l).to.have.length(17);
    const ids = new Set(rows.map((r) => r.id));
    for (const r of l) expect(ids.has(r.id)).to.equal(true);
    expect(await ds().limit(0).collect()).to.deep.equal([]);
    expectSameRows(await ds().repartition(5).collect(), rows);
    expectSameRows(await ds().repartition(4, 'k').collect(), rows);
    expectSameRows(await ds().repartition('g').collect(), rows);
    expectSameRows(await ds().coalesce(1).collect(), rows);
    expectSameRows(await session.range(0, 100, { partitions: 7 }).coalesce(2).collect(), Array.from({ length: 100 }, (_, i) => ({ id: i })));
  });

  it('range like Spark: one argument, steps, negative steps', async () => {
    expectSameRows(await session.range(5).collect(), [0, 1, 2, 3, 4].map((id) => ({ id })));
    expectSameRows(await session.range(3, 20, { step: 4, partitions: 3 }).collect(), [3, 7, 11, 15, 19].map((id) => ({ id })));
    expectSameRows(await session.range(10, 0, { step: -3 }).collect(), [10, 7, 4, 1].map((id) => ({ id })));
    expect(await session.range(5, 5).count()).to.equal(0);
  });

  it('cache: the cached Dataset gives the same rows and survives unpersist', async () => {
    const base = ds().filter(col('v').isNotNull()).withColumn('v2', col('v').mul(2));
    const expected: R[] = rows.filter((r) => r.v !== null).map((r) => ({ ...r, v2: (r.v as number) * 2 }));
    const cached = base.cache();
    expect(cached).to.equal(base);
    expectSameRows(await cached.collect(), expected);
    expect(await cached.count()).to.equal(expected.length);
    expectSameRows(await cached.filter(col('k').eq('a')).collect(), expected.filter((r) => r.k === 'a'));
    await cached.unpersist();
    expectSameRows(await cached.collect(), expected);
  });

  it('col(name) pins a column to its Dataset', async () => {
    const left = ds().select('id', 'v');
    const right = ds().select('id', col('g').as('rg'));
    const joined = left.join(right, left.col('id').eq(right.col('id'))).select(left.col('id'), 'v', 'rg');
    expectSameRows(await joined.collect(), rows.map((r) => ({ id: r.id, v: r.v, rg: r.g })));
  });
});
