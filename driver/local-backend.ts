/**
 * The in-process backend: runs tasks in this process, but through the same serialized path
 * as a cluster — every Task goes through the task frame (JSON plus binary attachments) before it runs, every shuffle piece is kept as
 * the Arrow IPC bytes the task produced and handed back byte for byte by `fetch`, and errors
 * cross a JSON "wire" (errorToJson/errorFromJson) so they come back as the same classes. It
 * checks both properties (InternalError otherwise) and counts them, so tests can prove that
 * every task of every job round-tripped and every piece was Arrow IPC.
 */
import { decodeIpc } from '../engine/arrow/index.js';
import { CancelledError, FetchFailedError, InternalError, errorFromJson, errorToJson } from '../engine/errors.js';
import type { ShuffleInput, Task, TaskContext, TaskResult } from '../engine/plan.js';
import { runTask } from '../engine/run-task.js';
import type { Schema } from '../engine/types.js';
import type { TaskBackend, TaskRunResult } from './backend.js';
import { frameRoundTrip } from './frame-round-trip.js';

/** The location name of the in-process backend. */
export const LOCAL_LOCATION = 'local';

/** Counters of the local backend. */
export interface LocalBackendStats {
  /** Tasks started. */
  tasksRun: number;
  /** Tasks that went through the task frame and came back unchanged (all of them, or run() threw). */
  tasksRoundTripped: number;
  /** Tasks that failed (any error, including checks). */
  tasksFailed: number;
  /** Shuffle pieces produced by map tasks. */
  piecesWritten: number;
  /** Shuffle pieces decoded as Arrow IPC streams and found consistent. */
  piecesChecked: number;
  /** Bytes of all shuffle pieces written. */
  shuffleBytes: number;
  /** Pieces handed out by fetch. */
  piecesFetched: number;
}

/** A TaskBackend that runs tasks in this process through the full serialized path. */
export class LocalBackend implements TaskBackend {
  private readonly shuffles = new Map<number, Map<number, readonly Uint8Array[]>>();
  private readonly caches = new Map<string, Map<number, Uint8Array>>();
  private readonly counters: LocalBackendStats = {
    tasksRun: 0, tasksRoundTripped: 0, tasksFailed: 0, piecesWritten: 0, piecesChecked: 0, shuffleBytes: 0, piecesFetched: 0,
  };
  private stopped = false;

  /** `slots`: how many tasks the scheduler may run at once. */
  constructor(private readonly nSlots: number) {
    if (!Number.isInteger(nSlots) || nSlots < 1) throw new InternalError(`local backend needs slots >= 1, got ${nSlots}`);
  }

  /** How many tasks may run at once. */
  slots(): number {
    return this.stopped ? 0 : this.nSlots;
  }

  /** ['local'] (nothing while stopped). */
  locations(): readonly string[] {
    return this.stopped ? [] : [LOCAL_LOCATION];
  }

  /** A copy of the counters. */
  stats(): LocalBackendStats {
    return { ...this.counters };
  }

  /** Runs one task: task frame round trip, runTask, checks of what it produced. */
  async run(task: Task, opts: { readonly preferred?: string; readonly signal?: AbortSignal } = {}): Promise<TaskRunResult> {
    if (this.stopped) throw new CancelledError('the local backend is stopped');
    if (opts.signal?.aborted) throw new CancelledError(`task of stage ${task.stageId}, partition ${task.partition} was cancelled`);
    this.counters.tasksRun++;
    try {
      const wire = frameRoundTrip(task, `task (job ${task.jobId}, stage ${task.stageId}, partition ${task.partition})`);
      this.counters.tasksRoundTripped++;
      let result: TaskResult;
      try {
        result = await runTask(wire, this.context(opts.signal));
      } catch (e) {
        // The wire between executor and driver: errors arrive rebuilt from JSON.
        throw errorFromJson(JSON.parse(JSON.stringify(errorToJson(e))));
      }
      return this.accept(wire, result);
    } catch (e) {
      this.counters.tasksFailed++;
      throw e;
    }
  }

  /** Drops the map outputs of these shuffles. */
  async dropShuffles(shuffleIds: readonly number[]): Promise<void> {
    for (const id of shuffleIds) this.shuffles.delete(id);
  }

  /** Drops a cached dataset. */
  async dropCache(cacheId: string): Promise<void> {
    this.caches.delete(cacheId);
  }

  /** Drops everything held; later runs are refused. Safe twice. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.shuffles.clear();
    this.caches.clear();
  }

  /** Shuffle ids with pieces held (for tests of cleanup). */
  heldShuffles(): number[] {
    return [...this.shuffles.keys()];
  }

