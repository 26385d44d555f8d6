/**
 * The scheduler on the cluster backend: real executor processes on loopback, real HTTP, shuffle
 * pieces fetched peer to peer. The same queries as on the local backend give the same exact
 * answers, and a SIGKILL of an executor between the map and the reduce stage is recovered
 * from lineage.
 */
import { expect } from 'chai';
import { ClusterBackend } from '../../driver/cluster/index.js';
import { Driver, resolveConf } from '../../driver/index.js';
import type { Schema } from '../../engine/types.js';
import { TaskFailedError, isDeterministic } from '../../engine/errors.js';
import { agg, aggregate, as, byKeys, cache, call, col, key, lit, prng, project, range, rows, sort, toRows } from './helpers.js';

const SCHEMA: Schema = [
  { name: 'k', type: 'int32', nullable: true },
  { name: 'v', type: 'float64', nullable: true },
];

function randomRows(n: number, seed: number): { k: number | null; v: number | null }[] {
  const r = prng(seed);
  return Array.from({ length: n }, () => ({
    k: r() < 0.1 ? null : Math.floor(r() * 20),
    v: r() < 0.1 ? null : Math.round(r() * 10000) / 4,
  }));
}

function refCounts(data: ReturnType<typeof randomRows>): Map<number | null, { n: number; s: number | null }> {
  const m = new Map<number | null, { n: number; s: number | null }>();
  for (const row of data) {
    const g = m.get(row.k) ?? { n: 0, s: null };
    g.n++;
    if (row.v !== null) g.s = (g.s ?? 0) + row.v;
    m.set(row.k, g);
  }
  return m;
}

function check(got: Record<string, unknown>[], data: ReturnType<typeof randomRows>): void {
  const ref = refCounts(data);
  expect(got).to.have.length(ref.size);
  for (const r of got) {
    const w = ref.get(r.k as number | null)!;
    expect(r.n).to.equal(w.n);
    if (w.s === null) expect(r.sv).to.equal(null);
    else expect(r.sv as number).to.be.closeTo(w.s, 1e-6);
  }
}

