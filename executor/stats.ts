/**
 * What an executor counts about itself; served by GET /v1/health and startExecutor().stats().
 */

/** Byte and task counters of one executor since it started. */
export interface ExecutorCounters {
  /** Bytes of shuffle pieces sent to other executors over HTTP. */
  bytesServedToPeers: number;
  /** Bytes of shuffle pieces this executor's tasks fetched from other executors. */
  bytesFetchedFromPeers: number;
  /** Bytes of shuffle pieces this executor's tasks read from its own disk. */
  bytesReadLocally: number;
  /** Tasks that finished (successfully or not). */
  tasksRun: number;
  /** Tasks that ended with an error. */
  tasksFailed: number;
}

/** A snapshot of an executor: load, memory, cache and counters. */
export interface ExecutorStats extends ExecutorCounters {
  readonly executorId: string;
  readonly url: string;
  readonly cores: number;
  /** Tasks running or queued on the worker pool. */
  readonly running: number;
  /** cores − running, never below 0. */
  readonly freeSlots: number;
  /** Cached partitions held and their bytes. */
  readonly cacheEntries: number;
  readonly cacheBytes: number;
  readonly memory: { readonly rss: number; readonly heapUsed: number; readonly heapTotal: number; readonly external: number; readonly arrayBuffers: number };
}

/** Fresh zeroed counters. */
export function zeroCounters(): ExecutorCounters {
  return { bytesServedToPeers: 0, bytesFetchedFromPeers: 0, bytesReadLocally: 0, tasksRun: 0, tasksFailed: 0 };
}
