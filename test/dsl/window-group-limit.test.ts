/**
 * Window filters with a group limit, end to end on real executor processes: groupby q8 (the
 * two largest v3 per id6) and rank / denseRank variants give exactly the plain-JS answer, with
 * and without the leading select; the limit's partial pass cuts the rows the exchange moves.
 */
import { expect } from 'chai';
import { Session } from '../../dsl/session.js';
import type { Dataset } from '../../dsl/dataset.js';
import { Window } from '../../dsl/window.js';
import { col, denseRank, rank, rowNumber } from '../../dsl/functions.js';
import { expectSameRows, groupRows, prng, rowComparator, type R } from './helpers.js';

const GROUPS = 60;
const MAP_TASKS = 4;

/** Rows like groupby's x: id6 (many groups, some null), v3 (few values: many ties, some null), more columns. */
function makeRows(n: number, seed: number): R[] {
  const r = prng(seed);
  return Array.from({ length: n }, (_, id) => ({
    id,
    id1: `id${Math.floor(r() * 5)}`,
    id6: r() < 0.03 ? null : Math.floor(r() * GROUPS),
    v1: Math.floor(r() * 100),
    v3: r() < 0.1 ? null : Math.round(r() * 20) / 2,
    s: r() < 0.05 ? null : ['a', 'b', 'c'][Math.floor(r() * 3)],
  }));
}

/** Reference: per group of `keys`, the rows sorted by v3 desc nulls last, with their ranking values. */
function ranked(rows: readonly R[], keys: readonly string[]): { row: R; rn: number; rk: number; dr: number }[] {
  const cmp = rowComparator([{ col: 'v3', desc: true }]);
  const out: { row: R; rn: number; rk: number; dr: number }[] = [];
  for (const g of groupRows(rows, keys)) {
    const sorted = g.rows.slice().sort(cmp);
    let rk = 0;
    let dr = 0;
    sorted.forEach((row, i) => {
      if (i === 0 || cmp(sorted[i - 1]!, row) !== 0) {
        rk = i + 1;
        dr++;
      }
      out.push({ row, rn: i + 1, rk, dr });
    });
  }
  return out;
}

describe('dsl window group limit end to end', function () {
  this.timeout(60000);
  let session: Session;
  const rows = makeRows(3000, 41);
  const byId6 = Window.partitionBy('id6').orderBy(col('v3').desc());

  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 3 } });
  });
  after(async () => {
    await session.stop();
  });
  const x = (): Dataset => session.fromRows(rows, { partitions: MAP_TASKS });

  /** groupby q8, with or without its leading select. */
  const q8 = (leadingSelect: boolean): Dataset => (leadingSelect ? x().select('id6', 'v3') : x())
    .withColumn('order_v3', rowNumber().over(byId6))
    .filter(col('order_v3').lte(2))
    .select('id6', col('v3').as('largest2_v3'));
  const q8Want = (): R[] => ranked(rows, ['id6']).filter((r) => r.rn <= 2).map((r) => ({ id6: r.row.id6, largest2_v3: r.row.v3 }));

  for (const leadingSelect of [true, false]) {
    it(`q8 (the two largest v3 per id6) ${leadingSelect ? 'with' : 'without'} the leading select`, async () => {
      expectSameRows(await q8(leadingSelect).collect(), q8Want());
    });
  }

  it('rank() <= 3 and denseRank() <= 2 keep every tied row', async () => {
    for (const leadingSelect of [true, false]) {
      const base = leadingSelect ? x().select('id', 'id6', 'v3') : x();
      const rk = await base.withColumn('rk', rank().over(byId6)).filter(col('rk').lte(3)).select('id', 'id6', 'v3', 'rk').collect();
      expectSameRows(rk, ranked(rows, ['id6']).filter((r) => r.rk <= 3).map((r) => ({ id: r.row.id, id6: r.row.id6, v3: r.row.v3, rk: r.rk })));
      const dr = await base.withColumn('dr', denseRank().over(byId6)).where(col('dr').lt(3)).select('id', 'id6', 'v3', 'dr').collect();
      expectSameRows(dr, ranked(rows, ['id6']).filter((r) => r.dr <= 2).map((r) => ({ id: r.row.id, id6: r.row.id6, v3: r.row.v3, dr: r.dr })));
    }
  });

  it('string and null partition keys, several ranking columns, other conjuncts', async () => {
    const w = Window.partitionBy('s', 'id1').orderBy(col('v3').desc());
    const got = await x()
      .select('id', 's', 'id1', 'v3', rowNumber().over(w).as('rn'), rank().over(w).as('rk'))
      .filter(col('rk').lte(2).and(col('id').gt(100)))
      .select('id', 's', 'id1', 'v3', 'rk')
      .collect();
    const want = ranked(rows, ['s', 'id1']).filter((r) => r.rk <= 2 && (r.row.id as number) > 100)
      .map((r) => ({ id: r.row.id, s: r.row.s, id1: r.row.id1, v3: r.row.v3, rk: r.rk }));
    expectSameRows(got, want);
  });

  it('the exchange moves at most k rows per group per map task', async () => {
    const events: { name: string; e: Record<string, unknown> }[] = [];
    const on = (name: string) => (e: Record<string, unknown>): void => { events.push({ name, e }); };
    const onStart = on('jobStart');
    const onStage = on('stageCompleted');
    session.events.on('jobStart', onStart);
    session.events.on('stageCompleted', onStage);
    try {
      expectSameRows(await q8(false).collect(), q8Want());
    } finally {
      session.events.off('jobStart', onStart);
      session.events.off('stageCompleted', onStage);
    }
    const stages = (events.find((x) => x.name === 'jobStart')!.e.stages as { stageId: number; tasks: number; output: string }[]);
    const map = stages.find((s) => s.output === 'shuffle')!;
    expect(map.tasks).to.equal(MAP_TASKS);
    const shuffled = events.find((x) => x.name === 'stageCompleted' && x.e.stageId === map.stageId)!.e.rows as number;
    const groups = new Set(rows.map((r) => r.id6)).size;
    expect(shuffled).to.be.at.most(2 * groups * MAP_TASKS);
    expect(shuffled).to.be.lessThan(rows.length / 4);
  });
});
