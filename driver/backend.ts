/**
 * The seam between the scheduler and whatever runs tasks: the in-process backend (tests of
 * the engine through the full serialized path) or the cluster of executor processes.
 */
import type { Task } from '../engine/plan.js';

/** What running one task gave, as the scheduler sees it. Byte payloads are Arrow IPC streams. */
export type TaskRunResult =
  /** `location` is where the map output lives (an executor URL, or 'local'). */
  | { readonly kind: 'shuffle'; readonly sizes: readonly number[]; readonly rows: number; readonly location: string }
  | { readonly kind: 'result'; readonly ipc: Uint8Array; readonly rows: number; readonly location: string }
  | { readonly kind: 'sample'; readonly ipc: Uint8Array; readonly rows: number; readonly location: string }
  | { readonly kind: 'write'; readonly files: readonly string[]; readonly rows: number; readonly location: string }
  /** The partition stays cached at `location`. */
  | { readonly kind: 'cache'; readonly rows: number; readonly bytes: number; readonly location: string };

/** Runs tasks. Rejections carry typed errors (FetchFailedError, ExecutorLostError, TaskFailedError causes). */
export interface TaskBackend {
  /** How many tasks may run at once. */
  slots(): number;
  /**
   * Tasks each location may be handed beyond its share of slots, to wait there and start the
   * moment a slot frees (an executor queues them) — hides the round trip of short tasks.
   * Absent or 0: never more than slots() in flight.
   */
  queueDepth?(): number;
  /** Locations that can run tasks now (executor URLs, or ['local']). */
  locations(): readonly string[];
  /** Runs one task, on `preferred` when it is given and alive. */
  run(task: Task, opts?: { readonly preferred?: string; readonly signal?: AbortSignal }): Promise<TaskRunResult>;
  /** Drops the map outputs of these shuffles everywhere. */
  dropShuffles(shuffleIds: readonly number[]): Promise<void>;
  /** Drops a cached dataset everywhere. */
  dropCache(cacheId: string): Promise<void>;
  /** Stops whatever the backend started. Safe to call twice. */
  stop(): Promise<void>;
}
