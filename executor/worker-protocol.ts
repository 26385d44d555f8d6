/**
 * What the executor's main thread and its task worker threads say to each other (via comlink).
 */
import type { ErrorJson } from '../engine/errors.js';
import type { FetchEnv } from './shuffle-fetch.js';
import type { TaskReplyMeta } from './task-wire.js';

/** Set once per worker at spawn (workerData). */
export type WorkerEnv = FetchEnv;

/** One task for a worker. */
export interface WorkerJob {
  /** Unique per running task; names it for cancel(). */
  readonly key: string;
  /**
   * The task frame as it arrived (engine/task-frame.ts), its buffer transferred, not copied:
   * the worker parses the body once and its attachments stay views into these bytes.
   */
  readonly frame: Uint8Array;
  /** Cached partitions the task's plan reads, keyed `${cacheId}/${partition}`. */
  readonly cached: Record<string, Uint8Array>;
}

/** A worker's answer: the result (payload bytes transferred, not copied) or the typed error. */
export interface WorkerReply {
  readonly ok: boolean;
  readonly result?: TaskReplyMeta;
  /** result/sample: the IPC stream to send; cache: the IPC stream to keep. */
  readonly payload?: Uint8Array;
  readonly error?: ErrorJson;
  /** Set when the frame's body is not a well-formed task: the executor answers 400 with it. */
  readonly malformed?: string;
  /** The output the task had, for what the main thread keeps (a cache partition) or forgets (a stale shuffle index). */
  readonly output?: { readonly kind: string; readonly cacheId?: string; readonly shuffleId?: number };
  /** Shuffle bytes this task moved. */
  readonly fetchedRemote: number;
  readonly readLocal: number;
}

/** The API a task worker exposes. */
export interface WorkerApi {
  run(job: WorkerJob): Promise<WorkerReply>;
  cancel(key: string): void;
}

/** The key under which a cached partition travels to a worker. */
export function cacheKey(cacheId: string, partition: number): string {
  return `${cacheId}/${partition}`;
}
