/**
 * Recovery seen from the DSL, on three real executor processes: a SIGKILL of one executor while
 * the map tasks of a shuffle stage are running still gives the exact answer; a cached Dataset
 * whose executor is killed is recomputed from lineage.
 */
import { expect } from 'chai';
import { ClusterBackend } from '../../../driver/cluster/index.js';
import type { DriverEvents } from '../../../driver/events.js';
import { col, count, Session, sqrt, sum } from '../../../index.js';
import { pidAlive, waitFor } from './fixtures.js';

type Column = ReturnType<typeof col>;

/** A CPU-heavy float column that stays finite: `rounds` of sqrt(x·x + 1). */
function heavy(rounds: number): Column {
  let c = col('id').cast('float64');
  for (let i = 0; i < rounds; i++) c = sqrt(c.mul(c).plus(1));
  return c;
}

/** The reference: per k = id % 7 over ids [0, n), the count and the sum of ids. */
function reference(n: number): Map<number, { n: number; s: number }> {
  const m = new Map<number, { n: number; s: number }>();
  for (let id = 0; id < n; id++) {
    const g = m.get(id % 7) ?? { n: 0, s: 0 };
    g.n++;
    g.s += id;
    m.set(id % 7, g);
  }
  return m;
}

function expectGroups(got: { k: number; n: number; s: number }[], n: number): void {
  const ref = reference(n);
  expect(got).to.have.length(ref.size);
  for (const r of got) expect({ n: r.n, s: r.s }, `group ${r.k}`).to.deep.equal(ref.get(r.k));
}

function backendOf(s: Session): ClusterBackend {
  const b = s.driver.backend;
  if (!(b instanceof ClusterBackend)) throw new Error('expected executor processes');
  return b;
}

describe('Session on 3 executors: recovery', function () {
  this.timeout(120_000);
  let session: Session;

  beforeEach(async () => {
    session = await Session.local({ executors: 3, conf: { shufflePartitions: 4 } });
  });
  afterEach(async () => {
    await session?.stop();
  });

  it('SIGKILL of one executor while the map tasks of a shuffle stage run still gives the exact answer', async () => {
    const backend = backendOf(session);
    const N = 300_000;
    const events: { name: string; e: Record<string, unknown> }[] = [];
    let mapStage = -1;
    let killed: { url: string; pid: number } | undefined;
    let runningWhenKilled = 0;
    const onStart = (e: DriverEvents['jobStart']): void => {
      const m = e.stages.find((s) => s.output === 'shuffle');
      if (m) mapStage = m.stageId;
    };
    const onEnd = (e: DriverEvents['taskEnd']): void => {
      events.push({ name: 'taskEnd', e: e as unknown as Record<string, unknown> });
      if (killed === undefined && e.stageId === mapStage) {
        // Kill the executor that just finished a map task: it holds map output and may run more.
        const p = backend.processes().find((x) => x.url === e.location)!;
        runningWhenKilled = (session.driver as unknown as { scheduler: { runningCount(): number } }).scheduler.runningCount();
        process.kill(p.pid, 'SIGKILL');
        killed = { url: p.url, pid: p.pid };
      }
    };
    const onFailed = (e: DriverEvents['taskFailed']): void => { events.push({ name: 'taskFailed', e: e as unknown as Record<string, unknown> }); };
    const onLost = (e: DriverEvents['mapOutputsLost']): void => { events.push({ name: 'mapOutputsLost', e: e as unknown as Record<string, unknown> }); };
    session.events.on('jobStart', onStart);
    session.events.on('taskEnd', onEnd);
    session.events.on('taskFailed', onFailed);
    session.events.on('mapOutputsLost', onLost);
    try {
      const got = (await session.range(0, N, { partitions: 6 })
        .filter(heavy(8).gte(0))
        .groupBy(col('id').mod(7).as('k'))
        .agg(count().as('n'), sum(col('id')).as('s'))
        .collect()) as { k: number; n: number; s: number }[];
      expectGroups(got, N);
    } finally {
      session.events.off('jobStart', onStart);
      session.events.off('taskEnd', onEnd);
      session.events.off('taskFailed', onFailed);
      session.events.off('mapOutputsLost', onLost);
    }
    expect(killed, 'an executor was killed').to.not.equal(undefined);
    // Map tasks were still running when the executor died: the kill fell in the middle of the stage.
    expect(runningWhenKilled).to.be.greaterThan(0);
    expect(pidAlive(killed!.pid)).to.equal(false);
    expect(backend.locations()).to.have.length(2).and.not.include(killed!.url);
    // What the dead executor held was forgotten and recomputed elsewhere: every map partition ended on a live executor.
    const mapEnds = events.filter((x) => x.name === 'taskEnd' && x.e.stageId === mapStage);
    const lastByPartition = new Map<number, string>();
    for (const x of mapEnds) lastByPartition.set(x.e.partition as number, x.e.location as string);
    expect([...lastByPartition.keys()].sort()).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(events.some((x) => x.name === 'mapOutputsLost' || x.name === 'taskFailed')).to.equal(true);
    // The session runs the next job normally on the two executors left.
    expectGroups((await session.range(0, 700, { partitions: 3 }).groupBy(col('id').mod(7).as('k')).agg(count().as('n'), sum(col('id')).as('s')).collect()) as { k: number; n: number; s: number }[], 700);
  });

  it('recomputes a cached Dataset from lineage when the executor holding its partitions is killed', async () => {
    const backend = backendOf(session);
    const cached = session.range(0, 6000, { partitions: 6 }).select(col('id'), col('id').mod(7).as('k')).cache();
    const jobs: string[] = [];
    const cacheTasks: string[] = [];
    const onStart = (e: DriverEvents['jobStart']): void => { jobs.push(e.kind); };
    session.events.on('jobStart', onStart);
    const query = async (): Promise<{ k: number; n: number; s: number }[]> =>
      (await cached.groupBy('k').agg(count().as('n'), sum(col('id')).as('s')).collect()) as { k: number; n: number; s: number }[];
    const onEnd = (e: DriverEvents['taskEnd']): void => { cacheTasks.push(e.location); };
    try {
      expectGroups(await query(), 6000);
      expect(jobs.filter((k) => k === 'cache')).to.have.length(1);
      const held = (await backend.executorHealth()).filter((h) => (h.health.cacheEntries as number) > 0);
      expect(held.length).to.be.greaterThan(0);
      const victim = held[0]!.url;
      process.kill(backend.processes().find((p) => p.url === victim)!.pid, 'SIGKILL');
      await waitFor(() => !backend.locations().includes(victim), 30_000, 'the killed executor to be lost');
      session.events.on('taskEnd', onEnd);
      expectGroups(await query(), 6000);
      // The cache was computed again (a second cache job), on the executors that are left.
      expect(jobs.filter((k) => k === 'cache')).to.have.length(2);
      expect(cacheTasks.length).to.be.greaterThan(0);
      expect(cacheTasks).to.not.include(victim);
    } finally {
      session.events.off('jobStart', onStart);
      session.events.off('taskEnd', onEnd);
    }
  });
});
