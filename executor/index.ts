/**
 * The executor process: RPC server, worker-thread pool, shuffle store and peer-to-peer fetch.
 */
export { startExecutor, defaultWorkDir, type ExecutorOptions, type RunningExecutor } from './executor.js';
export type { ExecutorStats, ExecutorCounters } from './stats.js';
export { isLoopbackHost } from './loopback.js';
export { TASK_REPLY_TYPE, type TaskReplyHeader, type TaskReplyMeta } from './task-wire.js';
