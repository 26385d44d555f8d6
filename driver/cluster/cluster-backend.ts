/**
 * The cluster backend: runs tasks on executor processes over HTTP.
 *
 * `startLocal` spawns executors on loopback with a fresh random secret; `connect` attaches to
 * executors started with `rondo executor`. Each executor gets a keep-alive undici Pool. A task
 * goes to a live executor with a free slot (the preferred one first); its answer becomes a
 * TaskRunResult whose location is the executor URL, or a rejection with the task's rebuilt typed
 * error, or ExecutorLostError when the executor cannot be reached or dies mid-task.
 *
 * Tasks travel as task frames (engine/task-frame.ts). An executor whose /v1/health names another
 * wire protocol version is refused at connect, and counts as a missed heartbeat later.
 *
 * Heartbeats: GET /v1/health about once a second. An executor that misses 3 in a row, or that
 * refuses connections outright (nothing listens on its port any more), is lost: it leaves
 * locations() and its running calls reject with ExecutorLostError.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, request } from 'undici';
import { AnalysisError, CancelledError, ExecutorLostError, InternalError } from '../../engine/errors.js';
import type { Task } from '../../engine/plan.js';
import { encodeTaskFrame, TASK_FRAME_TYPE, WIRE_PROTOCOL } from '../../engine/task-frame.js';
import type { TaskBackend, TaskRunResult } from '../backend.js';
import { spawnExecutor, type SpawnedExecutor } from './spawn-executor.js';
import { decodeTaskReply } from './task-reply.js';
import { cleanupOnTermination } from './termination-signals.js';

/** Tuning shared by startLocal and connect (all optional). */
export interface ClusterTuning {
  /** Heartbeat period (ms). Default 1000. */
  readonly heartbeatMs?: number;
  /** Heartbeats missed in a row before an executor is lost. Default 3. */
  readonly maxMissedHeartbeats?: number;
  /** Timeout of one health call (ms). Default 2000. */
  readonly healthTimeoutMs?: number;
  /** Timeout of a task call, for its headers and between body chunks (ms). Default 1 hour. */
  readonly taskTimeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL of local executors on stop() (ms). Default 5000. */
  readonly stopGraceMs?: number;
}

/** Bytes and calls the backend has seen; the driver never fetches shuffle data, and these show it. */
export interface ClusterCounters {
  tasksSent: number;
  tasksFailed: number;
  /** Bytes of task replies received, by the kind of task output. */
  replyBytes: { shuffle: number; result: number; sample: number; write: number; cache: number };
  /** Bytes of task requests sent. */
  requestBytes: number;
}

/** One executor as the backend sees it. */
interface ExecutorEntry {
  readonly url: string;
  /** Task calls: one connection per call in flight (no cap, so tasks never queue behind each other). */
  readonly pool: Pool;
  /** Heartbeats and deletes, on their own connections so they never wait behind a long task. */
  readonly control: Pool;
  readonly child: ChildProcess | null;
  readonly pid: number | null;
  cores: number;
  running: number;
  alive: boolean;
  misses: number;
  timer: NodeJS.Timeout | null;
  checking: boolean;
  /** Aborts of the task calls in flight. */
  readonly calls: Set<(e: Error) => void>;
}

interface HealthJson {
  readonly ok: boolean;
  readonly cores?: number;
  /** The wire protocol the executor speaks (absent before protocol 2). */
  readonly protocol?: number;
}

/** Runs tasks on executor processes. */
export class ClusterBackend implements TaskBackend {
  private readonly executors: ExecutorEntry[];
  private readonly secret: string;
  private readonly tuning: Required<ClusterTuning>;
  private readonly lostListeners: ((url: string, reason: string) => void)[] = [];
  private stopping: Promise<void> | null = null;
  private rr = 0;
  /** The work folder startLocal made, removed on stop(). */
  private ownedWorkDir: string | null = null;
  /** Stops listening for SIGTERM/SIGHUP (set for the executors this backend started). */
  private releaseSignals: (() => void) | undefined;
  /** Counters of what went over the wire between this driver and its executors. */
  readonly counters: ClusterCounters = { tasksSent: 0, tasksFailed: 0, replyBytes: { shuffle: 0, result: 0, sample: 0, write: 0, cache: 0 }, requestBytes: 0 };