  /** Forgets one map output, as if its holder had lost it (for failure tests). */
  loseMapOutput(shuffleId: number, mapPartition: number): boolean {
    return this.shuffles.get(shuffleId)?.delete(mapPartition) ?? false;
  }

  private context(signal: AbortSignal | undefined): TaskContext {
    const shuffles = this.shuffles;
    const counters = this.counters;
    return {
      async *fetch(input: ShuffleInput, reduce: number): AsyncIterable<Uint8Array> {
        const held = shuffles.get(input.shuffleId);
        for (const m of input.maps) {
          const pieces = held?.get(m.mapPartition);
          if (!pieces) {
            throw new FetchFailedError(
              `shuffle ${input.shuffleId}: no output of map partition ${m.mapPartition} at ${m.location}`,
              m.location, input.shuffleId, m.mapPartition,
            );
          }
          const piece = pieces[reduce];
          if (piece === undefined) {
            throw new InternalError(`shuffle ${input.shuffleId}, map ${m.mapPartition}: no reduce partition ${reduce} (${pieces.length} pieces)`);
          }
          counters.piecesFetched++;
          yield piece;
        }
      },
      cacheGet: (cacheId: string, partition: number) => this.caches.get(cacheId)?.get(partition),
      ...(signal ? { signal } : {}),
    };
  }

  private accept(task: Task, result: TaskResult): TaskRunResult {
    const where = `stage ${task.stageId}, partition ${task.partition}`;
    if (result.kind !== task.output.kind) {
      throw new InternalError(`${where}: task output is ${task.output.kind} but runTask gave ${result.kind}`);
    }
    switch (result.kind) {
      case 'shuffle': {
        const out = task.output as Extract<Task['output'], { kind: 'shuffle' }>;
        const want = out.partitioning.kind === 'single' ? 1 : out.partitioning.partitions;
        if (result.pieces.length !== want) {
          throw new InternalError(`${where}: shuffle ${out.shuffleId} wrote ${result.pieces.length} pieces, expected ${want}`);
        }
        let rows = 0;
        result.pieces.forEach((piece, r) => { rows += this.checkPiece(piece, task.plan.schema, `${where}, shuffle ${out.shuffleId}, piece ${r}`); });
        if (rows !== result.rows) throw new InternalError(`${where}: shuffle pieces hold ${rows} rows, the task reported ${result.rows}`);
        let held = this.shuffles.get(out.shuffleId);
        if (!held) this.shuffles.set(out.shuffleId, (held = new Map()));
        held.set(task.partition, result.pieces);
        this.counters.piecesWritten += result.pieces.length;
        for (const p of result.pieces) this.counters.shuffleBytes += p.byteLength;
        return { kind: 'shuffle', sizes: result.pieces.map((p) => p.byteLength), rows: result.rows, location: LOCAL_LOCATION };
      }
      case 'cache': {
        const out = task.output as Extract<Task['output'], { kind: 'cache' }>;
        let held = this.caches.get(out.cacheId);
        if (!held) this.caches.set(out.cacheId, (held = new Map()));
        held.set(task.partition, result.ipc);
        return { kind: 'cache', rows: result.rows, bytes: result.ipc.byteLength, location: LOCAL_LOCATION };
      }
      case 'result':
      case 'sample':
        return { kind: result.kind, ipc: result.ipc, rows: result.rows, location: LOCAL_LOCATION };
      case 'write':
        return { kind: 'write', files: result.files, rows: result.rows, location: LOCAL_LOCATION };
    }
  }

  /** Decodes a piece as Arrow IPC and checks its schema against the plan's; returns its rows. */
  private checkPiece(piece: Uint8Array, schema: Schema, where: string): number {
    if (!(piece instanceof Uint8Array)) throw new InternalError(`${where} is not bytes`);
    let decoded: ReturnType<typeof decodeIpc>;
    try {
      decoded = decodeIpc(piece);
    } catch (e) {
      throw new InternalError(`${where} (${piece.byteLength} bytes) is not an Arrow IPC stream: ${(e as Error).message}`, {}, { cause: e });
    }
    if (piece.byteLength > 0) {
      const got = decoded.schema.map((f) => `${f.name}:${f.type}`).join(', ');
      const want = schema.map((f) => `${f.name}:${f.type}`).join(', ');
      if (got !== want) throw new InternalError(`${where} has schema [${got}], the plan's is [${want}]`);
    }
    this.counters.piecesChecked++;
    return decoded.batches.reduce((n, b) => n + b.length, 0);
  }
}

/** An in-process TaskBackend with `slots` concurrent tasks (location 'local'). */
export function createLocalBackend(opts: { slots: number }): LocalBackend {
  return new LocalBackend(opts.slots);
}
