/**
 * Synchronous access to the file metadata that `session.read.*` needs at the call (paths,
 * sizes, schemas), so that a reader returns a Dataset right away, as Spark's does, and a
 * missing file or a bad header fails at the call. The engine's readers are asynchronous; this
 * runs them on one helper thread and blocks on a shared flag until the answer is back
 * (Atomics.wait + receiveMessageOnPort). Only small metadata reads go through here.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { errorFromJson, InternalError, type ErrorJson } from '../engine/errors.js';
import type * as io from '../engine/io/index.js';

type IoCalls = Pick<typeof io, 'resolvePaths' | 'listInput' | 'fileSizes' | 'inferCsvSchema' | 'inferJsonSchema' | 'readArrowSchema' | 'readParquetSchema'>;

let state: { worker: Worker; port: MessagePort; flag: Int32Array } | null = null;

function start(): NonNullable<typeof state> {
  if (state) return state;
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./sync-io-worker.js', import.meta.url), { workerData: { port: port2, flag }, transferList: [port2] });
  // The thread must never keep the user's program alive.
  worker.unref();
  port1.unref();
  worker.on('error', () => { state = null; });
  worker.on('exit', () => { state = null; });
  state = { worker, port: port1, flag };
  return state;
}

/**
 * Calls an engine/io metadata function and waits for its answer on this thread.
 * @example const files = syncIo('resolvePaths', 'data/*.csv')
 */
export function syncIo<K extends keyof IoCalls>(fn: K, ...args: Parameters<IoCalls[K]>): Awaited<ReturnType<IoCalls[K]>> {
  const s = start();
  Atomics.store(s.flag, 0, 0);
  s.port.postMessage({ fn, args });
  // Bounded waits, so a dead helper thread is an error rather than a hang.
  for (let waited = 0; Atomics.load(s.flag, 0) === 0; waited += 1000) {
    if (waited >= 600_000) throw new InternalError(`reading file metadata (${fn}) did not finish in 10 minutes`);
    Atomics.wait(s.flag, 0, 0, 1000);
    if (state !== s) throw new InternalError(`the file metadata thread stopped during ${fn}`);
  }
  const msg = receiveMessageOnPort(s.port)?.message as { ok: true; value: unknown } | { ok: false; error: ErrorJson } | undefined;
  if (!msg) throw new InternalError(`no answer from the file metadata thread for ${fn}`);
  if (!msg.ok) {
    const e = errorFromJson(msg.error);
    // Keep the caller's stack: the worker's says nothing useful to the user.
    e.stack = `${e.name}: ${e.message}\n${new Error().stack?.split('\n').slice(2).join('\n') ?? ''}`;
    throw e;
  }
  return msg.value as Awaited<ReturnType<IoCalls[K]>>;
}