  private constructor(execs: readonly { url: string; cores: number; child: ChildProcess | null; pid: number | null }[], secret: string, tuning: ClusterTuning) {
    this.secret = secret;
    this.tuning = {
      heartbeatMs: tuning.heartbeatMs ?? 1000,
      maxMissedHeartbeats: tuning.maxMissedHeartbeats ?? 3,
      healthTimeoutMs: tuning.healthTimeoutMs ?? 2000,
      taskTimeoutMs: tuning.taskTimeoutMs ?? 3_600_000,
      stopGraceMs: tuning.stopGraceMs ?? 5000,
    };
    this.executors = execs.map((e) => ({
      url: e.url, cores: e.cores, child: e.child, pid: e.pid,
      pool: new Pool(e.url, { connections: null, keepAliveTimeout: 20_000 }),
      control: new Pool(e.url, { connections: 2, keepAliveTimeout: 20_000 }),
      running: 0, alive: true, misses: 0, timer: null, checking: false, calls: new Set(),
    }));
    for (const e of this.executors) {
      e.child?.once('exit', (code, signal) => this.markLost(e, `the process exited (${signal ?? `code ${code}`})`));
      this.scheduleHeartbeat(e);
    }
  }

  /**
   * Spawns `executors` executor processes on 127.0.0.1 (each with `coresPerExecutor` worker
   * threads, default 1) sharing a fresh random secret handed over in a 0600 file.
   */
  static async startLocal(opts: { executors: number; coresPerExecutor?: number; workDir?: string } & ClusterTuning): Promise<ClusterBackend> {
    const n = Math.max(1, Math.floor(opts.executors));
    const cores = Math.max(1, Math.floor(opts.coresPerExecutor ?? 1));
    const secret = randomBytes(32).toString('hex');
    // A work folder of this backend's own, removed on stop(): executors clean their part on exit,
    // and this catches what a killed one left behind.
    const base = opts.workDir ?? tmpdir();
    await mkdir(base, { recursive: true });
    const workDir = await mkdtemp(join(base, 'rondo-work-'));
    const dir = await mkdtemp(join(tmpdir(), 'rondo-secret-'));
    const secretFile = join(dir, 'secret');
    // A SIGTERM or SIGHUP while starting: the executors go with this process (their stdin
    // closes), the folders must be removed here.
    const children = new Set<ChildProcess>();
    const release = cleanupOnTermination(async () => {
      await Promise.all([...children].map((c) => terminate(c, 0)));
      await Promise.all([rm(dir, { recursive: true, force: true }), rm(workDir, { recursive: true, force: true })]);
    });
    let started: PromiseSettledResult<SpawnedExecutor>[];
    try {
      await writeFile(secretFile, secret, { mode: 0o600 });
      started = await Promise.allSettled(Array.from({ length: n }, (_, i) =>
        spawnExecutor({ secretFile, cores, workDir, label: `executor ${i}` }).then((s) => { children.add(s.child); return s; })));
    } catch (e) {
      release();
      throw e;
    } finally {
      // Every child has read the secret once it listens (or has failed): the file can go.
      await rm(dir, { recursive: true, force: true });
    }
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? terminate(s.value.child, 0) : undefined)));
      await rm(workDir, { recursive: true, force: true });
      release();
      throw failed.reason;
    }
    const ok = started.map((s) => (s as PromiseFulfilledResult<SpawnedExecutor>).value);
    const backend = new ClusterBackend(ok.map((s) => ({ url: s.url, cores, child: s.child, pid: s.pid })), secret, opts);
    backend.ownedWorkDir = workDir;
    // From here on, a SIGTERM or SIGHUP stops the backend as stop() does.
    backend.releaseSignals = cleanupOnTermination(() => backend.stop());
    release();
    return backend;
  }

  /**
   * Attaches to running executors; rejects with ExecutorLostError naming any that does not
   * answer, and with AnalysisError naming any that speaks another wire protocol (both versions).
   */
  static async connect(opts: { urls: readonly string[]; secret: string } & ClusterTuning): Promise<ClusterBackend> {
    if (opts.urls.length === 0) throw new InternalError('connect needs at least one executor URL');
    const urls = opts.urls.map((u) => u.trim().replace(/\/+$/, ''));
    const healths = await Promise.allSettled(urls.map((u) => getHealth(u, opts.secret, opts.healthTimeoutMs ?? 5000)));
    const mismatch = healths.flatMap((h) => (h.status === 'rejected' && h.reason instanceof WireProtocolMismatch ? [h.reason.message] : []));
    // A setup error, not a lost executor: the cluster runs another rondo than this driver.
    if (mismatch.length > 0) throw new AnalysisError(`${mismatch.join('; ')}: run the same rondo version on the driver and the executors`, { locations: urls });
    const bad = healths.map((h, i) => (h.status === 'rejected' ? `${urls[i]} (${(h.reason as Error).message})` : null)).filter((x) => x !== null);
    if (bad.length > 0) throw new ExecutorLostError(`cannot reach executor${bad.length > 1 ? 's' : ''} ${bad.join(', ')}`, { locations: urls });
    return new ClusterBackend(urls.map((url, i) => ({
      url, cores: Math.max(1, (healths[i] as PromiseFulfilledResult<HealthJson>).value.cores ?? 1), child: null, pid: null,
    })), opts.secret, opts);
  }

  /** Sum of the cores of live executors. */
  slots(): number {
    return this.executors.reduce((s, e) => s + (e.alive ? e.cores : 0), 0);
  }

  /** One task an executor beyond its cores may wait in its worker pool's queue (pipelining of short tasks). */
  queueDepth(): number {
    return 1;
  }

  /** URLs of live executors. */
  locations(): readonly string[] {
    return this.executors.filter((e) => e.alive).map((e) => e.url);
  }

  /** The executor processes this backend started (empty after connect). */
  processes(): readonly { readonly url: string; readonly pid: number; readonly alive: boolean }[] {
    return this.executors.filter((e) => e.pid !== null).map((e) => ({ url: e.url, pid: e.pid!, alive: e.alive }));
  }

  /** The /v1/health answer of every live executor (load, memory, counters). */
  async executorHealth(): Promise<{ readonly url: string; readonly health: Record<string, unknown> }[]> {
    const live = this.executors.filter((e) => e.alive);
    const hs = await Promise.allSettled(live.map((e) => getHealth(e.url, this.secret, this.tuning.healthTimeoutMs, e.control)));
    return live.flatMap((e, i) => {
      const h = hs[i]!;
      return h.status === 'fulfilled' ? [{ url: e.url, health: h.value as unknown as Record<string, unknown> }] : [];
    });
  }

  /** Calls `fn` when an executor is declared lost. */
  onExecutorLost(fn: (url: string, reason: string) => void): void {
    this.lostListeners.push(fn);
  }

  /** Runs one task on a live executor: `preferred` when it is alive, else the one with the most free slots. */
  async run(task: Task, opts: { readonly preferred?: string; readonly signal?: AbortSignal } = {}): Promise<TaskRunResult> {
    if (this.stopping) throw new CancelledError('the cluster backend is stopped');
    if (opts.signal?.aborted) throw new CancelledError(`task of stage ${task.stageId} partition ${task.partition} was cancelled before it started`);
    const ex = this.pick(opts.preferred);
    if (!ex) throw new ExecutorLostError(`no live executor to run stage ${task.stageId} partition ${task.partition}; lost: ${this.executors.map((e) => e.url).join(', ')}`);
    const what = `stage ${task.stageId} partition ${task.partition} (attempt ${task.attempt}) on executor ${ex.url}`;
    const ac = new AbortController();
    let abortedWith: Error | null = null;
    const abort = (e: Error): void => {
      if (abortedWith) return;
      abortedWith = e;
      ac.abort(e);
    };
    const onUserAbort = (): void => abort(new CancelledError(`task ${what} was cancelled`));
    opts.signal?.addEventListener('abort', onUserAbort, { once: true });
    ex.calls.add(abort);
    ex.running++;
    this.counters.tasksSent++;
    try {
      const body = encodeTaskFrame(task);
      this.counters.requestBytes += body.byteLength;
      let bytes: Uint8Array;
      let status: number;
      try {
        const res = await request(`${ex.url}/v1/tasks`, {
          method: 'POST',
          dispatcher: ex.pool,
          headers: { 'content-type': TASK_FRAME_TYPE, authorization: `Bearer ${this.secret}` },
          body,
          signal: ac.signal,
          headersTimeout: this.tuning.taskTimeoutMs,
          bodyTimeout: this.tuning.taskTimeoutMs,
        });
        status = res.statusCode;
        bytes = new Uint8Array(await res.body.arrayBuffer());
      } catch (e) {
        if (abortedWith) throw abortedWith;
        // The connection failed: most likely the executor died. Check it now rather than at the next beat.
        void this.heartbeat(ex);
        throw new ExecutorLostError(`executor ${ex.url} could not be reached while running ${what}: ${describe(e)}`, { location: ex.url }, { cause: e });
      }
      const kind = task.output.kind;
      this.counters.replyBytes[kind] += bytes.byteLength;
      if (status === 503) {
        void this.heartbeat(ex);
        throw new ExecutorLostError(`executor ${ex.url} is shutting down and did not run ${what}`, { location: ex.url });
      }
      if (status !== 200) {
        const text = new TextDecoder().decode(bytes.subarray(0, 2000));
        throw new InternalError(`executor ${ex.url} answered HTTP ${status} to ${what}: ${text}`, { location: ex.url, status });
      }
      return decodeTaskReply(bytes, ex.url);
    } catch (e) {
      this.counters.tasksFailed++;
      throw e;
    } finally {
      ex.running--;
      ex.calls.delete(abort);
      opts.signal?.removeEventListener('abort', onUserAbort);
    }
  }

  /** Deletes the files of these shuffles on every live executor. */
  async dropShuffles(shuffleIds: readonly number[]): Promise<void> {
    await Promise.allSettled(this.executors.filter((e) => e.alive).flatMap((e) =>
      shuffleIds.map((id) => this.delete(e, `/v1/shuffle/${id}`))));
  }

  /** Drops a cached dataset on every live executor. */
  async dropCache(cacheId: string): Promise<void> {
    await Promise.allSettled(this.executors.filter((e) => e.alive).map((e) => this.delete(e, `/v1/cache/${encodeURIComponent(cacheId)}`)));
  }

  /** Stops heartbeats, cancels calls in flight and terminates the executors it started (SIGTERM, then SIGKILL). Safe twice. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    for (const e of this.executors) {
      if (e.timer) clearTimeout(e.timer);
      e.timer = null;
      for (const abort of [...e.calls]) abort(new CancelledError('the cluster backend is stopping'));
    }
    await Promise.all(this.executors.map(async (e) => {
      e.alive = false;
      await Promise.all([e.pool.destroy().catch(() => {}), e.control.destroy().catch(() => {})]);
      if (e.child) await terminate(e.child, this.tuning.stopGraceMs);
    }));
    if (this.ownedWorkDir) await rm(this.ownedWorkDir, { recursive: true, force: true });
    this.releaseSignals?.();
  }

  private pick(preferred: string | undefined): ExecutorEntry | null {
    const live = this.executors.filter((e) => e.alive);
    if (live.length === 0) return null;
    if (preferred !== undefined) {
      // The task scheduler chose it (it may pipeline one task beyond the executor's cores).
      const p = live.find((e) => e.url === preferred.replace(/\/+$/, ''));
      if (p) return p;
    }
    // The most free slots wins; ties go round robin so equal executors share the work.
    const start = this.rr++ % live.length;
    let best: ExecutorEntry | null = null;
    for (let i = 0; i < live.length; i++) {
      const e = live[(start + i) % live.length]!;
      if (best === null || e.cores - e.running > best.cores - best.running) best = e;
    }
    return best;
  }

  private async delete(e: ExecutorEntry, path: string): Promise<void> {
    const res = await request(`${e.url}${path}`, {
      method: 'DELETE', dispatcher: e.control, headers: { authorization: `Bearer ${this.secret}` },
      headersTimeout: 5000, bodyTimeout: 5000,
    });
    await res.body.dump();
  }

  private scheduleHeartbeat(e: ExecutorEntry): void {
    if (!e.alive || this.stopping) return;
    e.timer = setTimeout(() => {
      e.timer = null;
      void this.heartbeat(e).finally(() => this.scheduleHeartbeat(e));
    }, this.tuning.heartbeatMs);
    e.timer.unref();
  }

  private async heartbeat(e: ExecutorEntry): Promise<void> {
    if (!e.alive || e.checking || this.stopping) return;
    e.checking = true;
    try {
      const h = await getHealth(e.url, this.secret, this.tuning.healthTimeoutMs, e.control);
      e.misses = 0;
      if (typeof h.cores === 'number' && h.cores > 0) e.cores = h.cores;
    } catch (err) {
      e.misses++;
      const refused = (err as { code?: string }).code === 'ECONNREFUSED';
      if (refused || e.misses >= this.tuning.maxMissedHeartbeats) {
        this.markLost(e, refused ? `it refuses connections (${describe(err)})` : `it missed ${e.misses} heartbeats (${describe(err)})`);
      }
    } finally {
      e.checking = false;
    }
  }

  private markLost(e: ExecutorEntry, reason: string): void {
    if (!e.alive || this.stopping) return;
    e.alive = false;
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    const err = new ExecutorLostError(`executor ${e.url} was lost: ${reason}`, { location: e.url });
    for (const abort of [...e.calls]) abort(err);
    void e.pool.destroy().catch(() => {});
    void e.control.destroy().catch(() => {});
    // A local child that stopped answering is not coming back: make sure it is gone.
    if (e.child && e.child.exitCode === null && e.child.signalCode === null) e.child.kill('SIGKILL');
    for (const fn of this.lostListeners) {
      try {
        fn(e.url, reason);
      } catch {
        // A listener's failure must not stop the others.
      }
    }
  }
}

/** An executor that speaks another wire protocol: not a network failure, so connect names it alone. */
class WireProtocolMismatch extends Error {}

