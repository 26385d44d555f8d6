/**
 * The distributed runtime seen from the DSL, on two real executor processes: shuffle bytes go
 * executor to executor (never through the driver), executors answer health while every worker
 * computes, reduce tasks run near their largest input, cached partitions are read where they
 * live (and from a peer when a task reads partitions of two executors), progress events carry
 * rows and bytes.
 */
import { request } from 'undici';
import { expect } from 'chai';
import { ClusterBackend } from '../../../driver/cluster/index.js';
import type { DriverEvents } from '../../../driver/events.js';
import { col, count, Session, sqrt, sum } from '../../../index.js';

type Column = ReturnType<typeof col>;

function heavy(rounds: number): Column {
  let c = col('id').cast('float64');
  for (let i = 0; i < rounds; i++) c = sqrt(c.mul(c).plus(1));
  return c;
}

function backendOf(s: Session): ClusterBackend {
  const b = s.driver.backend;
  if (!(b instanceof ClusterBackend)) throw new Error('expected executor processes');
  return b;
}

/** Records the driver's events while `fn` runs. */
async function recording<T>(s: Session, fn: () => Promise<T>): Promise<{ value: T; events: { name: keyof DriverEvents; e: Record<string, unknown> }[] }> {
  const events: { name: keyof DriverEvents; e: Record<string, unknown> }[] = [];
  const names: (keyof DriverEvents)[] = ['jobStart', 'stageSubmitted', 'taskEnd', 'taskFailed', 'mapOutputsLost', 'stageCompleted', 'jobEnd'];
  const fns = names.map((name) => {
    const f = (e: Record<string, unknown>): void => { events.push({ name, e }); };
    s.events.on(name, f);
    return f;
  });
  try {
    return { value: await fn(), events };
  } finally {
    names.forEach((n, i) => s.events.off(n, fns[i]!));
  }
}

function sumOf(hs: { health: Record<string, unknown> }[], k: string): number {
  return hs.reduce((s, h) => s + Number(h.health[k] ?? 0), 0);
}

