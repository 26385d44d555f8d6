/**
 * Differential tests: the same queries on random rows with nulls, over 1 and 8 input
 * partitions, against the plain-JavaScript reference. Run by one file per batch size.
 */
import { Session } from '../../dsl/session.js';
import { Window } from '../../dsl/window.js';
import { avg, col, count, countDistinct, max, median, min, rowNumber, stddev, sum } from '../../dsl/functions.js';
import { expectSameOrderedRows, expectSameRows, groupRows, prng, randomRows, ref, refJoin, rowComparator, sqlEq, type R } from './helpers.js';

/** Registers the differential queries for a session with this batch size and `rows` random rows. */
export function differentialSuite(batchSize: number, rowCount: number): void {
  describe(`dsl differential (batchSize ${batchSize}, ${rowCount} rows)`, function () {
    let session: Session;
    const rows = randomRows(rowCount, 1000 + batchSize);
    const r = prng(batchSize);
    const other = Array.from({ length: Math.max(10, rowCount >> 5) }, (_, i) => ({ ok: r() < 0.1 ? null : ['a', 'b', 'c', 'zz'][Math.floor(r() * 4)]!, w: i }));

    before(async () => {
      session = await Session.local({ executors: 2, conf: { batchSize, shufflePartitions: 5 } });
    });
    after(async () => {
      await session.stop();
    });

    for (const partitions of [1, 8]) {
      const ds = () => session.fromRows(rows, { partitions });
      describe(`${partitions} partition(s)`, () => {
        it('filter and project', async () => {
          const out = await ds().filter(col('v').gt(-10).and(col('k').isNotNull())).select('id', col('v').mul(2).plus(col('g')).as('e'), 'k').collect();
          expectSameRows(out, rows.filter((x) => x.v !== null && (x.v as number) > -10 && x.k !== null)
            .map((x) => ({ id: x.id, e: x.g === null ? null : (x.v as number) * 2 + (x.g as number), k: x.k })));
        });

        it('groupBy with aggregates', async () => {
          const out = await ds().groupBy('k', 'g').agg(count().as('n'), sum('v').as('s'), avg('x').as('a'), min('s').as('mn'), max('v').as('mx'),
            countDistinct('s').as('d'), median('v').as('md'), stddev('v').as('sd')).collect();
          expectSameRows(out, groupRows(rows, ['k', 'g']).map(({ key, rows: rs }) => ({
            k: key.k, g: key.g, n: rs.length, s: ref.sum(rs, 'v'), a: ref.avg(rs, 'x'), mn: ref.min(rs, 's'), mx: ref.max(rs, 'v'),
            d: ref.countDistinct(rs, 's'), md: ref.median(rs, 'v'), sd: ref.stddev(rs, 'v'),
          })));
        });

        it('joins (inner and left) on a condition', async () => {
          const o = session.fromRows(other, { partitions: Math.min(partitions, 3) });
          for (const how of ['inner', 'left'] as const) {
            const out = await ds().select('id', 'k').join(o, col('k').eq(col('ok')), how).collect();
            expectSameRows(out, refJoin(rows, other, (a, b) => sqlEq(a.k, b.ok), how, ['id', 'k'], ['ok', 'w']));
          }
        });

        it('orderBy with limit, and a full sort', async () => {
          const cmp = rowComparator([{ col: 'v', desc: true }, { col: 'x' }, { col: 'id' }]);
          const top = await ds().orderBy(col('v').desc(), 'x', 'id').limit(20).collect();
          expectSameOrderedRows(top, rows.slice().sort(cmp).slice(0, 20));
          const all = await ds().orderBy('k', col('id').desc()).select('id', 'k').collect();
          expectSameOrderedRows(all, rows.slice().sort(rowComparator([{ col: 'k' }, { col: 'id', desc: true }])).map((x) => ({ id: x.id, k: x.k })));
        });

        it('windows, distinct and union', async () => {
          const w = await ds().select('id', rowNumber().over(Window.partitionBy('k').orderBy('id')).as('rn'), sum('v').over(Window.partitionBy('g')).as('t')).collect();
          const expected: R[] = [];
          const totals = new Map(groupRows(rows, ['g']).map((gr) => [JSON.stringify(gr.key.g), ref.sum(gr.rows, 'v')]));
          for (const { rows: rs } of groupRows(rows, ['k'])) {
            rs.slice().sort(rowComparator([{ col: 'id' }])).forEach((x, i) => expected.push({ id: x.id, rn: i + 1, t: totals.get(JSON.stringify(x.g)) }));
          }
          expectSameRows(w, expected);
          const d = await ds().select('k', 'g').distinct().collect();
          expectSameRows(d, groupRows(rows, ['k', 'g']).map((gr) => gr.key));
          const u = await ds().select('g').union(ds().select('g')).groupBy('g').count().collect();
          expectSameRows(u, groupRows(rows, ['g']).map((gr) => ({ g: gr.key.g, count: gr.rows.length * 2 })));
        });
      });
    }
  });
}
