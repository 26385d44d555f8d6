/**
 * The runtime benchmark (issue 3): on a warm Session.local with executor processes, measures
 *   - session start time (Session.local until it resolves, and until a first job has run),
 *   - latency of a trivial two-stage job (median of --trivial runs),
 *   - dispatch overhead per task over many tiny tasks (range over --tasks partitions, count),
 *   - shuffle throughput between the executors (a big repartition; bytes from executor counters),
 *   - speedup of 2 executors over 1 on a CPU-bound stage.
 *   - latency of an executor's health answer while every worker computes,
 * Every answer is checked against a plain-JS reference. Aims: start < 1 s, trivial job < 20 ms,
 * dispatch < 1 ms a task, shuffle >= 500 MB/s, speedup >= 1.7x. CPU time per job and per task
 * (driver, executors) is printed too: on a shared machine it is the steadier figure.
 *
 *   npm run bench:runtime -- --shuffle-mb 400 --trivial 50 --tasks 400
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ClusterBackend } from '../driver/cluster/index.js';
import { request } from 'undici';
import { col, count, Session, sqrt, sum } from '../index.js';

interface Figures {
  [k: string]: number | string;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(`wrong answer: ${what}`);
}

function backendOf(session: Session): ClusterBackend {
  const b = (session.driver as unknown as { backend: unknown }).backend;
  if (!(b instanceof ClusterBackend)) throw new Error('the session does not run on executor processes');
  return b;
}

async function counters(session: Session): Promise<{ served: number; fetched: number; local: number }> {
  const hs = await backendOf(session).executorHealth();
  const sumOf = (k: string): number => hs.reduce((s, h) => s + Number(h.health[k] ?? 0), 0);
  return { served: sumOf('bytesServedToPeers'), fetched: sumOf('bytesFetchedFromPeers'), local: sumOf('bytesReadLocally') };
}

/**
 * CPU time (ms) used so far by the driver and by the executor processes (all their threads;
 * Linux /proc, else NaN): on a shared machine wall times wander, CPU per task does not.
 */
