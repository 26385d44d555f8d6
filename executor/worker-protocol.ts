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
  /** The Task as the JSON text it arrived in: a string crosses to the worker far cheaper than a cloned object tree. */
  readonly taskJson: string;
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
