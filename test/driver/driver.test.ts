/**
 * The scheduler on real plans: the planner builds them, the local backend runs every task
 * through JSON and keeps every shuffle piece as Arrow IPC, and wrappers inject failures.
 * Results are checked against plain-JavaScript references over the same data.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pjoin } from 'node:path';
import {
  AnalysisError, CancelledError, ExecutorLostError, FetchFailedError, ResultTooLargeError, TaskFailedError, UserFunctionError, isDeterministic,
} from '../../engine/errors.js';
import type { Schema } from '../../engine/types.js';
import { Driver, createLocalBackend, resolveConf, type DriverEvents, type LocalBackend } from '../../driver/index.js';
import type { LogicalPlan } from '../../planner/logical.js';
import {
  WrappedBackend, agg, aggregate, as, byKeys, cache, call, col, filter, join, key, limit, lit, project, prng, range, repartition, rows, sort, toRows,
} from './helpers.js';

const SCHEMA: Schema = [
  { name: 'k', type: 'int32', nullable: true },
  { name: 'v', type: 'float64', nullable: true },
  { name: 's', type: 'utf8', nullable: true },
];

/** Seeded random rows with nulls in every column. */
function randomRows(n: number, seed: number): { k: number | null; v: number | null; s: string | null }[] {
  const r = prng(seed);
  return Array.from({ length: n }, () => ({
    k: r() < 0.1 ? null : Math.floor(r() * 10),
    v: r() < 0.15 ? null : Math.round(r() * 1000) / 8,
    s: r() < 0.1 ? null : ['x', 'y', 'zz', 'w'][Math.floor(r() * 4)],
  }));
}

/** Reference group-by: sum(v), count(*) by k. */
function refGroupBy(data: ReturnType<typeof randomRows>): Map<number | null, { s: number | null; n: number }> {
  const m = new Map<number | null, { s: number | null; n: number }>();
  for (const row of data) {
    const g = m.get(row.k) ?? { s: null, n: 0 };
    g.n++;
    if (row.v !== null) g.s = (g.s ?? 0) + row.v;
    m.set(row.k, g);
  }
  return m;
}

function groupByPlan(data: ReturnType<typeof randomRows>, partitions: number): LogicalPlan {
  return aggregate(rows(data, partitions, SCHEMA), [col('k')], [as(agg('sum', col('v')), 'sv'), as(agg('count'), 'n')]);
}

function checkGroupBy(got: Record<string, unknown>[], data: ReturnType<typeof randomRows>): void {
  const ref = refGroupBy(data);
  expect(got).to.have.length(ref.size);
  for (const r of got) {
    const want = ref.get(r.k as number | null);
    expect(want, `group ${String(r.k)}`).to.not.equal(undefined);
    expect(r.n).to.equal(want!.n);
    if (want!.s === null) expect(r.sv).to.equal(null);
    else expect(r.sv as number).to.be.closeTo(want!.s, 1e-9);
  }
}

/** Records the driver's events in order. */
function record(driver: Driver): { name: string; e: Record<string, unknown> }[] {
  const out: { name: string; e: Record<string, unknown> }[] = [];
  for (const name of ['jobStart', 'stageSubmitted', 'taskEnd', 'taskFailed', 'mapOutputsLost', 'stageCompleted', 'jobEnd'] as (keyof DriverEvents)[]) {
    driver.events.on(name, (e: Record<string, unknown>) => out.push({ name, e }));
  }
  return out;
}

