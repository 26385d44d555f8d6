/**
 * The cluster backend: executor processes spawned on loopback or connected to, driven over HTTP.
 */
export { ClusterBackend, type ClusterTuning, type ClusterCounters } from './cluster-backend.js';
export { cliEntry } from './spawn-executor.js';
