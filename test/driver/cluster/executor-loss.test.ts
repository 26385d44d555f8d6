/**
 * Losing an executor: SIGKILL mid-task rejects its running task with ExecutorLostError, takes
 * it out of locations(), and a peer's fetch of its map output fails with a typed FetchFailedError.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { ClusterBackend } from '../../../driver/cluster/index.js';
import type { TaskRunResult } from '../../../driver/backend.js';
import { CancelledError, ExecutorLostError, FetchFailedError } from '../../../engine/errors.js';
import type { ShuffleInput } from '../../../engine/plan.js';
import { mapTask, pidAlive, reduceTask, waitFor } from './fixtures.js';

type Shuffled = Extract<TaskRunResult, { kind: 'shuffle' }>;

/** A TCP server that accepts connections and never answers: a task fetching from it hangs. */
async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/**
 * How long to wait for a condition before failing: a bound against hangs, not a speed limit
 * (on a loaded machine a freed slot shows up after seconds).
 */
const WAIT_MS = 45_000;

describe('cluster backend: an executor killed mid-stage', function () {
  this.timeout(120_000);
  let backend: ClusterBackend;
  let hole: Awaited<ReturnType<typeof blackHole>>;

  before(async () => {
    hole = await blackHole();
    backend = await ClusterBackend.startLocal({ executors: 2, coresPerExecutor: 1 });
  });
  after(async () => {
    await backend?.stop();
    await hole?.close();
  });

  it('cancels a running task through its AbortSignal: CancelledError, and the executor frees the slot', async () => {
    const [, b] = backend.locations() as [string, string];
    const hanging: ShuffleInput = { shuffleId: 30, maps: [{ mapPartition: 0, location: hole.url, sizes: [100] }] };
    const ac = new AbortController();
    const failure = rejection(backend.run(reduceTask(hanging, 0, 1), { preferred: b, signal: ac.signal }));
    const runningOnB = async (): Promise<unknown> => (await backend.executorHealth()).find((x) => x.url === b)?.health.running;
    await waitFor(async () => (await runningOnB()) === 1, WAIT_MS, 'the task to run on b');
    ac.abort();
    const err = await failure;
    expect(err, String(err)).to.be.instanceOf(CancelledError);
    await waitFor(async () => (await runningOnB()) === 0, WAIT_MS, 'b to free its slot');
    expect(backend.locations()).to.include(b);
  });

  it('rejects the running task with ExecutorLostError, drops the executor, and peers get FetchFailedError for its pieces', async () => {
    const [a, b] = backend.locations() as [string, string];
    const lost: string[] = [];
    backend.onExecutorLost((url) => lost.push(url));
    // Map output on a, for a reduce task on b to fetch later.
    const m = (await backend.run(mapTask(21, 0, 0, 400, 2), { preferred: a })) as Shuffled;
    expect(m.location).to.equal(a);
    // A task on a that hangs fetching from a peer that never answers.
    const hanging: ShuffleInput = { shuffleId: 22, maps: [{ mapPartition: 0, location: hole.url, sizes: [100] }] };
    const running = backend.run(reduceTask(hanging, 0, 1), { preferred: a });
    const failure = rejection(running);
    await waitFor(async () => {
      const h = (await backend.executorHealth()).find((x) => x.url === a);
      return h?.health.running === 1;
    }, WAIT_MS, 'the task to run on a');
    const pid = backend.processes().find((p) => p.url === a)!.pid;
    process.kill(pid, 'SIGKILL');
    const err = await failure;
    expect(err, String(err)).to.be.instanceOf(ExecutorLostError);
    expect((err as Error).message).to.include(a);
    await waitFor(() => !backend.locations().includes(a), WAIT_MS, 'a to leave locations()');
    expect(backend.locations()).to.deep.equal([b]);
    expect(backend.slots()).to.equal(1);
    expect(lost).to.deep.equal([a]);
    expect(pidAlive(pid)).to.equal(false);

    // b reads the piece a held: a typed FetchFailedError naming a, the shuffle and the map.
    const nonEmpty = m.sizes.findIndex((s) => s > 0);
    const input: ShuffleInput = { shuffleId: 21, maps: [{ mapPartition: 0, location: a, sizes: m.sizes }] };
    const e2 = await rejection(backend.run(reduceTask(input, nonEmpty, 2), { preferred: a }));
    const ff = e2 instanceof FetchFailedError ? e2 : (e2 as { cause?: unknown }).cause;
    expect(ff, String(e2)).to.be.instanceOf(FetchFailedError);
    expect((ff as FetchFailedError).location).to.equal(a);
    expect((ff as FetchFailedError).shuffleId).to.equal(21);
    expect((ff as FetchFailedError).mapPartition).to.equal(0);
  });

  it('runs later tasks on the executor that is left, even when the lost one is preferred', async () => {
    const [b] = backend.locations() as [string];
    const r = (await backend.run(mapTask(23, 0, 0, 10, 1), { preferred: 'http://127.0.0.1:1' })) as Shuffled;
    expect(r.location).to.equal(b);
    expect(r.rows).to.equal(10);
  });
});

describe('cluster backend: an executor that stops answering heartbeats', function () {
  this.timeout(120_000);
  let backend: ClusterBackend;
  let hole: Awaited<ReturnType<typeof blackHole>>;

  before(async () => {
    hole = await blackHole();
    // Short beats keep the test quick; a health answer may take long on a loaded machine, so
    // its timeout is generous: only the stopped process misses beats (3 of them, ~7 s).
    backend = await ClusterBackend.startLocal({ executors: 1, heartbeatMs: 200, healthTimeoutMs: 2000 });
  });
  after(async () => {
    await backend?.stop();
    await hole?.close();
  });

  it('is lost after missed heartbeats (SIGSTOP), its running call rejects, and the process is killed', async () => {
    const [a] = backend.locations() as [string];
    const pid = backend.processes()[0]!.pid;
    const hanging: ShuffleInput = { shuffleId: 1, maps: [{ mapPartition: 0, location: hole.url, sizes: [100] }] };
    const failure = rejection(backend.run(reduceTask(hanging, 0, 1)));
    await waitFor(async () => (await backend.executorHealth())[0]?.health.running === 1, WAIT_MS, 'the task to run');
    process.kill(pid, 'SIGSTOP');
    const err = await failure;
    expect(err, String(err)).to.be.instanceOf(ExecutorLostError);
    expect((err as Error).message).to.match(/missed 3 heartbeats/);
    expect(backend.locations()).to.deep.equal([]);
    expect(backend.slots()).to.equal(0);
    await waitFor(() => !pidAlive(pid), WAIT_MS, 'the stopped executor to be killed');
    const none = await rejection(backend.run(mapTask(2, 0, 0, 10, 1)));
    expect(none).to.be.instanceOf(ExecutorLostError);
    expect(a).to.be.a('string');
  });
});
