/**
 * The DAG scheduler of one job: runs a StageGraph. A stage runs when its parents' shuffles are
 * complete, so independent stages run side by side; a range-partitioned output first runs a
 * sampling pass and computes its bounds; failed tasks are retried (not the deterministic
 * ones); a FetchFailed forgets the lost map outputs and recomputes only those map tasks before
 * the failed stage goes on; an executor lost forgets everything it held.
 */
import { setMaxListeners, type EventEmitter } from 'node:events';
import {
  CancelledError, ExecutorLostError, FetchFailedError, InternalError, RondoError, TaskFailedError, isDeterministic,
} from '../engine/errors.js';
import type { SortKey } from '../engine/expr.js';
import type { Partitioning, PhysicalNode, ShuffleInput, Task, TaskConf, TaskOutput } from '../engine/plan.js';
import { computeRangeBounds } from '../engine/shuffle/index.js';
import { readsOnlyShuffles, specializeForPartition } from '../planner/index.js';
import type { Stage, StageGraph } from '../planner/stage-graph.js';
import type { TaskBackend, TaskRunResult } from './backend.js';
import { CacheLostError } from './cache-registry.js';
import type { DriverEvents, JobKind } from './events.js';
import type { LostMapOutput, MapOutputTracker } from './map-output-tracker.js';
import { cachedSplitsOf, shuffleIdsOf, shuffleReadsOf } from './plan-walk.js';
import type { TaskOutcome, TaskScheduler } from './task-scheduler.js';

/** What a job needs from its driver. */
export interface JobContext {
  readonly backend: TaskBackend;
  readonly scheduler: TaskScheduler;
  readonly tracker: MapOutputTracker;
  readonly events: EventEmitter;
  readonly maxTaskAttempts: number;
  readonly taskConf: TaskConf;
  /** Forgets what is held at locations the backend no longer lists (an executor declared lost between tasks). */
  readonly reconcile: () => LostMapOutput[];
  /** True when partition `partition` of a cache is still known to live at `location`. */
  readonly cacheHeld: (cacheId: string, partition: number, location: string) => boolean;
  /** An executor is gone (or a location could not be reached): forget what it held. */
  readonly onLocationLost: (location: string | undefined) => LostMapOutput[];
}

/** One job to run. */
export interface JobSpec {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly graph: StageGraph;
  /** What the result stage's tasks do: result, write or cache. */
  readonly resultOutput: TaskOutput;
  readonly signal?: AbortSignal;
  /** Each result-stage partition's outcome, once; throwing fails the job with that error. */
  readonly onResult: (partition: number, result: TaskRunResult) => void;
  /**
   * When set, a result stage of 'result' output that reads only shuffles runs one task per
   * group of consecutive reduce partitions of at most this many bytes (see planGroups).
   */
  readonly coalesceBytes?: number;
}

/** Coalesced tasks take at least this much input while there is more than one group's worth. */
const MIN_COALESCED_BYTES = 1024 * 1024;

type Phase = 'sample' | 'main';

interface StageState {
  readonly stage: Stage;
  /** The shuffle this stage writes, if any. */
  readonly shuffleId: number | undefined;
  /** The output partitioning, with its range bounds once known. */
  partitioning: Partitioning | undefined;
  /** Sample IPC per partition while the range bounds are not known. */
  samples: (Uint8Array | undefined)[] | undefined;
  /** Result stage: partitions done. */
  readonly resultDone: boolean[];
  /** Result stage: the reduce partitions each leading partition's task reads (decided once, when it starts). */
  groups: Map<number, readonly number[]> | undefined;
  /** Keys `${phase}:${partition}` of tasks in flight. */
  readonly running: Set<string>;
  /** Attempts made per key (the Task's `attempt` field). */
  readonly attempts: Map<string, number>;
  /** Failures counted against maxTaskAttempts per key. */
  readonly failures: Map<string, number>;
  /** FetchFailed per key (a separate budget of maxTaskAttempts). */
  readonly fetchFailures: Map<string, number>;
  /** Where each key last failed. */
  readonly failedAt: Map<string, string>;
  rows: number;
  bytes: number;
  complete: boolean;
}

