/** orderBy with several keys, directions and null placements; windows; end to end. */
import { expect } from 'chai';
import { Session } from '../../dsl/session.js';
import { Window } from '../../dsl/window.js';
import { col, count, denseRank, desc, max, rank, rowNumber, sum } from '../../dsl/functions.js';
import { expectSameRows, expectSorted, groupRows, randomRows, rowComparator, type R } from './helpers.js';

describe('dsl orderBy and windows end to end', function () {
  let session: Session;
  const rows = randomRows(350, 31);

  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 4 } });
  });
  after(async () => {
    await session.stop();
  });
  const ds = () => session.fromRows(rows, { partitions: 4 });

  it('orderBy several keys: names ascend nulls first, desc() puts nulls last', async () => {
    const out = await ds().orderBy('k', col('v').desc(), 'id').collect();
    const expected = rows.slice().sort(rowComparator([{ col: 'k' }, { col: 'v', desc: true }, { col: 'id' }]));
    expect(out).to.deep.equal(expected);
  });

  it('ascNullsLast and descNullsFirst', async () => {
    const out = await ds().sort(col('x').ascNullsLast(), 'id').collect();
    expect(out).to.deep.equal(rows.slice().sort(rowComparator([{ col: 'x', nullsFirst: false }, { col: 'id' }])));
    const out2 = await ds().sort(col('g').descNullsFirst(), desc('id')).collect();
    expect(out2).to.deep.equal(rows.slice().sort(rowComparator([{ col: 'g', desc: true, nullsFirst: true }, { col: 'id', desc: true }])));
  });

  it('orderBy then limit is the top n; ties in the order keep the order of the keys', async () => {
    const out = await ds().orderBy(col('v').desc(), 'id').limit(15).collect();
    expect(out).to.deep.equal(rows.slice().sort(rowComparator([{ col: 'v', desc: true }, { col: 'id' }])).slice(0, 15));
    const byS = await ds().orderBy('s').collect();
    expect(byS).to.have.length(rows.length);
    expectSorted(byS, rowComparator([{ col: 's' }]));
  });

  it('rowNumber, rank, denseRank over a partitioned, ordered window', async () => {
    const w = Window.partitionBy('k').orderBy('v', 'id');
    const wr = Window.partitionBy('k').orderBy('v');
    const out = await ds().select('id', 'k', 'v', rowNumber().over(w).as('rn'), rank().over(wr).as('rk'), denseRank().over(wr).as('dr')).collect();
    const expected: R[] = [];
    for (const { rows: rs } of groupRows(rows, ['k'])) {
      const sorted = rs.slice().sort(rowComparator([{ col: 'v' }, { col: 'id' }]));
      let rk = 0;
      let dr = 0;
      sorted.forEach((r, i) => {
        const prev = sorted[i - 1];
        if (i === 0 || prev!.v !== r.v) {
          rk = i + 1;
          dr += 1;
        }
        expected.push({ id: r.id, k: r.k, v: r.v, rn: i + 1, rk, dr });
      });
    }
    expectSameRows(out, expected);
  });

  it('an aggregate over a window: running sum with orderBy (peers included), whole-partition without', async () => {
    const running = await ds().withColumn('run', sum('v').over(Window.partitionBy('g').orderBy('id'))).collect();
    const total = await ds().withColumn('tot', sum('v').over(Window.partitionBy('g'))).withColumn('mx', max('x').over(Window.partitionBy('g'))).collect();
    const expRun: R[] = [];
    const expTot: R[] = [];
    for (const { rows: rs } of groupRows(rows, ['g'])) {
      const sorted = rs.slice().sort(rowComparator([{ col: 'id' }]));
      let acc: number | null = null;
      for (const r of sorted) {
        if (r.v !== null) acc = (acc ?? 0) + (r.v as number);
        expRun.push({ ...r, run: acc });
      }
      const vs = rs.map((r) => r.v).filter((v) => v !== null) as number[];
      const xs = rs.map((r) => r.x).filter((v) => v !== null) as number[];
      for (const r of rs) expTot.push({ ...r, tot: vs.length ? vs.reduce((a, b) => a + b, 0) : null, mx: xs.length ? Math.max(...xs) : null });
    }
    expectSameRows(running, expRun);
    expectSameRows(total, expTot);
  });

  it('a window over the whole dataset, and a window next to other columns', async () => {
    const out = await ds().select('id', rowNumber().over(Window.orderBy(col('id').desc())).as('rn'), count().over(Window.partitionBy('k')).as('n')).collect();
    const counts = new Map(groupRows(rows, ['k']).map((g) => [JSON.stringify(g.key.k), g.rows.length]));
    expectSameRows(out, rows.map((r) => ({ id: r.id, rn: rows.length - (r.id as number), n: counts.get(JSON.stringify(r.k)) })));
  });

  it('rejects a ranking function without an ordered window at the call', () => {
    expect(() => ds().withColumn('rn', rowNumber())).to.throw(/rowNumber\(\) needs an ordered window/);
    expect(() => ds().select(rank().over(Window.partitionBy('k')))).to.throw(/rank\(\) needs an ordered window/);
  });
});