async function getHealth(url: string, secret: string, timeoutMs: number, dispatcher?: Pool): Promise<HealthJson> {
  const res = await request(`${url}/v1/health`, {
    method: 'GET', headers: { authorization: `Bearer ${secret}` },
    headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs),
    ...(dispatcher ? { dispatcher } : {}),
  });
  if (res.statusCode !== 200) {
    const text = await res.body.text().catch(() => '');
    throw new Error(`health answered HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
  }
  const h = (await res.body.json()) as HealthJson;
  if (!h || h.ok !== true) throw new Error('health did not say ok');
  if (h.protocol !== WIRE_PROTOCOL) {
    // Tasks of one version mean nothing to the other: refuse at connect, naming both.
    const theirs = h.protocol === undefined ? '1 (it announces no version)' : String(h.protocol);
    throw new WireProtocolMismatch(`executor ${url} speaks rondo wire protocol ${theirs}, this driver speaks ${WIRE_PROTOCOL}`);
  }
  return h;
}

function describe(e: unknown): string {
  const err = e as { message?: string; code?: string; cause?: { message?: string; code?: string } };
  const parts = [err?.code, err?.message ?? String(e), err?.cause?.message].filter((x) => x !== undefined && x !== '');
  return parts.join(': ');
}

/** SIGTERM, then SIGKILL after `graceMs` (at once for 0); resolves once the child is gone. */
function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    if (graceMs > 0) child.kill('SIGTERM');
  });
}