/** Upper bound of sampled rows per map task (Spark: 3 × min(20 × partitions, 1e6) / map tasks). */
function sampleSize(reducePartitions: number, mapPartitions: number): number {
  return Math.max(1, Math.ceil((3 * Math.min(20 * reducePartitions, 1e6)) / Math.max(1, mapPartitions)));
}

/** How long a finished job waits for its cancelled tasks to settle before cleaning up. */
const SETTLE_MS = 2000;

/** Runs a job to completion; resolves when every result partition is done, rejects with the job's error. */
export function runJob(ctx: JobContext, spec: JobSpec): Promise<void> {
  return new JobRun(ctx, spec).run();
}

class JobRun {
  private readonly states: StageState[];
  private readonly byId = new Map<number, StageState>();
  private readonly children = new Map<number, number[]>();
  private readonly result: StageState;
  private readonly abort = new AbortController();
  private readonly inflight = new Set<Promise<void>>();
  private settled = false;
  private resolve!: () => void;
  private reject!: (e: unknown) => void;
  private readonly t0 = performance.now();

  constructor(private readonly ctx: JobContext, private readonly spec: JobSpec) {
    // Every queued task listens to the job's signal: many tasks are not a leak.
    setMaxListeners(0, this.abort.signal);
    this.states = spec.graph.stages.map((stage) => {
      const out = stage.output;
      const st: StageState = {
        stage,
        shuffleId: out.kind === 'shuffle' ? out.shuffleId : undefined,
        partitioning: out.kind === 'shuffle' ? out.partitioning : undefined,
        samples: out.kind === 'shuffle' && out.partitioning.kind === 'range' && out.partitioning.bounds === undefined
          ? new Array<Uint8Array | undefined>(stage.partitions).fill(undefined) : undefined,
        resultDone: new Array<boolean>(out.kind === 'result' ? stage.partitions : 0).fill(false),
        groups: undefined,
        running: new Set(), attempts: new Map(), failures: new Map(), fetchFailures: new Map(), failedAt: new Map(),
        rows: 0, bytes: 0, complete: false,
      };
      this.byId.set(stage.id, st);
      return st;
    });
    for (const st of this.states) {
      for (const p of st.stage.parents) {
        if (!this.byId.has(p)) throw new InternalError(`stage ${st.stage.id} of job ${spec.jobId} has unknown parent ${p}`);
        this.children.set(p, [...(this.children.get(p) ?? []), st.stage.id]);
      }
    }
    const result = this.byId.get(spec.graph.resultStage);
    if (!result || result.stage.output.kind !== 'result') {
      throw new InternalError(`job ${spec.jobId}: result stage ${spec.graph.resultStage} is missing or does not output a result`);
    }
    this.result = result;
  }