describe('driver/Driver on the cluster backend', function () {
  this.timeout(60000);
  let backend: ClusterBackend;
  let driver: Driver;
  before(async () => {
    backend = await ClusterBackend.startLocal({ executors: 4, coresPerExecutor: 1, heartbeatMs: 250, stopGraceMs: 1000 });
    driver = new Driver(backend, resolveConf({ shufflePartitions: 4, broadcastThresholdBytes: 0 }));
  });
  after(async () => { await driver?.stop(); });

  it('runs a group-by and a global sort with the exact answers', async () => {
    const data = randomRows(3000, 21);
    const g = aggregate(rows(data, 5, SCHEMA), [col('k')], [as(agg('sum', col('v')), 'sv'), as(agg('count'), 'n')]);
    check(toRows((await driver.collect(g)).batches), data);
    const s = sort(project(rows(data, 5, SCHEMA), col('v'), col('k')), key(col('v'), true, true), key(col('k'), false, false));
    const got = toRows((await driver.collect(s)).batches);
    expect(got).to.deep.equal(byKeys(data.map((r) => ({ v: r.v, k: r.k })), { name: 'v', asc: true }, { name: 'k', asc: false }));
  });

  it('fails a job with a deterministic engine error at once, with the stage, partition and remote stack', async () => {
    const before = backend.counters.tasksSent;
    // int64 arithmetic past the int64 range is an error naming the expression.
    const plan = project(range(0, 4, 2), as(call('mul', col('id'), lit(2 ** 62)), 'big'));
    let err: unknown;
    try { await driver.collect(plan); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(TaskFailedError);
    const cause = (err as Error).cause as Error;
    expect(isDeterministic(cause), `cause ${String(cause)}`).to.equal(true);
    expect((err as Error).message).to.match(/stage \d+, partition \d/);
    expect((err as Error).message).to.contain(cause.message);
    expect((err as Error).message).to.contain('remote stack');
    // Two partitions, each tried once at most: no retries of a deterministic error.
    expect(backend.counters.tasksSent - before).to.be.at.most(2);
  });

  it('reads a cache back from the executors that hold it', async () => {
    const data = randomRows(500, 22);
    const c = cache(aggregate(rows(data, 3, SCHEMA), [col('k')], [as(agg('sum', col('v')), 'sv'), as(agg('count'), 'n')]), 'cluster-c1');
    let cacheJobs = 0;
    const on = (e: { kind: string }): void => { if (e.kind === 'cache') cacheJobs++; };
    driver.events.on('jobStart', on);
    try {
      check(toRows((await driver.collect(c)).batches), data);
      check(toRows((await driver.collect(project(c, col('k'), col('sv'), col('n')))).batches), data);
      expect(cacheJobs).to.equal(1);
    } finally {
      driver.events.off('jobStart', on);
      await driver.unpersist('cluster-c1');
    }
  });

  it('recomputes a cache whose holder was SIGKILLed', async () => {
    const data = randomRows(600, 25);
    const c = cache(aggregate(rows(data, 3, SCHEMA), [col('k')], [as(agg('sum', col('v')), 'sv'), as(agg('count'), 'n')]), 'cluster-c2');
    const cacheTasks: { jobId: string; location: string }[] = [];
    const cacheJobIds = new Set<string>();
    const onStart = (e: { jobId: string; kind: string }): void => { if (e.kind === 'cache') cacheJobIds.add(e.jobId); };
    const onTask = (e: { jobId: string; location: string }): void => { if (cacheJobIds.has(e.jobId)) cacheTasks.push(e); };
    driver.events.on('jobStart', onStart);
    driver.events.on('taskEnd', onTask);
    try {
      check(toRows((await driver.collect(c)).batches), data);
      expect(cacheJobIds.size).to.equal(1);
      const holder = backend.processes().find((p) => p.alive && cacheTasks.some((t) => t.location === p.url))!;
      process.kill(holder.pid, 'SIGKILL');
      // At once, before the heartbeat notices: the read of the lost partition fails, the cache is recomputed.
      check(toRows((await driver.collect(project(c, col('k'), col('sv'), col('n')))).batches), data);
      expect(cacheJobIds.size).to.equal(2);
    } finally {
      driver.events.off('jobStart', onStart);
      driver.events.off('taskEnd', onTask);
      await driver.unpersist('cluster-c2');
    }
  });

  it('recovers from an executor SIGKILLed between the map and the reduce stage', async () => {
    const data = randomRows(4000, 23);
    const g = aggregate(rows(data, 6, SCHEMA), [col('k')], [as(agg('sum', col('v')), 'sv'), as(agg('count'), 'n')]);
    const victim = backend.processes().find((p) => p.alive)!;
    let killed = false;
    const onStage = (): void => {
      // The map stage is done: its outputs are spread over the executors. Kill one holder.
      if (!killed) { killed = true; process.kill(victim.pid, 'SIGKILL'); }
    };
    driver.events.once('stageCompleted', onStage);
    const lost: unknown[] = [];
    const onLost = (e: unknown): void => { lost.push(e); };
    driver.events.on('mapOutputsLost', onLost);
    try {
      check(toRows((await driver.collect(g)).batches), data);
    } finally {
      driver.events.off('mapOutputsLost', onLost);
    }
    expect(killed).to.equal(true);
    expect(lost.length, 'the victim\'s map outputs were forgotten and recomputed').to.be.greaterThan(0);
    expect(backend.locations()).to.not.include(victim.url);
    // The session goes on with the executors left.
    const data2 = randomRows(300, 24);
    check(toRows((await driver.collect(aggregate(rows(data2, 3, SCHEMA), [col('k')], [as(agg('sum', col('v')), 'sv'), as(agg('count'), 'n')]))).batches), data2);
  });
});
