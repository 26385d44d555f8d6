/**
 * The Driver: runs a user's query. A LogicalPlan is analyzed, optimized, planned and cut into
 * stages; caches not yet materialized are computed first as their own jobs; then the job runs
 * on the backend through the DAG scheduler (job-run.ts) and the shared task scheduler.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { decodeIpc } from '../engine/arrow/index.js';
import type { Batch } from '../engine/batch.js';
import { AnalysisError, CancelledError, InternalError, ResultTooLargeError } from '../engine/errors.js';
import { abortWrite, commitWrite, prepareWrite, writeFiles } from '../engine/io/index.js';
import type { TaskOutput } from '../engine/plan.js';
import { writeFileStem } from '../engine/run-task.js';
import type { Schema } from '../engine/types.js';
import {
  analyze, createPhysicalPlan, cutStages, explain as explainPlan, findUncachedCaches, optimize, schemaOf,
} from '../planner/index.js';
import type { LogicalPlan } from '../planner/logical.js';
import type { PlannerConf, StageGraph } from '../planner/stage-graph.js';
import type { TaskBackend, TaskRunResult } from './backend.js';
import { CacheLostError, CacheRegistry } from './cache-registry.js';
import type { SessionConf } from './conf.js';
import type { JobKind } from './events.js';
import { runJob } from './job-run.js';
import { MapOutputTracker, type LostMapOutput } from './map-output-tracker.js';
import { TaskScheduler } from './task-scheduler.js';

/** The file formats a Dataset can be written as. */
export type WriteFormat = 'csv' | 'json' | 'arrow' | 'parquet';

/** Options of a write. */
export interface WriteOptions {
  readonly mode: 'error' | 'overwrite' | 'append';
  readonly partitionBy: readonly string[];
}

/** Sections of explain's text, by mode. */
const EXPLAIN_MODES: Record<string, readonly string[] | null> = {
  extended: null,
  all: null,
  simple: ['Physical Plan'],
  physical: ['Physical Plan'],
  parsed: ['Parsed Logical Plan'],
  logical: ['Parsed Logical Plan'],
  optimized: ['Optimized Logical Plan'],
  stages: ['Stages'],
};

/** Runs queries of one session on a TaskBackend. */
export class Driver {
  /** Progress events; see DriverEvents in events.ts for the payloads. */
  readonly events = new EventEmitter();
  private readonly tracker = new MapOutputTracker();
  private readonly caches = new CacheRegistry();
  private readonly scheduler: TaskScheduler;
  private readonly session = new AbortController();
  private readonly cacheJobs = new Map<string, Promise<void>>();
  private readonly everLive = new Set<string>();
  private nextShuffle = 0;
  private nextJob = 0;
  private stopping: Promise<void> | undefined;

  /**
   * @param backend What runs the tasks (read-only here: tests and benchmarks inspect its counters).
   * @param opts.clock Milliseconds for task durations (default performance.now; tests inject one).
   */
  constructor(readonly backend: TaskBackend, readonly conf: SessionConf, opts: { readonly clock?: () => number } = {}) {
    this.scheduler = new TaskScheduler(backend, opts.clock);
    // A CLI, a UI and tests may all listen: more than Node's default of 10 is not a leak.
    this.events.setMaxListeners(100);
  }

  /** Runs the query and brings its result back as batches, partitions in order. */
  async collect(plan: LogicalPlan, opts: { signal?: AbortSignal } = {}): Promise<{ schema: Schema; batches: Batch[] }> {
    this.checkRunning();
    const optimized = optimize(analyze(plan));
    return this.withCacheRetry(async () => {
      const signal = this.jobSignal(opts.signal);
      await this.materializeCaches(optimized, signal);
      const graph = await this.stagesOf(optimized);
      const stage = graph.stages.find((s) => s.id === graph.resultStage);
      if (!stage) throw new InternalError(`result stage ${graph.resultStage} is missing`);
      const jobId = this.newJobId();
      const ipcs: Uint8Array[] = new Array<Uint8Array>(stage.partitions);
      const counts: number[] = new Array<number>(stage.partitions).fill(0);
      const limit = this.conf.maxResultBytes;
      let total = 0;
      let done = 0;
      await this.run(jobId, 'collect', graph, { kind: 'result' }, signal, (p, r) => {
        if (r.kind !== 'result') throw new InternalError(`partition ${p} of job ${jobId} gave a ${r.kind} result`);
        total += r.ipc.byteLength;
        done++;
        if (total > limit) {
          throw new ResultTooLargeError(
            `the result of job ${jobId} is larger than maxResultBytes (${limit} bytes): ${total} bytes after ${done} of ${stage.partitions} partitions; `
            + 'raise the conf key "maxResultBytes", or write the result to files instead of collecting it',
            { jobId, bytes: total, maxResultBytes: limit, key: 'maxResultBytes' },
          );
        }
        ipcs[p] = r.ipc;
        counts[p] = r.rows;
      });
      const batches: Batch[] = [];
      ipcs.forEach((ipc, p) => {
        let n = 0;
        if (ipc !== undefined && ipc.byteLength > 0) for (const b of decodeIpc(ipc).batches) { batches.push(b); n += b.length; }
        // A result must never lose rows silently on its way back.
        if (n !== counts[p]) throw new InternalError(`partition ${p} of job ${jobId}: the task reported ${counts[p]} rows, its result decodes to ${n}`);
      });
      return { schema: stage.plan.schema, batches };
    });
  }