  run(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.emit('jobStart', {
        jobId: this.spec.jobId,
        kind: this.spec.kind,
        stages: this.states.map((s) => ({ stageId: s.stage.id, tasks: s.stage.partitions, parents: s.stage.parents, output: s.stage.output.kind })),
      });
      const signal = this.spec.signal;
      if (signal?.aborted) { this.fail(new CancelledError(`job ${this.spec.jobId} was cancelled`)); return; }
      signal?.addEventListener('abort', this.onAbort, { once: true });
      try {
        for (const st of this.states) if (st.shuffleId !== undefined) this.ctx.tracker.registerShuffle(st.shuffleId, st.stage.partitions);
        this.pump();
      } catch (e) {
        this.fail(e);
      }
    });
  }

  private readonly onAbort = (): void => this.fail(new CancelledError(`job ${this.spec.jobId} was cancelled`));

  // ---- state queries ----

  private phaseOf(st: StageState): Phase {
    return st.samples !== undefined ? 'sample' : 'main';
  }

  private missing(st: StageState, phase: Phase): number[] {
    if (phase === 'sample') {
      const out: number[] = [];
      st.samples!.forEach((s, p) => { if (s === undefined) out.push(p); });
      return out;
    }
    if (st.shuffleId !== undefined) return this.ctx.tracker.missing(st.shuffleId);
    const out: number[] = [];
    st.resultDone.forEach((d, p) => { if (!d) out.push(p); });
    return out;
  }

  private isComplete(st: StageState): boolean {
    return this.phaseOf(st) === 'main' && this.missing(st, 'main').length === 0;
  }

  // ---- scheduling ----

  /** Submits every task that can run now; finishes the job when the result stage is done. */
  private pump(): void {
    if (this.settled) return;
    const gone = this.ctx.reconcile();
    if (gone.length > 0) this.emit('mapOutputsLost', { jobId: this.spec.jobId, lost: gone });
    for (const st of this.states) this.noteCompletion(st);
    if (this.isComplete(this.result)) { this.finish(); return; }
    // A stage is needed when it is not complete and the result stage (transitively) waits on it.
    const needed = new Set<number>();
    for (let i = this.states.length - 1; i >= 0; i--) {
      const st = this.states[i];
      if (this.isComplete(st)) continue;
      if (st === this.result || (this.children.get(st.stage.id) ?? []).some((c) => needed.has(c))) needed.add(st.stage.id);
    }
    for (const st of this.states) {
      if (!needed.has(st.stage.id)) continue;
      if (!st.stage.parents.every((p) => this.isComplete(this.byId.get(p)!))) continue;
      const phase = this.phaseOf(st);
      if (phase === 'sample' && this.missing(st, 'sample').length === 0 && st.running.size === 0) {
        this.computeBounds(st);
        if (this.settled) return;
        this.pump();
        return;
      }
      if (st === this.result && st.groups === undefined) this.planGroups(st);
      let n = 0;
      for (const p of this.missing(st, phase)) {
        if (st.running.has(`${phase}:${p}`)) continue;
        this.submit(st, phase, p);
        if (this.settled) return;
        n++;
      }
      if (n > 0) this.emit('stageSubmitted', { jobId: this.spec.jobId, stageId: st.stage.id, tasks: n, phase });
    }
    if (this.inflight.size === 0 && !this.settled) {
      this.fail(new InternalError(`job ${this.spec.jobId} cannot make progress: no task runs and the result stage is not complete`));
    }
  }

  /**
   * Adaptive coalescing (Spark's AQE coalescePartitions), decided once when the result stage
   * starts: its parents are done, so the tracker knows every reduce partition's bytes.
   * Consecutive partitions are grouped up to a target of min(coalesceBytes, max(1 MiB, total /
   * slots)) bytes; each group's first partition runs one task that reads the whole group, and
   * the others are done at once, empty. Their rows arrive in the same order, so a collect is
   * unchanged — one task instead of eight for an aggregate of a hundred groups.
   */
  private planGroups(st: StageState): void {
    st.groups = new Map();
    const target = this.spec.coalesceBytes;
    const n = st.stage.partitions;
    if (target === undefined || this.spec.resultOutput.kind !== 'result' || n <= 1 || !readsOnlyShuffles(st.stage.plan, n)) return;
    const bytes = new Array<number>(n).fill(0);
    for (const r of shuffleReadsOf(st.stage.plan)) {
      if (r.broadcast) continue;
      this.ctx.tracker.partitionBytes(r.shuffleId, n).forEach((b, i) => { bytes[i]! += b; });
    }
    const total = bytes.reduce((a, b) => a + b, 0);
    const size = Math.min(target, Math.max(MIN_COALESCED_BYTES, Math.ceil(total / Math.max(1, this.ctx.backend.slots()))));
    const groups: number[][] = [];
    let cur: number[] = [];
    let curBytes = 0;
    for (let r = 0; r < n; r++) {
      if (cur.length > 0 && curBytes + bytes[r]! > size) {
        groups.push(cur);
        cur = [];
        curBytes = 0;
      }
      cur.push(r);
      curBytes += bytes[r]!;
    }
    groups.push(cur);
    if (groups.length === n) return;
    for (const g of groups) {
      if (g.length === 1) continue;
      st.groups.set(g[0]!, g);
      for (const m of g.slice(1)) {
        st.resultDone[m] = true;
        this.spec.onResult(m, { kind: 'result', ipc: new Uint8Array(0), rows: 0, location: '' });
      }
    }
    this.emit('stageCoalesced', { jobId: this.spec.jobId, stageId: st.stage.id, partitions: n, tasks: groups.length });
  }

  /** Emits stageCompleted when a stage turns complete. */
  private noteCompletion(st: StageState): void {
    const now = this.isComplete(st);
    if (now && !st.complete) {
      this.emit('stageCompleted', { jobId: this.spec.jobId, stageId: st.stage.id, rows: st.rows, bytes: st.bytes });
    }
    st.complete = now;
  }

  private computeBounds(st: StageState): void {
    const p = st.partitioning as Extract<Partitioning, { kind: 'range' }>;
    // The sample holds the evaluated sort keys as columns 0..k-1: rebind the keys to them.
    const keys: SortKey[] = p.keys.map((k, i) => ({ ...k, expr: { kind: 'col', index: i, type: k.expr.type, name: `k${i}` } }));
    try {
      const bounds = computeRangeBounds(st.samples as Uint8Array[], keys, p.partitions);
      st.partitioning = { ...p, bounds };
      st.samples = undefined;
    } catch (e) {
      this.fail(e instanceof RondoError ? e : new InternalError(`stage ${st.stage.id}: range bounds failed: ${(e as Error).message}`, {}, { cause: e }));
    }
  }

  private taskFor(st: StageState, phase: Phase, partition: number, plan: PhysicalNode, attempt: number): Task {
    let output: TaskOutput;
    if (phase === 'sample') {
      const p = st.partitioning as Extract<Partitioning, { kind: 'range' }>;
      output = { kind: 'sample', keys: p.keys, size: sampleSize(p.partitions, st.stage.partitions) };
    } else if (st.shuffleId !== undefined) {
      output = { kind: 'shuffle', shuffleId: st.shuffleId, partitioning: st.partitioning! };
    } else {
      output = this.spec.resultOutput;
    }
    return {
      jobId: this.spec.jobId,
      stageId: st.stage.id,
      partition,
      attempt,
      plan,
      inputs: shuffleInputsOf(plan, this.ctx.tracker),
      output,
      conf: this.ctx.taskConf,
    };
  }

  /** Locations by preference: a cached partition's holder first, then most shuffle input bytes. */
  private preferredLocations(plan: PhysicalNode): { preferred: string[]; pinned: boolean } {
    const splits = cachedSplitsOf(plan);
    const lost = splits.find((s) => !this.ctx.cacheHeld(s.cacheId, s.partition, s.location));
    if (lost !== undefined) {
      throw new CacheLostError(
        `partition ${lost.partition} of cache ${lost.cacheId} was held at ${lost.location}, which is gone`,
        { cacheId: lost.cacheId, partition: lost.partition, location: lost.location },
      );
    }
    const cached = splits.map((s) => s.location);
    const bytes = new Map<string, number>();
    for (const r of shuffleReadsOf(plan)) {
      if (r.reduce && this.ctx.tracker.has(r.shuffleId)) this.ctx.tracker.bytesByLocation(r.shuffleId, r.reduce, bytes);
    }
    const byBytes = [...bytes].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]).map(([l]) => l);
    return { preferred: [...new Set([...cached, ...byBytes])], pinned: cached.length > 0 };
  }

  private submit(st: StageState, phase: Phase, partition: number): void {
    const key = `${phase}:${partition}`;
    let task: Task;
    let preferred: string[];
    let pinned: boolean;
    try {
      const plan = specializeForPartition(st.stage.plan, partition, st.groups?.get(partition));
      ({ preferred, pinned } = this.preferredLocations(plan));
      const attempt = st.attempts.get(key) ?? 0;
      st.attempts.set(key, attempt + 1);
      task = this.taskFor(st, phase, partition, plan, attempt);
    } catch (e) {
      this.fail(e);
      return;
    }
    st.running.add(key);
    const avoid = st.failedAt.get(key);
    const p = this.ctx.scheduler
      .submit({ task, preferred, pinned, ...(avoid !== undefined ? { avoid } : {}), signal: this.abort.signal })
      .then((o) => {
        st.running.delete(key);
        this.inflight.delete(p);
        if (!this.settled) this.onOutcome(st, phase, task, o);
      });
    this.inflight.add(p);
  }

  private onOutcome(st: StageState, phase: Phase, task: Task, o: TaskOutcome): void {
    try {
      if (o.ok) this.onSuccess(st, phase, task, o.result, o.ms);
      else this.onFailure(st, phase, task, o.error, o.location);
      this.pump();
    } catch (e) {
      this.fail(e);
    }
  }

  private onSuccess(st: StageState, phase: Phase, task: Task, r: TaskRunResult, ms: number): void {
    const partition = task.partition;
    const want = phase === 'sample' ? 'sample' : task.output.kind;
    if (r.kind !== want) throw new InternalError(`stage ${st.stage.id}, partition ${partition}: expected a ${want} result, got ${r.kind}`);
    let bytes = 0;
    switch (r.kind) {
      case 'sample':
        bytes = r.ipc.byteLength;
        if (st.samples) st.samples[partition] = r.ipc;
        break;
      case 'shuffle':
        bytes = r.sizes.reduce((a, b) => a + b, 0);
        this.ctx.tracker.registerMapOutput(st.shuffleId!, partition, r.location, r.sizes);
        break;
      case 'result':
      case 'cache':
      case 'write':
        bytes = r.kind === 'result' ? r.ipc.byteLength : r.kind === 'cache' ? r.bytes : 0;
        if (st.resultDone[partition]) return;
        st.resultDone[partition] = true;
        this.spec.onResult(partition, r);
        break;
    }
    if (phase === 'main') { st.rows += r.rows; st.bytes += bytes; }
    this.emit('taskEnd', {
      jobId: this.spec.jobId, stageId: st.stage.id, partition, attempt: task.attempt, phase, rows: r.rows, bytes, location: r.location, ms,
    });
  }

  private onFailure(st: StageState, phase: Phase, task: Task, error: unknown, location: string | undefined): void {
    const key = `${phase}:${task.partition}`;
    const root = rootCause(error);
    const max = this.ctx.maxTaskAttempts;
    const failed = (willRetry: boolean): void => this.emit('taskFailed', {
      jobId: this.spec.jobId, stageId: st.stage.id, partition: task.partition, attempt: task.attempt, phase, location,
      error: root instanceof Error ? root : new Error(String(root)), willRetry,
    });
    if (this.spec.signal?.aborted || this.abort.signal.aborted) return;
    if (root instanceof FetchFailedError) {
      const n = (st.fetchFailures.get(key) ?? 0) + 1;
      st.fetchFailures.set(key, n);
      failed(n < max);
      if (n >= max) { this.fail(taskFailedError(this.spec.jobId, st.stage.id, task.partition, n, root)); return; }
      // The map outputs at that location are gone: forget them (and the one named), so the
      // parent stage reruns only those map tasks before this stage's remaining tasks go on.
      const lost = [
        ...this.ctx.tracker.unregisterMapOutput(root.shuffleId, root.mapPartition),
        ...this.ctx.tracker.removeLocation(root.location),
      ];
      if (lost.length > 0) this.emit('mapOutputsLost', { jobId: this.spec.jobId, lost });
      return;
    }
    if (root instanceof ExecutorLostError) {
      const where = typeof root.details.location === 'string' ? root.details.location : location;
      const lost = this.ctx.onLocationLost(where);
      if (lost.length > 0) this.emit('mapOutputsLost', { jobId: this.spec.jobId, lost });
    }
    const deterministic = isDeterministic(root);
    const n = (st.failures.get(key) ?? 0) + 1;
    st.failures.set(key, n);
    const retry = !deterministic && n < max;
    failed(retry);
    if (!retry) { this.fail(taskFailedError(this.spec.jobId, st.stage.id, task.partition, n, root)); return; }
    if (location !== undefined) st.failedAt.set(key, location);
  }

  // ---- settling ----

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.spec.signal?.removeEventListener('abort', this.onAbort);
    this.emit('jobEnd', { jobId: this.spec.jobId, ok: true, ms: performance.now() - this.t0 });
    this.resolve();
  }

  private fail(e: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.spec.signal?.removeEventListener('abort', this.onAbort);
    this.abort.abort();
    const error = e instanceof Error ? e : new InternalError(String(e));
    // Let the cancelled tasks settle (bounded), so what they leave behind is dropped with the job.
    const pending = [...this.inflight];
    const timeout = new Promise<void>((r) => setTimeout(r, SETTLE_MS).unref());
    void Promise.race([Promise.allSettled(pending), timeout]).then(() => {
      this.emit('jobEnd', { jobId: this.spec.jobId, ok: false, ms: performance.now() - this.t0, error });
      this.reject(error);
    });
  }

  private emit<K extends keyof DriverEvents>(name: K, payload: DriverEvents[K]): void {
    try {
      this.ctx.events.emit(name, payload);
    } catch {
      // A listener that throws must not break the scheduler.
    }
  }
}

