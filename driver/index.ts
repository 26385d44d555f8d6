/**
 * The driver: runs queries on a TaskBackend — job execution, the DAG and task schedulers, the
 * map-output tracker, retries and recovery, progress events — and the in-process backend.
 */
export type { TaskBackend, TaskRunResult } from './backend.js';
export { CONF_KEYS, DEFAULT_CONF, resolveConf, type SessionConf } from './conf.js';
export { Driver, type WriteFormat, type WriteOptions } from './driver.js';
export type { DriverEvents, JobKind, StageInfo } from './events.js';
export { LOCAL_LOCATION, LocalBackend, createLocalBackend, type LocalBackendStats } from './local-backend.js';
export { MapOutputTracker, type LostMapOutput, type MapOutput } from './map-output-tracker.js';
export { CacheLostError, CacheRegistry } from './cache-registry.js';
export { TaskScheduler, type TaskOutcome, type TaskRequest } from './task-scheduler.js';
