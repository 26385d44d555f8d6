/**
 * A real shuffle between two executor processes through the cluster backend: map tasks on
 * both, reduce tasks that fetch their pieces peer to peer; caches held by executors.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { expect } from 'chai';
import { ClusterBackend } from '../../../driver/cluster/index.js';
import type { TaskRunResult } from '../../../driver/backend.js';
import { FetchFailedError } from '../../../engine/errors.js';
import type { ShuffleInput } from '../../../engine/plan.js';
import { cachedScan, idsOf, mapTask, pidAlive, range, rangeScan, reduceTask, task } from './fixtures.js';

type Shuffled = Extract<TaskRunResult, { kind: 'shuffle' }>;
type Resulted = Extract<TaskRunResult, { kind: 'result' }>;

describe('cluster backend: shuffle between two executors', () => {
  let backend: ClusterBackend;
  let a: string;
  let b: string;

  before(async () => {
    backend = await ClusterBackend.startLocal({ executors: 2, coresPerExecutor: 1 });
    [a, b] = backend.locations() as [string, string];
  });
  after(async () => {
    await backend?.stop();
  });

  it('starts executor processes that answer health', async () => {
    expect(backend.locations()).to.have.length(2);
    expect(backend.slots()).to.equal(2);
    const procs = backend.processes();
    expect(procs).to.have.length(2);
    for (const p of procs) expect(pidAlive(p.pid), `pid ${p.pid}`).to.equal(true);
    const hs = await backend.executorHealth();
    expect(hs.map((h) => h.url).sort()).to.deep.equal([a, b].sort());
    for (const h of hs) expect(h.health.ok).to.equal(true);
  });

  it('moves map output peer to peer and never through the driver', async () => {
    const R = 3;
    const before = await backend.executorHealth();
    const sumOf = (hs: typeof before, k: string): number => hs.reduce((s, h) => s + (h.health[k] as number), 0);
    const shuffleBytes0 = backend.counters.replyBytes.shuffle;
    const m0 = (await backend.run(mapTask(11, 0, 0, 3000, R), { preferred: a })) as Shuffled;
    const m1 = (await backend.run(mapTask(11, 1, 3000, 5000, R), { preferred: b })) as Shuffled;
    expect(m0.kind).to.equal('shuffle');
    expect(m0.location).to.equal(a);
    expect(m1.location).to.equal(b);
    expect(m0.rows).to.equal(3000);
    expect(m1.rows).to.equal(2000);
    expect(m0.sizes).to.have.length(R);
    const input: ShuffleInput = {
      shuffleId: 11,
      maps: [{ mapPartition: 0, location: m0.location, sizes: m0.sizes }, { mapPartition: 1, location: m1.location, sizes: m1.sizes }],
    };
    const got: number[][] = [];
    for (let r = 0; r < R; r++) {
      // Alternate executors so every reduce task reads one piece locally and one from its peer.
      const res = (await backend.run(reduceTask(input, r, R), { preferred: r % 2 === 0 ? a : b })) as Resulted;
      expect(res.kind).to.equal('result');
      expect(res.location).to.equal(r % 2 === 0 ? a : b);
      const ids = idsOf(res.ipc);
      expect(res.rows).to.equal(ids.length);
      got.push(ids);
    }
    // Every id exactly once, in some reduce partition; partitions disjoint; more than one used.
    const all = got.flat().sort((x, y) => x - y);
    expect(all).to.deep.equal(range(0, 5000));
    expect(got.filter((g) => g.length > 0).length).to.be.greaterThan(1);
    const total = [...m0.sizes, ...m1.sizes].reduce((s, x) => s + x, 0);
    expect(total).to.be.greaterThan(5000 * 8);
    const after = await backend.executorHealth();
    const served = sumOf(after, 'bytesServedToPeers') - sumOf(before, 'bytesServedToPeers');
    const fetched = sumOf(after, 'bytesFetchedFromPeers') - sumOf(before, 'bytesFetchedFromPeers');
    const local = sumOf(after, 'bytesReadLocally') - sumOf(before, 'bytesReadLocally');
    expect(served).to.be.greaterThan(0);
    expect(fetched).to.equal(served);
    expect(local).to.be.greaterThan(0);
    expect(served + local).to.equal(total);
    // The driver saw only the small JSON replies of the map tasks, never piece bytes.
    const driverShuffleBytes = backend.counters.replyBytes.shuffle - shuffleBytes0;
    expect(driverShuffleBytes).to.be.lessThan(500);
    expect(driverShuffleBytes).to.be.lessThan(total / 50);
  });

  it('drops shuffles on every executor: a later read fails with a typed FetchFailedError', async () => {
    const m0 = (await backend.run(mapTask(12, 0, 0, 100, 2), { preferred: a })) as Shuffled;
    const input: ShuffleInput = { shuffleId: 12, maps: [{ mapPartition: 0, location: m0.location, sizes: m0.sizes }] };
    const ok = (await backend.run(reduceTask(input, 0, 2), { preferred: b })) as Resulted;
    const ok1 = (await backend.run(reduceTask(input, 1, 2), { preferred: b })) as Resulted;
    expect([...idsOf(ok.ipc), ...idsOf(ok1.ipc)].sort((x, y) => x - y)).to.deep.equal(range(0, 100));
    await backend.dropShuffles([12]);
    const nonEmpty = m0.sizes.findIndex((s) => s > 0);
    let err: unknown;
    try {
      await backend.run(reduceTask(input, nonEmpty, 2), { preferred: b });
    } catch (e) {
      err = e;
    }
    const fetchFailed = err instanceof FetchFailedError ? err : (err as { cause?: unknown })?.cause;
    expect(fetchFailed, String(err)).to.be.instanceOf(FetchFailedError);
    const f = fetchFailed as FetchFailedError;
    expect(f.location).to.equal(a);
    expect(f.shuffleId).to.equal(12);
    expect(f.mapPartition).to.equal(0);
    expect(f.message).to.match(/404/);
  });

  it('keeps cached partitions in executor memory, serves them locally and to a peer, and drops them', async () => {
    const put = await backend.run(task(rangeScan(10, 60), { kind: 'cache', cacheId: 'c1' }, { partition: 4 }), { preferred: a });
    expect(put.kind).to.equal('cache');
    if (put.kind !== 'cache') return;
    expect(put.rows).to.equal(50);
    expect(put.bytes).to.be.greaterThan(0);
    expect(put.location).to.equal(a);
    expect(backend.counters.replyBytes.cache).to.be.lessThan(200);
    const here = (await backend.run(task(cachedScan('c1', 4, a), { kind: 'result' }), { preferred: a })) as Resulted;
    expect(idsOf(here.ipc)).to.deep.equal(range(10, 60));
    const there = (await backend.run(task(cachedScan('c1', 4, a), { kind: 'result' }), { preferred: b })) as Resulted;
    expect(there.location).to.equal(b);
    expect(idsOf(there.ipc)).to.deep.equal(range(10, 60));
    const ha = (await backend.executorHealth()).find((h) => h.url === a)!;
    expect(ha.health.cacheEntries).to.equal(1);
    await backend.dropCache('c1');
    const ha2 = (await backend.executorHealth()).find((h) => h.url === a)!;
    expect(ha2.health.cacheEntries).to.equal(0);
    let err: unknown;
    try {
      await backend.run(task(cachedScan('c1', 4, a), { kind: 'result' }), { preferred: a });
    } catch (e) {
      err = e;
    }
    expect(err, 'reading a dropped cache').to.be.instanceOf(Error);
  });

  it('runs many tasks at once across both executors', async () => {
    const runs = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      backend.run(task(rangeScan(i * 100, i * 100 + 100), { kind: 'result' }, { partition: i })) as Promise<Resulted>));
    expect(new Set(runs.map((r) => r.location))).to.deep.equal(new Set([a, b]));
    expect(runs.flatMap((r) => idsOf(r.ipc)).sort((x, y) => x - y)).to.deep.equal(range(0, 800));
  });

  it('answers write, sample and large result tasks', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rondo-h7-write-'));
    try {
      const w = await backend.run(task(rangeScan(0, 30), { kind: 'write', format: 'csv', dir: out, partitionBy: [] }, { partition: 2 }), { preferred: b });
      expect(w.kind).to.equal('write');
      if (w.kind !== 'write') return;
      expect(w.rows).to.equal(30);
      expect(w.location).to.equal(b);
      expect(w.files.length).to.be.greaterThan(0);
      const text = w.files.map((f) => readFileSync(join(out, f), 'utf8')).join('');
      const nums = text.split('\n').filter((l) => /^\d+$/.test(l.trim())).map(Number).sort((x, y) => x - y);
      expect(nums).to.deep.equal(range(0, 30));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const ID = { kind: 'col', index: 0, type: 'int64', name: 'id' } as const;
    const s = await backend.run(task(rangeScan(0, 1000), { kind: 'sample', keys: [{ expr: ID, asc: true, nullsFirst: true }], size: 20 }));
    expect(s.kind).to.equal('sample');
    if (s.kind !== 'sample') return;
    // rows counts the rows the sample was drawn from; the sample itself holds at most `size` keys.
    expect(s.rows).to.equal(1000);
    const keyCol = tableFromIPC(s.ipc).getChildAt(0)!;
    const sampled = Array.from(keyCol.toArray() as ArrayLike<number | bigint>, Number);
    expect(sampled.length).to.be.within(1, 20);
    for (const v of sampled) expect(v).to.be.within(0, 999);
    const big = (await backend.run(task(rangeScan(0, 100_000), { kind: 'result' }))) as Resulted;
    const ids = idsOf(big.ipc);
    expect(ids.length).to.equal(100_000);
    expect(ids.every((v, i) => v === i)).to.equal(true);
  });

  it('stop() is safe twice and ends the executor processes', async () => {
    const pids = backend.processes().map((p) => p.pid);
    await backend.stop();
    await backend.stop();
    for (const pid of pids) expect(pidAlive(pid), `pid ${pid}`).to.equal(false);
    expect(backend.locations()).to.deep.equal([]);
  });
});