  /** Writes the query's rows as files under `path` (staged, then committed); returns the files written and the rows. */
  async write(plan: LogicalPlan, format: WriteFormat, path: string, opts: WriteOptions): Promise<{ files: string[]; rows: number }> {
    this.checkRunning();
    const analyzed = analyze(plan);
    const names = schemaOf(analyzed).map((f) => f.name);
    for (const c of opts.partitionBy) {
      if (!names.includes(c)) {
        throw new AnalysisError(`partitionBy column "${c}" does not exist; columns: ${names.join(', ')}`, { column: c, columns: names });
      }
    }
    if (opts.partitionBy.length > 0 && opts.partitionBy.length >= names.length) {
      throw new AnalysisError(`cannot write all columns (${names.join(', ')}) as partitionBy columns: no column would be left in the files`);
    }
    const optimized = optimize(analyzed);
    return this.withCacheRetry(async () => {
      const signal = this.jobSignal(undefined);
      await this.materializeCaches(optimized, signal);
      const graph = await this.stagesOf(optimized);
      const jobId = this.newJobId();
      const staging = await prepareWrite(path, opts.mode, jobId);
      try {
        const files: string[][] = [];
        let rows = 0;
        const output: TaskOutput = { kind: 'write', format, dir: staging, partitionBy: [...opts.partitionBy] };
        await this.run(jobId, 'write', graph, output, signal, (p, r) => {
          if (r.kind !== 'write') throw new InternalError(`partition ${p} of job ${jobId} gave a ${r.kind} result`);
          files[p] = [...r.files];
          rows += r.rows;
        });
        // Empty partitions write no file; an entirely empty result still gets one, with the
        // header or schema (as Spark's), so the folder can be read back.
        if (rows === 0 && opts.partitionBy.length === 0) {
          const schema = graph.stages.find((s) => s.id === graph.resultStage)!.plan.schema;
          files[0] = (await writeFiles(format, staging, writeFileStem(0, jobId), schema, noBatches(), [], true)).files;
        }
        await commitWrite(path, staging, opts.mode);
        return { files: files.flat().filter((f) => f !== undefined).map((f) => join(path, f)), rows };
      } catch (e) {
        await abortWrite(staging).catch(() => undefined);
        throw e;
      }
    });
  }

  /**
   * The plans of a query as text. `mode` picks sections: undefined, 'extended' or 'all' give
   * all four; 'simple'/'physical', 'parsed'/'logical', 'optimized' and 'stages' give one.
   */
  async explain(plan: LogicalPlan, mode?: string): Promise<string> {
    const sections = mode === undefined ? null : EXPLAIN_MODES[mode];
    if (sections === undefined) {
      throw new AnalysisError(`unknown explain mode "${mode}"; modes: ${Object.keys(EXPLAIN_MODES).join(', ')}`, { mode });
    }
    // A private shuffle counter: explain's text must not depend on what ran before.
    let n = 0;
    const text = await explainPlan(plan, this.plannerConf(), this.planContext(), () => n++);
    return sections === null ? text : pickSections(text, sections);
  }

  /** Forgets a cached Dataset and drops its partitions everywhere. */
  async unpersist(cacheId: string): Promise<void> {
    this.caches.delete(cacheId);
    if (!this.stopping) await this.backend.dropCache(cacheId);
  }

