/**
 * A pool of task worker threads, one per core, driven through comlink. Jobs beyond the number
 * of workers wait in a FIFO queue. A worker that dies (a crash, an out-of-memory) fails its job
 * with InternalError and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { wrap, releaseProxy, transfer, type Remote } from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { CancelledError, InternalError, errorToJson } from '../engine/errors.js';
import type { WorkerApi, WorkerEnv, WorkerJob, WorkerReply } from './worker-protocol.js';

interface Slot {
  worker: Worker;
  api: Remote<WorkerApi>;
  job: WorkerJob | null;
  fail: ((e: Error) => void) | null;
}

interface Waiting {
  readonly job: WorkerJob;
  readonly resolve: (r: WorkerReply) => void;
  readonly reject: (e: Error) => void;
}

/** Runs WorkerJobs on `size` worker threads. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private closed = false;
  /** Workers that died in a row without finishing a job; past a few, the pool is broken (e.g. the worker module does not load). */
  private crashes = 0;
  private broken: string | null = null;

  constructor(private readonly size: number, private readonly env: WorkerEnv) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Jobs running or waiting. */
  get load(): number {
    return this.queue.length + this.slots.filter((s) => s.job !== null).length;
  }

  /** Runs a job when a worker is free. */
  run(job: WorkerJob): Promise<WorkerReply> {
    if (this.closed) return Promise.reject(new InternalError('the executor is shutting down'));
    if (this.broken) return Promise.reject(new InternalError(this.broken));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /** Asks the job `key` to stop (queued: dropped; running: its AbortSignal fires). */
  cancel(key: string): void {
    const qi = this.queue.findIndex((w) => w.job.key === key);
    if (qi >= 0) {
      const [w] = this.queue.splice(qi, 1);
      w!.resolve({ ok: false, error: errorToJson(new CancelledError(`task ${key} was cancelled before it started`)), fetchedRemote: 0, readLocal: 0 });
      return;
    }
    const slot = this.slots.find((s) => s.job?.key === key);
    if (slot) void slot.api.cancel(key).catch(() => {});
  }

  /** Terminates every worker; queued and running jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.queue.splice(0)) w.reject(new InternalError('the executor is shutting down'));
    await Promise.all(this.slots.map(async (s) => {
      s.fail?.(new InternalError('the executor is shutting down'));
      try {
        s.api[releaseProxy]();
      } catch {
        // The worker is already gone.
      }
      await s.worker.terminate();
    }));
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./task-worker.js', import.meta.url), { workerData: this.env });
    const slot: Slot = { worker, api: wrap<WorkerApi>(nodeEndpoint(worker)), job: null, fail: null };
    const died = (why: string): void => {
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      slot.fail?.(new InternalError(`a task worker thread died while running ${slot.job?.key ?? 'nothing'}: ${why}`));
      if (++this.crashes > 2 * this.size + 3) {
        this.broken = `task worker threads keep dying (last: ${why})`;
        this.slots.splice(i, 1);
        for (const w of this.queue.splice(0)) w.reject(new InternalError(this.broken));
        return;
      }
      this.slots[i] = this.spawn();
      this.pump();
    };
    worker.on('error', (e) => died(e.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job !== null) continue;
      const w = this.queue.shift()!;
      slot.job = w.job;
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        slot.job = null;
        slot.fail = null;
        return true;
      };
      slot.fail = (e) => {
        if (settle()) w.reject(e);
      };
      // The frame's buffer moves to the worker (the executor made it the frame's own).
      slot.api.run(transfer(w.job, [w.job.frame.buffer as ArrayBuffer])).then(
        (r) => {
          this.crashes = 0;
          if (settle()) {
            w.resolve(r);
            this.pump();
          }
        },
        (e: unknown) => {
          if (settle()) {
            w.reject(e instanceof Error ? e : new InternalError(String(e)));
            this.pump();
          }
        },
      );
    }
  }
}