function cpuMs(session: Session): { driver: number; executors: number } {
  const u = process.cpuUsage();
  let executors = 0;
  for (const p of backendOf(session).processes()) {
    try {
      const st = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      executors += (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      executors = Number.NaN;
    }
  }
  return { driver: (u.user + u.system) / 1000, executors };
}


async function trivialJob(session: Session): Promise<void> {
  // Two stages: a partial count per partition, a shuffle, the final count per key.
  const rows = (await session.range(0, 100, { partitions: 2 }).groupBy(col('id').mod(2).as('k')).count().collect()) as { k: number; count: number }[];
  check(rows.length === 2 && rows.every((r) => r.count === 50), `trivial job gave ${JSON.stringify(rows)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      executors: { type: 'string', default: '2' },
      trivial: { type: 'string', default: '50' },
      tasks: { type: 'string', default: '400' },
      'shuffle-mb': { type: 'string', default: '400' },
      'cpu-rows': { type: 'string', default: '1e6' },
      'cpu-rounds': { type: 'string', default: '300' },
      skip: { type: 'string', default: '' },
    },
  });
  const executors = Number(values.executors);
  const skip = new Set(values.skip!.split(',').filter((s) => s !== ''));
  const fig: Figures = {};

  // ---- session start ----
  let t = performance.now();
  const session = await Session.local({ executors });
  fig.startMs = performance.now() - t;
  await trivialJob(session);
  fig.startToFirstJobMs = performance.now() - t;
  console.log(`session start: ${fig.startMs.toFixed(0)} ms (with a first job: ${(fig.startToFirstJobMs as number).toFixed(0)} ms)`);

  try {
    // ---- trivial two-stage job ----
    if (!skip.has('trivial')) {
      for (let i = 0; i < 10; i++) await trivialJob(session);
      const n = Number(values.trivial);
      const ms: number[] = [];
      const c0 = cpuMs(session);
      for (let i = 0; i < n; i++) {
        t = performance.now();
        await trivialJob(session);
        ms.push(performance.now() - t);
      }
      const c1 = cpuMs(session);
      fig.trivialMedianMs = median(ms);
      fig.trivialP90Ms = pct(ms, 0.9);
      fig.trivialDriverCpuMs = (c1.driver - c0.driver) / n;
      fig.trivialExecutorCpuMs = (c1.executors - c0.executors) / n;
      console.log(`trivial two-stage job: median ${fig.trivialMedianMs.toFixed(2)} ms, p90 ${fig.trivialP90Ms.toFixed(2)} ms (${n} runs);`
        + ` CPU a job: driver ${fig.trivialDriverCpuMs.toFixed(1)} ms, executors ${fig.trivialExecutorCpuMs.toFixed(1)} ms`);
    }

    // ---- dispatch overhead ----
    if (!skip.has('dispatch')) {
      const P = Number(values.tasks);
      let tasks = 0;
      const onEnd = (): void => { tasks++; };
      const run = async (): Promise<number> => {
        const t0 = performance.now();
        const n = await session.range(0, P * 10, { partitions: P }).count();
        check(n === P * 10, `count of ${P} partitions gave ${n}`);
        return performance.now() - t0;
      };
      await run();
      session.events.on('taskEnd', onEnd);
      tasks = 0;
      const ms: number[] = [];
      const c0 = cpuMs(session);
      for (let i = 0; i < 3; i++) ms.push(await run());
      const c1 = cpuMs(session);
      session.events.off('taskEnd', onEnd);
      const perJobTasks = tasks / 3;
      fig.dispatchTasks = perJobTasks;
      fig.dispatchJobMs = median(ms);
      fig.dispatchPerTaskMs = median(ms) / perJobTasks;
      fig.dispatchDriverCpuPerTaskMs = (c1.driver - c0.driver) / tasks;
      fig.dispatchExecutorCpuPerTaskMs = (c1.executors - c0.executors) / tasks;
      console.log(`dispatch: ${perJobTasks} tasks in ${fig.dispatchJobMs.toFixed(1)} ms: ${fig.dispatchPerTaskMs.toFixed(3)} ms a task;`
        + ` CPU a task: driver ${fig.dispatchDriverCpuPerTaskMs.toFixed(2)} ms, executors ${fig.dispatchExecutorCpuPerTaskMs.toFixed(2)} ms`);
    }

    // ---- health latency while every worker computes (aim: median < 50 ms, p90 < 200 ms) ----
    if (!skip.has('health')) {
      const backend = backendOf(session);
      const secret = (backend as unknown as { secret: string }).secret;
      let heavy = col('id').cast('float64');
      for (let i = 0; i < 8; i++) heavy = sqrt(heavy.mul(heavy).plus(1));
      let done = false;
      const job = session.range(0, 400_000, { partitions: 4 }).filter(heavy.gte(0)).count().finally(() => { done = true; });
      const latencies: number[] = [];
      while (!done) {
        for (const u of backend.locations()) {
          const t0 = performance.now();
          const res = await request(`${u}/v1/health`, { headers: { authorization: `Bearer ${secret}` } });
          const h = (await res.body.json()) as { running: number; cores: number };
          if (h.running >= h.cores) latencies.push(performance.now() - t0);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      check((await job) === 400_000, 'the busy job counted wrong');
      if (latencies.length > 0) {
        fig.healthBusyP50Ms = pct(latencies, 0.5);
        fig.healthBusyP90Ms = pct(latencies, 0.9);
        console.log(`health while busy: ${latencies.length} samples, median ${fig.healthBusyP50Ms.toFixed(1)} ms, p90 ${fig.healthBusyP90Ms.toFixed(1)} ms`);
      }
    }

    // ---- shuffle throughput ----
    if (!skip.has('shuffle')) {
      const mb = Number(values['shuffle-mb']);
      // 4 float64/int64 columns: 32 bytes a row.
      const rows = Math.round((mb * 1e6) / 32);
      const parts = 8;
      const ds = () => session.range(0, rows, { partitions: parts })
        .select(col('id'), col('id').mul(2).as('a'), col('id').cast('float64').as('b'), col('id').plus(7).as('c'))
        .repartition(parts)
        .agg(sum(col('a')).as('sa'), sum(col('b')).as('sb'), sum(col('c')).as('sc'), count().as('n'));
      // Warm-up at a tenth of the size.
      await session.range(0, rows / 10, { partitions: parts }).select(col('id'), col('id').mul(2).as('a')).repartition(parts).agg(sum(col('a')).as('sa')).collect();
      let mapDone = 0;
      const onStage = (e: { stageId: number }): void => { if (mapDone === 0) mapDone = performance.now(); void e; };
      const c0 = await counters(session);
      session.events.on('stageCompleted', onStage);
      t = performance.now();
      const got = (await ds().collect()) as { sa: number; sb: number; sc: number; n: number }[];
      const end = performance.now();
      session.events.off('stageCompleted', onStage);
      const c1 = await counters(session);
      const n = rows;
      const s = (n * (n - 1)) / 2;
      check(got.length === 1 && got[0]!.n === n && got[0]!.sa === 2 * s && got[0]!.sc === s + 7 * n, `shuffle gave ${JSON.stringify(got)}`);
      const peer = c1.served - c0.served;
      const local = c1.local - c0.local;
      const bytes = peer + local;
      fig.shuffleMB = bytes / 1e6;
      fig.shufflePeerMB = peer / 1e6;
      fig.shuffleJobMs = end - t;
      fig.shuffleMapStageMs = mapDone - t;
      fig.shuffleReduceStageMs = end - mapDone;
      fig.shuffleMBps = bytes / 1e6 / ((end - t) / 1000);
      fig.shuffleReadMBps = bytes / 1e6 / ((end - mapDone) / 1000);
      console.log(`shuffle: ${fig.shuffleMB.toFixed(0)} MB (${fig.shufflePeerMB.toFixed(0)} MB peer to peer) in ${fig.shuffleJobMs.toFixed(0)} ms`
        + ` (map stage ${fig.shuffleMapStageMs.toFixed(0)} ms, reduce stage ${fig.shuffleReduceStageMs.toFixed(0)} ms):`
        + ` ${fig.shuffleMBps.toFixed(0)} MB/s over the job, ${fig.shuffleReadMBps.toFixed(0)} MB/s over the reduce stage`);
    }
  } finally {
    await session.stop();
  }

  // ---- speedup of 2 executors over 1 ----
  if (!skip.has('speedup')) {
    const rows = Number(values['cpu-rows']);
    const rounds = Number(values['cpu-rounds']);
    const timeWith = async (n: number): Promise<number> => {
      const s = await Session.local({ executors: n });
      try {
        const job = async (): Promise<number> => {
          const t0 = performance.now();
          // A row function doing pure arithmetic: CPU-bound in the workers, little allocation,
          // so garbage collection (which runs on other threads) does not blur the measure.
          const got = (await s.range(0, rows, { partitions: 8 })
            .map((r) => { let x = r.id; for (let i = 0; i < rounds; i++) x = Math.sqrt(x * x + i); return { x }; }, { rounds })
            .agg(count().as('n'), sum(col('x')).as('s')).collect()) as { n: number }[];
          check(got[0]!.n === rows, `cpu job counted ${got[0]!.n}`);
          return performance.now() - t0;
        };
        await job();
        return Math.min(await job(), await job());
      } finally {
        await s.stop();
      }
    };
    const one = await timeWith(1);
    const two = await timeWith(2);
    fig.cpu1Ms = one;
    fig.cpu2Ms = two;
    fig.speedup = one / two;
    console.log(`CPU-bound stage: 1 executor ${one.toFixed(0)} ms, 2 executors ${two.toFixed(0)} ms: speedup ${fig.speedup.toFixed(2)}x`);
  }
  console.log(JSON.stringify(fig));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
