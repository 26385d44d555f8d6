/**
 * The entry of a task worker thread: runs tasks with engine runTask, writes shuffle map output
 * to the store, and hands result bytes back to the main thread as transferred ArrayBuffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { expose, transfer } from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { CancelledError, errorToJson } from '../engine/errors.js';
import type { Task, TaskContext, TaskResult } from '../engine/plan.js';
import { runTask } from '../engine/run-task.js';
import { decodeTaskFrame } from '../engine/task-frame.js';
import { peerAgent } from './lazy-undici.js';
import { makeShuffleFetch, type FetchCounters } from './shuffle-fetch.js';
import { writeMapOutput } from './shuffle-store.js';
import { cacheKey, type WorkerApi, type WorkerEnv, type WorkerJob, type WorkerReply } from './worker-protocol.js';
import { validateTask, type TaskReplyMeta } from './task-wire.js';

const env = workerData as WorkerEnv;
const running = new Map<string, AbortController>();

/** A Uint8Array that alone owns its ArrayBuffer, so transferring it cannot detach anything else (Buffers share pooled slabs). */
function owned(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes;
  return bytes.slice();
}

async function run(wire: WorkerJob): Promise<WorkerReply> {
  let task: Task;
  try {
    // The one parse of the task body; inline data stays a view into the transferred frame.
    task = validateTask(decodeTaskFrame(wire.frame));
  } catch (e) {
    return { ok: false, malformed: (e as Error).message, fetchedRemote: 0, readLocal: 0 };
  }
  const job = { key: wire.key, task, cached: wire.cached };
  const out = task.output;
  const output = { kind: out.kind, ...(out.kind === 'cache' ? { cacheId: out.cacheId } : {}), ...(out.kind === 'shuffle' ? { shuffleId: out.shuffleId } : {}) };
  const counters: FetchCounters = { fetchedRemote: 0, readLocal: 0 };
  const abort = new AbortController();
  running.set(job.key, abort);
  const fetch = makeShuffleFetch(env, counters);
  const ctx: TaskContext = {
    fetch: (input, reduce, opts) => fetch(input, reduce, abort.signal, opts),
    cacheGet: (cacheId, partition) => job.cached[cacheKey(cacheId, partition)],
    signal: abort.signal,
  };
  try {
    const r: TaskResult = await runTask(job.task, ctx);
    if (abort.signal.aborted) throw new CancelledError(`task ${describe(job)} was cancelled`);
    let meta: TaskReplyMeta;
    let payload: Uint8Array | undefined;
    switch (r.kind) {
      case 'shuffle': {
        const out = job.task.output;
        if (out.kind !== 'shuffle') throw new Error(`task ${describe(job)} gave shuffle pieces for a ${out.kind} output`);
        const sizes = await writeMapOutput(env.workDir, out.shuffleId, job.task.partition, r.pieces);
        meta = { kind: 'shuffle', sizes, rows: r.rows };
        break;
      }
      case 'result':
      case 'sample':
        payload = owned(r.ipc);
        meta = { kind: r.kind, rows: r.rows, bytes: payload.byteLength };
        break;
      case 'cache':
        payload = owned(r.ipc);
        meta = { kind: 'cache', rows: r.rows, bytes: payload.byteLength };
        break;
      case 'write':
        meta = { kind: 'write', files: r.files, rows: r.rows };
        break;
    }
    const reply: WorkerReply = { ok: true, result: meta, payload, output, ...counters };
    return payload ? transfer(reply, [payload.buffer]) : reply;
  } catch (e) {
    return { ok: false, error: errorToJson(e), output, ...counters };
  } finally {
    running.delete(job.key);
  }
}

function describe(job: { readonly task: Task }): string {
  return `${job.task.jobId}/stage ${job.task.stageId}/partition ${job.task.partition}/attempt ${job.task.attempt}`;
}

const api: WorkerApi = {
  run,
  cancel(key) {
    running.get(key)?.abort(new CancelledError(`task ${key} was cancelled`));
  },
};

expose(api, nodeEndpoint(parentPort!));
// Load the HTTP client for peer fetches once the engine is in, rather than inside the first reduce task.
setImmediate(() => void peerAgent().catch(() => {}));
