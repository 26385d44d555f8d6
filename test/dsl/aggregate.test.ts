/** groupBy + agg with every aggregate, agg without groupBy, and the GroupedDataset shortcuts, end to end. */
import { expect } from 'chai';
import { Session } from '../../dsl/session.js';
import { avg, col, corr, count, countDistinct, first, max, mean, median, min, stddev, sum } from '../../dsl/functions.js';
import { expectSameRows, groupRows, randomRows, ref, type R } from './helpers.js';

describe('dsl aggregation end to end', function () {
  let session: Session;
  const rows = randomRows(400, 23);

  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 4 } });
  });
  after(async () => {
    await session.stop();
  });

  const ds = () => session.fromRows(rows, { partitions: 4 });

  it('groupBy one key with every aggregate (nulls skipped, null key is a group)', async () => {
    const out = await ds().groupBy('k').agg(
      count().as('n'), count('v').as('nv'), countDistinct('v').as('dv'), sum('v').as('sv'), avg('v').as('av'), mean('x').as('mx'),
      min('v').as('mn'), max('x').as('mxx'), min('s').as('ms'), max('s').as('xs'), median('v').as('md'), stddev('x').as('sd'), corr('v', 'x').as('c'),
    ).collect();
    const expected = groupRows(rows, ['k']).map(({ key, rows: rs }) => ({
      k: key.k, n: ref.count(rs), nv: ref.count(rs, 'v'), dv: ref.countDistinct(rs, 'v'), sv: ref.sum(rs, 'v'), av: ref.avg(rs, 'v'), mx: ref.avg(rs, 'x'),
      mn: ref.min(rs, 'v'), mxx: ref.max(rs, 'x'), ms: ref.min(rs, 's'), xs: ref.max(rs, 's'), md: ref.median(rs, 'v'), sd: ref.stddev(rs, 'x'), c: ref.corr(rs, 'v', 'x'),
    }));
    expectSameRows(out, expected);
  });

  it('groupBy two keys and an expression key; arithmetic over aggregates', async () => {
    const out = await ds().groupBy('k', 'g').agg(max('v').minus(min('v')).as('spread'), sum('v').div(count()).as('ratio')).collect();
    expectSameRows(out, groupRows(rows, ['k', 'g']).map(({ key, rows: rs }) => {
      const mx = ref.max(rs, 'v') as number | null;
      const mn = ref.min(rs, 'v') as number | null;
      const s = ref.sum(rs, 'v');
      return { k: key.k, g: key.g, spread: mx === null || mn === null ? null : mx - mn, ratio: s === null ? null : s / rs.length };
    }));
    const byExpr = await ds().groupBy(col('v').mod(3).as('m')).agg(count().as('n')).collect();
    const withM = rows.map((r) => ({ ...r, m: r.v === null ? null : (r.v as number) % 3 }));
    expectSameRows(byExpr, groupRows(withM, ['m']).map(({ key, rows: rs }) => ({ m: key.m, n: rs.length })));
  });

  it('first is deterministic when every row of a group holds the same value', async () => {
    const withK2 = rows.map((r) => ({ ...r, k2: r.k === null ? null : `${r.k}!` }));
    const out = await session.fromRows(withK2, { partitions: 3 }).groupBy('k').agg(first('k2').as('f')).collect();
    expectSameRows(out, groupRows(withK2, ['k']).map(({ key }) => ({ k: key.k, f: key.k === null ? null : `${key.k}!` })));
  });

  it('agg without groupBy gives one row, also over no rows', async () => {
    const out = await ds().agg(count().as('n'), sum('v').as('s'), max('v').minus(min('g')).as('d'), median('x').as('md')).collect();
    const mx = ref.max(rows, 'v') as number;
    const mn = ref.min(rows, 'g') as number;
    expectSameRows(out, [{ n: rows.length, s: ref.sum(rows, 'v'), d: mx - mn, md: ref.median(rows, 'x') }]);
    const empty = await ds().filter(col('v').gt(1000)).agg(count().as('n'), sum('v').as('s'), avg('x').as('a')).collect();
    expect(empty).to.deep.equal([{ n: 0, s: null, a: null }]);
    const viaSelect = await ds().select(max('v').as('m')).collect();
    expect(viaSelect).to.deep.equal([{ m: ref.max(rows, 'v') }]);
  });

  it('GroupedDataset count, sum, avg, min, max (no argument: every numeric non-key column)', async () => {
    const groups = groupRows(rows, ['k']);
    expectSameRows(await ds().groupBy('k').count().collect(), groups.map(({ key, rows: rs }) => ({ k: key.k, count: rs.length })));
    const sums = await ds().groupBy('k').sum().collect();
    expect(Object.keys(sums[0]!)).to.deep.equal(['k', 'sum(id)', 'sum(g)', 'sum(v)', 'sum(x)']);
    expectSameRows(sums, groups.map(({ key, rows: rs }) => ({ k: key.k, 'sum(id)': ref.sum(rs, 'id'), 'sum(g)': ref.sum(rs, 'g'), 'sum(v)': ref.sum(rs, 'v'), 'sum(x)': ref.sum(rs, 'x') })));
    expectSameRows(await ds().groupBy('k').avg('v').collect(), groups.map(({ key, rows: rs }) => ({ k: key.k, 'avg(v)': ref.avg(rs, 'v') })));
    expectSameRows(await ds().groupBy('g').min('v', 'x').collect(), groupRows(rows, ['g']).map(({ key, rows: rs }) => ({ g: key.g, 'min(v)': ref.min(rs, 'v'), 'min(x)': ref.min(rs, 'x') })));
    expectSameRows(await ds().groupBy('g').max('v').collect(), groupRows(rows, ['g']).map(({ key, rows: rs }) => ({ g: key.g, 'max(v)': ref.max(rs, 'v') })));
    expectSameRows(await ds().groupBy('k').agg({ v: 'sum', x: 'max' }).collect(), groups.map(({ key, rows: rs }) => ({ k: key.k, 'sum(v)': ref.sum(rs, 'v'), 'max(x)': ref.max(rs, 'x') })));
  });

  it('groupBy then orderBy of the aggregate', async () => {
    const out = await ds().groupBy('g').agg(count().as('n')).orderBy(col('n').desc(), 'g').collect();
    const expected: R[] = groupRows(rows, ['g']).map(({ key, rows: rs }) => ({ g: key.g, n: rs.length }));
    expected.sort((a, b) => (b.n as number) - (a.n as number) || (a.g === null ? -1 : b.g === null ? 1 : (a.g as number) - (b.g as number)));
    expect(out).to.deep.equal(expected);
  });

  it('rejects a non-numeric column in sum() and an unknown aggregate name', () => {
    expect(() => ds().groupBy('g').sum('k')).to.throw(/"k" is not a numeric column/);
    expect(() => ds().groupBy('g').agg({ v: 'variance' })).to.throw(/unknown aggregate "variance"/);
  });
});