  /** Cancels running jobs and stops the backend. Safe to call twice. */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.session.abort();
      this.scheduler.close();
      this.stopping = this.backend.stop();
    }
    return this.stopping;
  }

  // ---- internals ----

  private checkRunning(): void {
    if (this.stopping) throw new CancelledError('the session is stopped');
  }

  private plannerConf(): PlannerConf {
    return {
      shufflePartitions: this.conf.shufflePartitions,
      broadcastThresholdBytes: this.conf.broadcastThresholdBytes,
      maxSplitBytes: this.conf.maxSplitBytes,
    };
  }

  private planContext(): { cacheLocations(cacheId: string): readonly string[] | undefined } {
    return { cacheLocations: (id) => (this.isCached(id) ? this.caches.get(id) : undefined) };
  }

  private isCached(cacheId: string): boolean {
    return this.caches.isCached(cacheId, this.backend.locations());
  }

  private async stagesOf(optimized: LogicalPlan): Promise<StageGraph> {
    const physical = await createPhysicalPlan(optimized, this.plannerConf(), this.planContext());
    return cutStages(physical, () => this.nextShuffle++);
  }

  private newJobId(): string {
    return `${this.nextJob++}-${randomUUID().slice(0, 8)}`;
  }

  /** The user's signal joined with the session's (stop cancels every job). */
  private jobSignal(user: AbortSignal | undefined): AbortSignal {
    return user ? AbortSignal.any([user, this.session.signal]) : this.session.signal;
  }

  /** Computes every cache the plan reads that is not materialized, innermost first. */
  private async materializeCaches(optimized: LogicalPlan, signal: AbortSignal): Promise<void> {
    for (const node of findUncachedCaches(optimized, (id) => this.isCached(id))) {
      if (node.node !== 'cache') throw new InternalError(`findUncachedCaches gave a ${node.node} node`);
      if (this.isCached(node.cacheId)) continue;
      let job = this.cacheJobs.get(node.cacheId);
      if (!job) {
        job = this.materializeCache(node.input, node.cacheId, signal).finally(() => this.cacheJobs.delete(node.cacheId));
        this.cacheJobs.set(node.cacheId, job);
      }
      await job;
    }
  }

  private async materializeCache(input: LogicalPlan, cacheId: string, signal: AbortSignal): Promise<void> {
    const graph = await this.stagesOf(input);
    const stage = graph.stages.find((s) => s.id === graph.resultStage)!;
    const locations = new Array<string>(stage.partitions);
    await this.run(this.newJobId(), 'cache', graph, { kind: 'cache', cacheId }, signal, (p, r) => {
      if (r.kind !== 'cache') throw new InternalError(`partition ${p} of cache ${cacheId} gave a ${r.kind} result`);
      locations[p] = r.location;
    });
    this.caches.set(cacheId, locations);
  }

  /** Runs one job, then drops its shuffles. */
  private async run(
    jobId: string, kind: JobKind, graph: StageGraph, resultOutput: TaskOutput, signal: AbortSignal,
    onResult: (partition: number, r: TaskRunResult) => void,
  ): Promise<void> {
    const shuffleIds = graph.stages.flatMap((s) => (s.output.kind === 'shuffle' ? [s.output.shuffleId] : []));
    try {
      await runJob({
        backend: this.backend,
        scheduler: this.scheduler,
        tracker: this.tracker,
        events: this.events,
        maxTaskAttempts: this.conf.maxTaskAttempts,
        taskConf: { batchSize: this.conf.batchSize, bigint: this.conf.bigint },
        onLocationLost: (loc) => this.locationLost(loc),
        reconcile: () => this.reconcile(),
        cacheHeld: (id, p, loc) => this.caches.get(id)?.[p] === loc && this.backend.locations().includes(loc),
      }, { jobId, kind, graph, resultOutput, signal, onResult, ...(this.conf.coalescePartitions ? { coalesceBytes: this.conf.advisoryPartitionBytes } : {}) });
    } finally {
      for (const id of shuffleIds) this.tracker.unregisterShuffle(id);
      if (shuffleIds.length > 0 && !this.stopping) await this.backend.dropShuffles(shuffleIds).catch(() => undefined);
    }
  }

  /** An executor is gone: forget its map outputs and cached partitions (and those of any other location no longer listed). */
  private locationLost(location: string | undefined): LostMapOutput[] {
    const lost: LostMapOutput[] = [];
    if (location !== undefined) {
      lost.push(...this.tracker.removeLocation(location));
      this.caches.removeLocation(location);
    }
    lost.push(...this.reconcile());
    return lost;
  }

  /**
   * Forgets map outputs and caches held at locations the backend listed once but no longer
   * does (an executor declared lost by its heartbeat while none of our tasks ran there). A
   * location never listed is left alone, so a backend whose result locations are spelled
   * differently cannot make the scheduler recompute forever.
   */
  private reconcile(): LostMapOutput[] {
    const live = this.backend.locations();
    for (const l of live) this.everLive.add(l);
    const liveSet = new Set(live);
    const lost: LostMapOutput[] = [];
    for (const l of this.tracker.locations()) if (this.everLive.has(l) && !liveSet.has(l)) lost.push(...this.tracker.removeLocation(l));
    for (const id of this.caches.ids()) {
      const locs = this.caches.get(id) ?? [];
      if (locs.some((l) => this.everLive.has(l) && !liveSet.has(l))) this.caches.delete(id);
    }
    return lost;
  }

  /** Runs `body` again (planning anew) when a cache it read was lost mid-job. */
  private async withCacheRetry<T>(body: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await body();
      } catch (e) {
        if (!(e instanceof CacheLostError) || attempt >= this.conf.maxTaskAttempts || this.stopping) throw e;
      }
    }
  }
}

/** No batches: the input of the one schema-only file of an empty result. */
async function* noBatches(): AsyncGenerator<Batch> {}

/** Keeps the `== Title ==` sections of explain's text whose titles are listed. */
function pickSections(text: string, titles: readonly string[]): string {
  const parts = text.split(/^(?===\s)/m);
  const kept = parts.filter((p) => titles.some((t) => p.startsWith(`== ${t} ==`)));
  return kept.length > 0 ? kept.join('').trimEnd() + '\n' : text;
}