/** The error behind TaskFailedError wrappers (an executor may wrap what a task threw). */
export function rootCause(e: unknown): unknown {
  let cur = e;
  while (cur instanceof TaskFailedError && (cur as { cause?: unknown }).cause !== undefined) cur = (cur as { cause?: unknown }).cause;
  return cur;
}

/**
 * The shuffle inputs of a specialized plan: per shuffle read, only the reduce partitions the
 * task reads (every one when some read of that shuffle names none).
 */
function shuffleInputsOf(plan: PhysicalNode, tracker: MapOutputTracker): ShuffleInput[] {
  const reduces = new Map<number, Set<number> | null>();
  for (const r of shuffleReadsOf(plan)) {
    const cur = reduces.get(r.shuffleId);
    if (cur === null) continue;
    if (r.reduce === null) { reduces.set(r.shuffleId, null); continue; }
    const set = cur ?? new Set<number>();
    for (const p of r.reduce) set.add(p);
    reduces.set(r.shuffleId, set);
  }
  return shuffleIdsOf(plan).map((id) => {
    const set = reduces.get(id);
    return tracker.inputFor(id, set ? [...set].sort((a, b) => a - b) : undefined);
  });
}

/** The job's error for a task that failed for good: what, where, the remote stack, the original as cause. */
export function taskFailedError(jobId: string, stageId: number, partition: number, attempts: number, cause: unknown): TaskFailedError {
  const err = cause instanceof Error ? cause : new Error(String(cause));
  const stack = err.stack ?? `${err.name}: ${err.message}`;
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  return new TaskFailedError(
    `task failed in stage ${stageId}, partition ${partition} (job ${jobId}, ${tries}): ${err.message}\nremote stack:\n${stack}`,
    { jobId, stageId, partition, attempts, error: err.name, remoteStack: stack },
    { cause: err },
  );
}