describe('Session on 2 executors: the distributed runtime', function () {
  this.timeout(60_000);
  let session: Session;
  let backend: ClusterBackend;

  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 4 } });
    backend = backendOf(session);
  });
  after(async () => {
    await session?.stop();
  });

  it('moves shuffle bytes executor to executor; the driver receives none', async () => {
    const N = 40_000;
    const h0 = await backend.executorHealth();
    const c0 = structuredClone(backend.counters);
    const { value: got, events } = await recording(session, async () => (await session.range(0, N, { partitions: 4 })
      .select(col('id'), col('id').mul(3).as('v'))
      .repartition(4, col('id'))
      .agg(count().as('n'), sum(col('v')).as('s'))
      .collect()) as { n: number; s: number }[]);
    expect(got).to.deep.equal([{ n: N, s: (3 * N * (N - 1)) / 2 }]);
    const h1 = await backend.executorHealth();
    const served = sumOf(h1, 'bytesServedToPeers') - sumOf(h0, 'bytesServedToPeers');
    const fetched = sumOf(h1, 'bytesFetchedFromPeers') - sumOf(h0, 'bytesFetchedFromPeers');
    // 40 000 rows of two int64 columns cross a repartition: about half of 640 kB goes to the peer.
    expect(served).to.be.greaterThan(100_000);
    expect(fetched).to.equal(served);
    // What the driver got for its shuffle tasks is the small JSON of piece sizes, not the pieces.
    const shuffleTasks = events.filter((x) => x.name === 'taskEnd' && events.some((j) => j.name === 'jobStart'
      && (j.e.stages as { stageId: number; output: string }[]).some((s) => s.stageId === x.e.stageId && s.output === 'shuffle'))).length;
    expect(shuffleTasks).to.be.greaterThan(4);
    const replyShuffle = backend.counters.replyBytes.shuffle - c0.replyBytes.shuffle;
    expect(replyShuffle).to.be.lessThan(200 * shuffleTasks);
    expect(replyShuffle * 100).to.be.lessThan(served);
    // And what the result tasks sent back is the one-row results.
    expect(backend.counters.replyBytes.result - c0.replyBytes.result).to.be.lessThan(20_000);
  });

  it('answers health while every worker computes (its latency is measured by bench/runtime.ts)', async () => {
    const urls = backend.locations();
    const secret = (backend as unknown as { secret: string }).secret;
    let done = false;
    const job = session.range(0, 400_000, { partitions: 4 }).filter(heavy(8).gte(0)).count().finally(() => { done = true; });
    let busySamples = 0;
    while (!done) {
      for (const u of urls) {
        const res = await request(`${u}/v1/health`, { headers: { authorization: `Bearer ${secret}` } });
        const h = (await res.body.json()) as { running: number; cores: number };
        if (h.running >= h.cores) busySamples++;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await job).to.equal(400_000);
    // A health answer that says every worker is busy was served while they computed (an
    // executor whose main thread ran the tasks could answer only between them).
    expect(busySamples, 'health samples taken while every worker was busy').to.be.greaterThan(5);
  });

  it('places a reduce task on the executor that holds most of its input', async () => {
    // Two map partitions of very different sizes (which one is big alternates), one reduce partition.
    for (const bigFirst of [false, true, false, true]) {
      const { value: n, events } = await recording(session, async () => session.range(0, 20_000, { partitions: 2 })
        .filter(bigFirst ? col('id').lt(10_000).or(col('id').mod(1000).eq(0)) : col('id').gte(10_000).or(col('id').mod(1000).eq(0)))
        .repartition(1)
        .count());
      expect(n).to.equal(10_010);
      const start = events.find((x) => x.name === 'jobStart')!.e.stages as { stageId: number; output: string; parents: number[] }[];
      const maps = events.filter((x) => x.name === 'taskEnd' && start.find((s) => s.stageId === x.e.stageId)?.parents.length === 0);
      const reduces = events.filter((x) => x.name === 'taskEnd' && (start.find((s) => s.stageId === x.e.stageId)?.parents.length ?? 0) > 0);
      const bytesAt = new Map<string, number>();
      for (const m of maps) bytesAt.set(m.e.location as string, (bytesAt.get(m.e.location as string) ?? 0) + (m.e.bytes as number));
      const largest = [...bytesAt].sort((a, b) => b[1] - a[1])[0]![0];
      expect(reduces.length).to.be.greaterThan(0);
      // The first reduce stage reads the shuffle: its task goes where most of the bytes are.
      expect(reduces[0]!.e.location).to.equal(largest);
    }
  });

  it('reads a cached Dataset where its partitions live, without recomputing them', async () => {
    const ds = session.range(0, 8000, { partitions: 4 }).select(col('id'), col('id').mod(5).as('k')).cache();
    const first = await recording(session, () => ds.count());
    expect(first.value).to.equal(8000);
    const cacheJob = first.events.find((x) => x.name === 'jobStart' && x.e.kind === 'cache');
    expect(cacheJob, 'the first action materializes the cache').to.not.equal(undefined);
    const cacheTasks = first.events.filter((x) => x.name === 'taskEnd' && x.e.jobId === cacheJob!.e.jobId);
    expect(cacheTasks).to.have.length(4);
    const where = new Map(cacheTasks.map((x) => [x.e.partition as number, x.e.location as string]));
    expect(new Set(where.values()).size, 'the cache is spread over both executors').to.equal(2);
    const h0 = await backend.executorHealth();
    const later = await recording(session, async () => (await ds.groupBy('k').agg(count().as('n')).collect()) as { k: number; n: number }[]);
    expect(later.value.sort((a, b) => a.k - b.k)).to.deep.equal([0, 1, 2, 3, 4].map((k) => ({ k, n: 1600 })));
    // No cache job, and the tasks that scan the cache run where each partition lives.
    expect(later.events.filter((x) => x.name === 'jobStart').map((x) => x.e.kind)).to.deep.equal(['collect']);
    const start = later.events.find((x) => x.name === 'jobStart')!.e.stages as { stageId: number; parents: number[] }[];
    const scans = later.events.filter((x) => x.name === 'taskEnd' && start.find((s) => s.stageId === x.e.stageId)?.parents.length === 0);
    expect(scans).to.have.length(4);
    for (const s of scans) expect(s.e.location, `partition ${s.e.partition}`).to.equal(where.get(s.e.partition as number));
    // Read from memory: nothing fetched from a peer for the cache.
    const h1 = await backend.executorHealth();
    expect(sumOf(h1, 'cacheEntries')).to.be.at.least(4);
    expect(sumOf(h1, 'tasksRun') - sumOf(h0, 'tasksRun')).to.equal(later.events.filter((x) => x.name === 'taskEnd').length);
  });

  it('runs a task that reads cached partitions held by two executors (coalesce over a cache)', async () => {
    const ds = session.range(0, 5000, { partitions: 4 }).select(col('id'), col('id').mul(2).as('v')).cache();
    const first = await recording(session, () => ds.count());
    expect(first.value).to.equal(5000);
    const cacheTasks = first.events.filter((x) => x.name === 'taskEnd');
    expect(new Set(cacheTasks.map((x) => x.e.location)).size).to.equal(2);
    const h0 = await backend.executorHealth();
    const got = (await ds.coalesce(1).agg(count().as('n'), sum(col('v')).as('s')).collect()) as { n: number; s: number }[];
    expect(got).to.deep.equal([{ n: 5000, s: 5000 * 4999 }]);
    const rows = (await ds.coalesce(1).collect()) as { id: number; v: number }[];
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 5000 }, (_, i) => i));
    const h1 = await backend.executorHealth();
    // The partitions held by the other executor were fetched from it, peer to peer.
    expect(sumOf(h1, 'bytesServedToPeers') - sumOf(h0, 'bytesServedToPeers')).to.be.greaterThan(0);
  });

  it('carries rows and bytes in its progress events', async () => {
    const { events } = await recording(session, async () => session.range(0, 1000, { partitions: 2 }).groupBy(col('id').mod(3).as('k')).count().collect());
    const names = events.map((x) => x.name);
    expect(names[0]).to.equal('jobStart');
    expect(names.at(-1)).to.equal('jobEnd');
    expect(names).to.include('stageSubmitted');
    const ends = events.filter((x) => x.name === 'taskEnd');
    expect(ends.length).to.be.greaterThan(2);
    for (const x of ends) {
      expect(x.e.rows).to.be.a('number');
      expect(x.e.bytes).to.be.a('number');
      expect(x.e.location).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    const start = events.find((x) => x.name === 'jobStart')!.e.stages as { stageId: number; output: string }[];
    const mapStage = start.find((s) => s.output === 'shuffle')!.stageId;
    const resultStage = start.find((s) => s.output === 'result')!.stageId;
    const mapEnds = ends.filter((x) => x.e.stageId === mapStage);
    // Map tasks: each scans 500 rows and writes its partial counts (3 groups) as shuffle bytes.
    expect(mapEnds.map((x) => x.e.rows)).to.deep.equal([3, 3]);
    for (const x of mapEnds) expect(x.e.bytes as number).to.be.greaterThan(0);
    const completed = events.filter((x) => x.name === 'stageCompleted');
    const mapDone = completed.find((x) => x.e.stageId === mapStage)!;
    expect(mapDone.e.rows).to.equal(6);
    expect(mapDone.e.bytes).to.equal(mapEnds.reduce((s, x) => s + (x.e.bytes as number), 0));
    const resultDone = completed.find((x) => x.e.stageId === resultStage)!;
    expect(resultDone.e.rows).to.equal(3);
    expect(resultDone.e.bytes as number).to.be.greaterThan(0);
  });
});