describe('driver/Driver', function () {
  this.timeout(60000);
  const backends: LocalBackend[] = [];
  const drivers: Driver[] = [];
  function make(conf: Record<string, unknown>, wrap?: { locations: string[]; slots: number }, clock?: () => number): { driver: Driver; local: LocalBackend; wrapped?: WrappedBackend } {
    const local = createLocalBackend({ slots: wrap?.slots ?? 2 });
    backends.push(local);
    const wrapped = wrap ? new WrappedBackend(local, wrap.locations, wrap.slots) : undefined;
    const driver = new Driver(wrapped ?? local, resolveConf({ shufflePartitions: 3, broadcastThresholdBytes: 0, ...conf }), clock ? { clock } : {});
    drivers.push(driver);
    return { driver, local, ...(wrapped ? { wrapped } : {}) };
  }
  after(async () => { for (const d of drivers) await d.stop(); });

  describe('scheduling', () => {
    it('runs a group-by as two stages, the reduce stage after its parent completes', async () => {
      const { driver, local } = make({});
      const ev = record(driver);
      const data = randomRows(600, 1);
      const out = await driver.collect(groupByPlan(data, 4));
      checkGroupBy(toRows(out.batches), data);
      expect(out.schema.map((f) => f.name)).to.deep.equal(['k', 'sv', 'n']);
      const start = ev.find((x) => x.name === 'jobStart')!.e as DriverEvents['jobStart'];
      expect(start.kind).to.equal('collect');
      expect(start.stages).to.have.length(2);
      const [map, reduce] = start.stages;
      expect(reduce.parents).to.deep.equal([map.stageId]);
      expect(map.tasks).to.equal(4);
      expect(reduce.tasks).to.equal(3);
      const mapDone = ev.findIndex((x) => x.name === 'stageCompleted' && x.e.stageId === map.stageId);
      const firstReduce = ev.findIndex((x) => x.name === 'taskEnd' && x.e.stageId === reduce.stageId);
      const reduceSubmitted = ev.findIndex((x) => x.name === 'stageSubmitted' && x.e.stageId === reduce.stageId);
      expect(mapDone).to.be.greaterThan(-1);
      expect(reduceSubmitted).to.be.greaterThan(mapDone);
      expect(firstReduce).to.be.greaterThan(mapDone);
      expect(ev.filter((x) => x.name === 'taskEnd' && x.e.stageId === map.stageId)).to.have.length(4);
      const end = ev.at(-1)!;
      expect(end.name).to.equal('jobEnd');
      expect(end.e.ok).to.equal(true);
      const mapRows = ev.find((x) => x.name === 'stageCompleted' && x.e.stageId === map.stageId)!.e.rows as number;
      expect(mapRows).to.be.greaterThan(0);
      expect(local.heldShuffles(), 'shuffles dropped after the job').to.deep.equal([]);
    });

    it('sorts globally across partitions through a sampled range partitioning', async () => {
      // Without coalescing: the point is that rows land in several range partitions.
      const { driver } = make({ shufflePartitions: 4, coalescePartitions: false });
      const ev = record(driver);
      const data = randomRows(2000, 2);
      const plan = sort(project(rows(data, 3, SCHEMA), col('v'), col('k')), key(col('v'), false, false), key(col('k'), true, true));
      const got = toRows((await driver.collect(plan)).batches);
      const want = byKeys(data.map((r) => ({ v: r.v, k: r.k })), { name: 'v', asc: false }, { name: 'k', asc: true });
      expect(got).to.deep.equal(want);
      expect(ev.some((x) => x.name === 'stageSubmitted' && x.e.phase === 'sample')).to.equal(true);
      const start = ev.find((x) => x.name === 'jobStart')!.e as DriverEvents['jobStart'];
      const resultStage = start.stages.at(-1)!.stageId;
      const filled = ev.filter((x) => x.name === 'taskEnd' && x.e.stageId === resultStage && (x.e.rows as number) > 0);
      expect(filled.length, 'rows spread over several sorted partitions').to.be.greaterThan(1);
    });

    it('sorts an empty input and into a single partition', async () => {
      const { driver } = make({ shufflePartitions: 1 });
      const data = randomRows(200, 12);
      const plan = sort(project(rows(data, 3, SCHEMA), col('v'), col('k')), key(col('k'), true, false), key(col('v'), false, true));
      const got = toRows((await driver.collect(plan)).batches);
      const want = [...data.map((r) => ({ v: r.v, k: r.k }))].sort((x, y) => {
        // k asc nulls last, then v desc nulls first
        if (x.k !== y.k) return x.k === null ? 1 : y.k === null ? -1 : x.k - y.k;
        if (x.v === y.v) return 0;
        return x.v === null ? -1 : y.v === null ? 1 : y.v - x.v;
      });
      expect(got).to.deep.equal(want);
      const { driver: d4 } = make({ shufflePartitions: 4 });
      const none = sort(filter(range(0, 100, 3), call('lt', col('id'), lit(0))), key(col('id')));
      expect(toRows((await d4.collect(none)).batches)).to.deep.equal([]);
    });

    it('runs independent stages side by side', async () => {
      const { driver, wrapped } = make({}, { locations: ['a', 'b'], slots: 4 });
      wrapped!.delayMs = 40;
      const left = range(0, 40, 2);
      const right = project(range(0, 40, 2), col('id'), as(call('mul', col('id'), lit(2)), 'y'));
      const got = toRows((await driver.collect(join(left, right, 'inner', ['id']))).batches);
      expect(byKeys(got, { name: 'id', asc: true })).to.deep.equal(Array.from({ length: 40 }, (_, i) => ({ id: i, y: 2 * i })));
      const maps = wrapped!.log.filter((l) => l.output === 'shuffle');
      const stagesSeen = new Set(maps.map((m) => m.stageId));
      expect(stagesSeen.size).to.equal(2);
      const overlap = maps.some((x) => maps.some((y) => x.stageId !== y.stageId && x.start < y.end && y.start < x.end));
      expect(overlap, 'tasks of the two map stages overlapped in time').to.equal(true);
      expect(wrapped!.maxRunning).to.be.at.most(4);
    });

    it('never runs more tasks than the backend has slots', async () => {
      const { driver, wrapped } = make({ shufflePartitions: 6 }, { locations: ['a', 'b', 'c'], slots: 3 });
      wrapped!.delayMs = 5;
      const data = randomRows(300, 3);
      checkGroupBy(toRows((await driver.collect(groupByPlan(data, 7))).batches), data);
      expect(wrapped!.maxRunning).to.equal(3);
    });

    it('pipelines short tasks up to queueDepth beyond the slots, and never long ones', async () => {
      // Task durations come from a clock that advances by a fixed step per reading, so "short"
      // and "long" do not depend on how loaded the machine is.
      const stepping = (step: number): (() => number) => { let t = 0; return () => (t += step); };
      const data = randomRows(300, 4);
      const short = make({ shufflePartitions: 12 }, { locations: ['a', 'b', 'c'], slots: 3 }, stepping(1));
      short.wrapped!.depth = 1;
      short.wrapped!.delayMs = 2;
      for (let i = 0; i < 3; i++) checkGroupBy(toRows((await short.driver.collect(groupByPlan(data, 12))).batches), data);
      expect(short.wrapped!.maxRunning).to.be.greaterThan(3).and.at.most(6);
      const long = make({ shufflePartitions: 12 }, { locations: ['a', 'b', 'c'], slots: 3 }, stepping(1000));
      long.wrapped!.depth = 1;
      long.wrapped!.delayMs = 2;
      checkGroupBy(toRows((await long.driver.collect(groupByPlan(data, 12))).batches), data);
      expect(long.wrapped!.maxRunning).to.equal(3);
    });

    it('places reduce tasks where most of their input bytes are', async () => {
      const { driver, wrapped } = make({ shufflePartitions: 2, coalescePartitions: false }, { locations: ['a', 'b'], slots: 4 });
      // Map partition 1 keeps no rows: both reduce partitions read only map 0's output.
      const plan = repartition(filter(range(0, 1000, 2), call('lt', col('id'), lit(500))), 2, col('id'));
      const got = toRows((await driver.collect(plan)).batches);
      expect(got.map((r) => r.id).sort((a, b) => (a as number) - (b as number))).to.deep.equal(Array.from({ length: 500 }, (_, i) => i));
      const map0 = wrapped!.log.find((l) => l.output === 'shuffle' && l.partition === 0)!;
      const reduces = wrapped!.log.filter((l) => l.output === 'result');
      expect(reduces).to.have.length(2);
      for (const r of reduces) expect(r.location).to.equal(map0.location);
    });

    it('runs many jobs on one driver without piling up listeners', async () => {
      const { driver } = make({});
      const warnings: Error[] = [];
      const onWarning = (w: Error): void => { warnings.push(w); };
      process.on('warning', onWarning);
      try {
        for (let i = 0; i < 15; i++) expect(toRows((await driver.collect(range(0, 3, 1))).batches)).to.have.length(3);
        const ac = new AbortController();
        for (let i = 0; i < 15; i++) await driver.collect(range(0, 3, 1), { signal: ac.signal });
        // Many tasks queued behind few slots.
        expect(toRows((await driver.collect(range(0, 40, 40))).batches)).to.have.length(40);
        await new Promise((r) => setImmediate(r));
      } finally {
        process.off('warning', onWarning);
      }
      expect(warnings.map((w) => w.message)).to.deep.equal([]);
    });

    it('plans a limit and a union of differently shaped inputs', async () => {
      const { driver } = make({});
      const got = toRows((await driver.collect(limit(range(0, 100, 4), 5))).batches);
      expect(got).to.have.length(5);
      for (const r of got) expect(r.id as number).to.be.within(0, 99);
      const empty = toRows((await driver.collect(filter(range(0, 10, 2), call('gt', col('id'), lit(100))))).batches);
      expect(empty).to.deep.equal([]);
    });
  });

  describe('failures', () => {
    it('retries a failed task on another location and gets the exact answer', async () => {
      const { driver, wrapped } = make({}, { locations: ['a', 'b', 'c'], slots: 3 });
      const ev = record(driver);
      // Partition 0 goes first to the least loaded location and fails at once, leaving that
      // location the least loaded again: only the scheduler's avoidance sends the retry elsewhere.
      wrapped!.injector = (task) => {
        if (task.partition === 0 && task.attempt === 0) throw new Error(`flaky disk in stage ${task.stageId}`);
      };
      const data = randomRows(400, 4);
      checkGroupBy(toRows((await driver.collect(groupByPlan(data, 3))).batches), data);
      const failed = wrapped!.log.filter((l) => !l.ok);
      expect(failed.length).to.equal(2); // partition 0 of the map stage and of the reduce stage
      for (const f of failed) {
        const retry = wrapped!.log.find((l) => l.ok && l.stageId === f.stageId && l.partition === 0 && l.attempt === 1);
        expect(retry, `retry of stage ${f.stageId}`).to.not.equal(undefined);
        expect(retry!.location).to.not.equal(f.location);
      }
      const fe = ev.filter((x) => x.name === 'taskFailed');
      expect(fe).to.have.length(2);
      for (const x of fe) expect(x.e.willRetry).to.equal(true);
    });

    it('fails the job after maxTaskAttempts with the stage, partition and original error', async () => {
      const { driver, wrapped, local } = make({ maxTaskAttempts: 3 }, { locations: ['a', 'b'], slots: 2 });
      wrapped!.injector = (task) => {
        if (task.output.kind === 'shuffle' && task.partition === 0) throw new Error('disk on fire');
      };
      const data = randomRows(100, 5);
      let err: unknown;
      try { await driver.collect(groupByPlan(data, 2)); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(TaskFailedError);
      const tf = err as TaskFailedError;
      expect(tf.message).to.match(/stage \d+, partition 0/);
      expect(tf.message).to.contain('3 attempts');
      expect(tf.message).to.contain('disk on fire');
      expect(tf.message).to.contain('remote stack');
      expect((tf.cause as Error).message).to.equal('disk on fire');
      expect(wrapped!.log.filter((l) => l.partition === 0 && l.output === 'shuffle')).to.have.length(3);
      expect(local.heldShuffles(), 'shuffles dropped after a failed job').to.deep.equal([]);
    });

    it('does not retry a deterministic error', async () => {
      const { driver, wrapped } = make({}, { locations: ['a', 'b'], slots: 2 });
      wrapped!.injector = (task) => {
        if (task.partition === 0) throw new UserFunctionError('row function threw: boom', { function: 'f' });
      };
      let err: unknown;
      try { await driver.collect(groupByPlan(randomRows(50, 6), 2)); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(TaskFailedError);
      expect((err as Error).cause).to.be.instanceOf(UserFunctionError);
      expect((err as Error).message).to.contain('row function threw: boom');
      expect(wrapped!.log.filter((l) => l.partition === 0 && !l.ok)).to.have.length(1);
    });

    it('does not retry a data error raised by the engine, and keeps its class across the wire', async () => {
      const { driver, local } = make({});
      const before = local.stats().tasksRun;
      // int64 arithmetic past the int64 range is an error naming the expression, never a wrapped number.
      const plan = project(range(0, 4, 1), as(call('mul', col('id'), lit(2 ** 62)), 'big'));
      let err: unknown;
      try { await driver.collect(plan); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(TaskFailedError);
      expect(isDeterministic((err as Error).cause), `cause ${String((err as Error).cause)}`).to.equal(true);
      expect(local.stats().tasksRun - before).to.equal(1);
    });

    it('recomputes only the lost map outputs after a FetchFailed, then finishes the reduce stage', async () => {
      const { driver, wrapped } = make({}, { locations: ['a', 'b'], slots: 2 });
      const ev = record(driver);
      let dropped: number[] | undefined;
      let droppedAt = 0;
      wrapped!.injector = (task) => {
        if (task.output.kind === 'result' && dropped === undefined) {
          // Lose every map output held at 'b', as if its shuffle files were gone.
          const shuffleId = task.inputs[0].shuffleId;
          dropped = task.inputs[0].maps.filter((m) => m.location === 'b').map((m) => m.mapPartition);
          for (const m of dropped) wrapped!.inner.loseMapOutput(shuffleId, m);
          droppedAt = wrapped!.log.length;
        }
      };
      const data = randomRows(500, 7);
      checkGroupBy(toRows((await driver.collect(groupByPlan(data, 4))).batches), data);
      expect(dropped!.length).to.be.greaterThan(0);
      const failures = wrapped!.log.filter((l) => !l.ok);
      expect(failures.length).to.be.greaterThan(0);
      for (const f of failures) expect(f.error).to.be.instanceOf(FetchFailedError);
      const rerun = wrapped!.log.slice(droppedAt).filter((l) => l.output === 'shuffle').map((l) => l.partition).sort();
      expect(rerun, 'only the lost map tasks ran again').to.deep.equal([...dropped!].sort());
      expect(ev.some((x) => x.name === 'mapOutputsLost')).to.equal(true);
    });

    it('forgets what a lost executor held and recomputes it from lineage', async () => {
      const { driver, wrapped } = make({}, { locations: ['a', 'b'], slots: 2 });
      let lostMaps: number[] | undefined;
      let lostAt = 0;
      wrapped!.injector = (task, location) => {
        if (task.output.kind === 'result' && lostMaps === undefined) {
          const shuffleId = task.inputs[0].shuffleId;
          lostMaps = task.inputs[0].maps.filter((m) => m.location === 'b').map((m) => m.mapPartition);
          for (const m of lostMaps) wrapped!.inner.loseMapOutput(shuffleId, m);
          wrapped!.live = ['a'];
          lostAt = wrapped!.log.length;
          throw new ExecutorLostError(`executor b stopped answering (task was at ${location})`, { location: 'b' });
        }
      };
      const data = randomRows(300, 8);
      checkGroupBy(toRows((await driver.collect(groupByPlan(data, 4))).batches), data);
      expect(lostMaps!.length).to.be.greaterThan(0);
      const after = wrapped!.log.slice(lostAt);
      expect(after.filter((l) => l.output === 'shuffle').map((l) => l.partition).sort()).to.deep.equal([...lostMaps!].sort());
      for (const l of after) expect(l.location).to.equal('a');
    });

    it('recomputes the outputs of a location that left between stages before the next stage runs', async () => {
      const { driver, wrapped } = make({}, { locations: ['a', 'b'], slots: 2 });
      let gone: number[] | undefined;
      let goneAt = 0;
      driver.events.on('taskEnd', () => {
        const maps = wrapped!.log.filter((l) => l.output === 'shuffle' && l.ok);
        if (gone !== undefined || maps.length < 4) return;
        // The last map task is done; executor 'b' is declared lost (by a heartbeat, say) and its files are gone.
        gone = maps.filter((l) => l.location === 'b').map((l) => l.partition);
        const shuffleIds = wrapped!.inner.heldShuffles();
        for (const m of gone) for (const id of shuffleIds) wrapped!.inner.loseMapOutput(id, m);
        wrapped!.live = ['a'];
        goneAt = wrapped!.log.length;
      });
      const data = randomRows(300, 13);
      checkGroupBy(toRows((await driver.collect(groupByPlan(data, 4))).batches), data);
      expect(gone!.length).to.be.greaterThan(0);
      expect(wrapped!.log.filter((l) => !l.ok), 'no task failed: the loss was noticed before').to.deep.equal([]);
      const after = wrapped!.log.slice(goneAt);
      expect(after.filter((l) => l.output === 'shuffle').map((l) => l.partition).sort()).to.deep.equal([...gone!].sort());
      for (const l of after) expect(l.location).to.equal('a');
    });

    it('rejects a result larger than maxResultBytes, naming the conf key', async () => {
      const { driver, local } = make({ maxResultBytes: 2000 });
      let err: unknown;
      try { await driver.collect(range(0, 20000, 2)); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(ResultTooLargeError);
      expect((err as Error).message).to.match(/larger than maxResultBytes \(2000 bytes\).*"maxResultBytes"/);
      expect(local.heldShuffles()).to.deep.equal([]);
    });

    it('cancels a job through its AbortSignal', async () => {
      const { driver, wrapped } = make({}, { locations: ['a'], slots: 2 });
      wrapped!.delayMs = 300;
      const ac = new AbortController();
      // Abort once the first task runs: the job rejects then, without running the rest.
      const started = wrapped!.log.length;
      const poll = setInterval(() => { if (wrapped!.log.length > started) { clearInterval(poll); ac.abort(); } }, 1);
      let err: unknown;
      try { await driver.collect(groupByPlan(randomRows(100, 9), 6), { signal: ac.signal }); } catch (e) { err = e; } finally { clearInterval(poll); }
      expect(err).to.be.instanceOf(CancelledError);
      // The map stage (its 2 tasks on 2 slots) was cut: no reduce task was ever sent.
      expect(wrapped!.log.filter((l) => l.output !== 'shuffle')).to.deep.equal([]);
      const pre = new AbortController();
      pre.abort();
      let err2: unknown;
      try { await driver.collect(range(0, 10, 1), { signal: pre.signal }); } catch (e) { err2 = e; }
      expect(err2).to.be.instanceOf(CancelledError);
    });

    it('raises analysis errors before anything runs', async () => {
      const { driver, local } = make({});
      const before = local.stats().tasksRun;
      let err: unknown;
      try { await driver.collect(project(range(0, 10, 1), col('nope'))); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(AnalysisError);
      expect((err as Error).message).to.contain('nope');
      expect(local.stats().tasksRun).to.equal(before);
    });
  });

  describe('caches, writes, explain, stop', () => {
    it('materializes a cache once as its own job and reads it back', async () => {
      const { driver, local } = make({});
      const ev = record(driver);
      const data = randomRows(300, 10);
      const cached = cache(groupByPlan(data, 3), 'c-test-1');
      const q1 = filter(cached, call('isNotNull', col('k')));
      const q2 = project(cached, col('k'), col('n'));
      const ref = refGroupBy(data);
      const r1 = toRows((await driver.collect(q1)).batches);
      expect(r1).to.have.length([...ref.keys()].filter((k) => k !== null).length);
      const r2 = toRows((await driver.collect(q2)).batches);
      expect(r2).to.have.length(ref.size);
      for (const r of r2) expect(r.n).to.equal(ref.get(r.k as number | null)!.n);
      const cacheJobs = () => ev.filter((x) => x.name === 'jobStart' && x.e.kind === 'cache').length;
      expect(cacheJobs()).to.equal(1);
      await driver.unpersist('c-test-1');
      const r3 = toRows((await driver.collect(q2)).batches);
      expect(r3).to.have.length(ref.size);
      expect(cacheJobs()).to.equal(2);
      expect(local.stats().tasksFailed).to.equal(0);
    });

    it('writes files through a staging dir and commits them', async () => {
      const { driver } = make({});
      const dir = mkdtempSync(pjoin(tmpdir(), 'rondo-h6-'));
      try {
        const out = pjoin(dir, 'out');
        const res = await driver.write(range(0, 50, 2), 'csv', out, { mode: 'error', partitionBy: [] });
        expect(res.rows).to.equal(50);
        expect(res.files.length).to.be.greaterThan(0);
        const lines = res.files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l !== '' && l !== 'id'));
        expect(lines.map(Number).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
        expect(existsSync(pjoin(out, '_temporary'))).to.equal(false);
        let err: unknown;
        try { await driver.write(range(0, 5, 1), 'csv', out, { mode: 'error', partitionBy: [] }); } catch (e) { err = e; }
        expect((err as Error).name).to.equal('SinkError');
        let err2: unknown;
        try { await driver.write(range(0, 5, 1), 'csv', pjoin(dir, 'o2'), { mode: 'error', partitionBy: ['nope'] }); } catch (e) { err2 = e; }
        expect(err2).to.be.instanceOf(AnalysisError);
        expect((err2 as Error).message).to.match(/partitionBy column "nope" does not exist; columns: id/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('aborts a failed write, leaving no staged files', async () => {
      const { driver, wrapped } = make({}, { locations: ['a'], slots: 2 });
      wrapped!.injector = (task) => { if (task.output.kind === 'write' && task.partition === 1) throw new UserFunctionError('nope'); };
      const dir = mkdtempSync(pjoin(tmpdir(), 'rondo-h6-'));
      try {
        const out = pjoin(dir, 'out');
        let err: unknown;
        try { await driver.write(range(0, 50, 2), 'json', out, { mode: 'overwrite', partitionBy: [] }); } catch (e) { err = e; }
        expect(err).to.be.instanceOf(TaskFailedError);
        const left = existsSync(out) ? readdirSync(out).filter((f) => f !== '_temporary') : [];
        expect(left).to.deep.equal([]);
        expect(existsSync(pjoin(out, '_temporary')) && readdirSync(pjoin(out, '_temporary')).length > 0).to.equal(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('explains a plan in full or by section', async () => {
      const { driver } = make({});
      const plan = groupByPlan(randomRows(20, 11), 2);
      const text = await driver.explain(plan);
      for (const s of ['== Parsed Logical Plan ==', '== Optimized Logical Plan ==', '== Physical Plan ==', '== Stages ==']) expect(text).to.contain(s);
      expect(await driver.explain(plan)).to.equal(text);
      const phys = await driver.explain(plan, 'physical');
      expect(phys).to.contain('== Physical Plan ==');
      expect(phys).to.not.contain('== Stages ==');
      let err: unknown;
      try { await driver.explain(plan, 'fancy'); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(AnalysisError);
    });

    it('stops safely twice and refuses work afterwards', async () => {
      const { driver } = make({});
      await driver.stop();
      await driver.stop();
      let err: unknown;
      try { await driver.collect(range(0, 3, 1)); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(CancelledError);
    });
  });

  describe('the serialized path', () => {
    it('round-tripped every task of every job above through JSON and checked every shuffle piece as Arrow IPC', () => {
      let tasks = 0;
      let pieces = 0;
      for (const b of backends) {
        const s = b.stats();
        expect(s.tasksRoundTripped).to.equal(s.tasksRun);
        expect(s.piecesChecked).to.equal(s.piecesWritten);
        tasks += s.tasksRun;
        pieces += s.piecesChecked;
      }
      expect(tasks).to.be.greaterThan(50);
      expect(pieces).to.be.greaterThan(50);
    });
  });
});
