/**
 * Adaptive coalescing of a collect's small shuffle partitions (conf coalescePartitions):
 * fewer result tasks, the same rows in the same order, on real executors.
 */
import { expect } from 'chai';
import { Session, col, count, sum, type Dataset } from '../../index.js';
import { seededRandom } from '../../engine/kernels/index.js';

type Row = { k: number; s: string; v: number };

function rowsOf(n: number, seed: number): Row[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, () => ({ k: Math.floor(rnd() * 50), s: `s${Math.floor(rnd() * 7)}`, v: Math.floor(rnd() * 1000) - 500 }));
}

/** Result-stage task ends and coalescing events of one action. */
async function watch<T>(session: Session, action: () => Promise<T>): Promise<{ value: T; resultTasks: number; coalesced: { partitions: number; tasks: number }[] }> {
  let resultStage = -1;
  let resultTasks = 0;
  const coalesced: { partitions: number; tasks: number }[] = [];
  const onStart = (e: { stages: { stageId: number; output: string }[] }): void => { resultStage = e.stages.find((s) => s.output === 'result')!.stageId; };
  const onTask = (e: { stageId: number; phase: string }): void => { if (e.stageId === resultStage && e.phase === 'main') resultTasks++; };
  const onCoalesce = (e: { partitions: number; tasks: number }): void => { coalesced.push({ partitions: e.partitions, tasks: e.tasks }); };
  session.events.on('jobStart', onStart);
  session.events.on('taskEnd', onTask);
  session.events.on('stageCoalesced', onCoalesce);
  try {
    return { value: await action(), resultTasks, coalesced };
  } finally {
    session.events.off('jobStart', onStart);
    session.events.off('taskEnd', onTask);
    session.events.off('stageCoalesced', onCoalesce);
  }
}

describe('driver: adaptive coalescing of small shuffle partitions', function () {
  this.timeout(120_000);
  let on: Session;
  let off: Session;
  const data = rowsOf(3000, 5);
  before(async () => {
    on = await Session.local({ executors: 2, conf: { shufflePartitions: 8 } });
    off = await Session.local({ executors: 2, conf: { shufflePartitions: 8, coalescePartitions: false } });
  });
  after(async () => {
    await on?.stop();
    await off?.stop();
  });
  const ds = (s: Session): Dataset<Row> => s.fromRows(data, { partitions: 4 });

  it('a small aggregate runs one result task instead of eight, with the same answer', async () => {
    const want = new Map<number, { n: number; t: number }>();
    for (const r of data) {
      const w = want.get(r.k) ?? { n: 0, t: 0 };
      w.n++;
      w.t += r.v;
      want.set(r.k, w);
    }
    const q = (s: Session) => ds(s).groupBy('k').agg(count().as('n'), sum('v').as('t')).collect();
    const a = await watch(on, () => q(on));
    expect(a.coalesced).to.deep.equal([{ partitions: 8, tasks: 1 }]);
    expect(a.resultTasks).to.equal(1);
    const b = await watch(off, () => q(off));
    expect(b.coalesced).to.deep.equal([]);
    expect(b.resultTasks).to.equal(8);
    for (const got of [a.value, b.value]) {
      expect(got).to.have.length(want.size);
      for (const r of got as { k: number; n: number; t: number }[]) expect({ n: r.n, t: r.t }).to.deep.equal(want.get(r.k));
    }
  });

  it('a global sort keeps its order when its range partitions are read by one task', async () => {
    const want = [...data].sort((x, y) => y.v - x.v || x.k - y.k || (x.s < y.s ? -1 : x.s > y.s ? 1 : 0));
    const a = await watch(on, () => ds(on).orderBy(col('v').desc(), col('k'), col('s')).collect());
    expect(a.coalesced.length).to.equal(1);
    expect(a.value.map((r) => [r.v, r.k, r.s])).to.deep.equal(want.map((r) => [r.v, r.k, r.s]));
  });

  it('a join of two shuffled sides reads the same reduce partitions of both', async () => {
    const left = ds(on).groupBy('k').agg(sum('v').as('t'));
    const right = ds(on).groupBy('k', 's').agg(count().as('n'));
    const a = await watch(on, () => left.join(right, 'k').collect());
    const t = new Map<number, number>();
    const n = new Map<string, number>();
    for (const r of data) {
      t.set(r.k, (t.get(r.k) ?? 0) + r.v);
      n.set(`${r.k}|${r.s}`, (n.get(`${r.k}|${r.s}`) ?? 0) + 1);
    }
    const want = [...n].map(([key, c]) => { const [k, s] = key.split('|'); return `${k}|${s}|${t.get(Number(k))}|${c}`; }).sort();
    const got = (a.value as { k: number; s: string; t: number; n: number }[]).map((r) => `${r.k}|${r.s}|${r.t}|${r.n}`).sort();
    expect(got).to.deep.equal(want);
    expect(a.coalesced.length).to.equal(1);
  });

  it('partitions larger than the advisory size are not merged', async () => {
    const s = await Session.local({ executors: 2, conf: { shufflePartitions: 4, advisoryPartitionBytes: 1 } });
    try {
      const a = await watch(s, () => s.fromRows(data, { partitions: 2 }).orderBy('v').collect());
      expect(a.resultTasks).to.equal(4);
      expect(a.value.map((r) => r.v)).to.deep.equal(data.map((r) => r.v).sort((x, y) => x - y));
    } finally {
      await s.stop();
    }
  });
});
