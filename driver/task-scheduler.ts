/**
 * The task scheduler: push dispatch of tasks into the backend's free slots, shared by every
 * job of a driver. A task goes to the first of its preferred locations (most input bytes
 * first) that has a free slot, else to the least loaded location — away from the location
 * where its previous attempt failed when there is another.
 */
import { CancelledError, ExecutorLostError } from '../engine/errors.js';
import type { Task } from '../engine/plan.js';
import type { TaskBackend, TaskRunResult } from './backend.js';

/** A task waiting for a slot. */
export interface TaskRequest {
  readonly task: Task;
  /** Locations in order of preference; may be empty. */
  readonly preferred: readonly string[];
  /** Where the previous attempt failed: used only when no other location exists. */
  readonly avoid?: string;
  /** Must run at `preferred[0]` (it holds a cached partition the task reads): waits for a slot there. */
  readonly pinned?: boolean;
  readonly signal: AbortSignal;
}

/** How a task went; `location` is where it was sent (undefined when it never was). */
export type TaskOutcome =
  | { readonly ok: true; readonly result: TaskRunResult; readonly location: string; readonly ms: number }
  | { readonly ok: false; readonly error: unknown; readonly location: string | undefined; readonly ms: number };

interface Queued {
  readonly req: TaskRequest;
  readonly resolve: (o: TaskOutcome) => void;
  /**
   * Listens on the job's signal from submit until the task settles: cancels it while queued,
   * aborts `running` once dispatched. One listener a task, added once and removed once — a
   * job's signal carries one per queued task, and every add/remove walks that list.
   */
  readonly onAbort: () => void;
  /** Set at dispatch: the task's own signal, handed to the backend. */
  running: AbortController | null;
}

/** How long to wait before looking again when no slot can be found and nothing is running. */
const IDLE_RETRY_MS = 100;

/**
 * Tasks shorter than this (a moving average) are pipelined: each location gets up to the
 * backend's queueDepth() tasks more than its slots, queued on the executor, so a worker that
 * finishes starts the next task at once instead of waiting a round trip to the driver. Longer
 * tasks are not (a queued long task could wait behind another while a peer sits idle at the
 * end of a stage).
 */
const PIPELINE_BELOW_MS = 50;

/** Dispatches tasks into the slots of a backend. */
export class TaskScheduler {
  private readonly queue: Queued[] = [];
  private readonly runningAt = new Map<string, number>();
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Moving average of task durations (ms); starts high, so nothing is pipelined before tasks are known to be short. */
  private avgMs = PIPELINE_BELOW_MS * 4;

  /**
   * @param clock Milliseconds for task durations (which decide pipelining); tests inject one so
   * that what counts as a short task does not depend on how loaded the machine is.
   */
  constructor(private readonly backend: TaskBackend, private readonly clock: () => number = () => performance.now()) {}

  /** Queues a task; the promise never rejects: failures come back as outcomes. */
  submit(req: TaskRequest): Promise<TaskOutcome> {
    return new Promise<TaskOutcome>((resolve) => {
      if (req.signal.aborted) {
        resolve({ ok: false, error: cancelled(req.task), location: undefined, ms: 0 });
        return;
      }
      const q: Queued = {
        req,
        resolve,
        running: null,
        onAbort: () => {
          if (q.running) {
            q.running.abort(req.signal.reason);
            return;
          }
          const i = this.queue.indexOf(q);
          if (i >= 0) {
            this.queue.splice(i, 1);
            resolve({ ok: false, error: cancelled(req.task), location: undefined, ms: 0 });
          }
        },
      };
      req.signal.addEventListener('abort', q.onAbort, { once: true });
      this.queue.push(q);
      this.pump();
    });
  }

  /** Tasks running now. */
  runningCount(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  queuedCount(): number {
    return this.queue.length;
  }

  /** Fails every queued task (the driver is stopping). */
  close(): void {
    for (const q of this.queue.splice(0)) {
      q.req.signal.removeEventListener('abort', q.onAbort);
      q.resolve({ ok: false, error: new CancelledError('the session is stopped'), location: undefined, ms: 0 });
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const locs = this.backend.locations();
      if (locs.length === 0) {
        for (const q of this.queue.splice(0)) {
          q.req.signal.removeEventListener('abort', q.onAbort);
          q.resolve({ ok: false, error: new ExecutorLostError('no live executors to run tasks on'), location: undefined, ms: 0 });
        }
        return;
      }
      const slots = this.backend.slots();
      const extra = this.avgMs < PIPELINE_BELOW_MS ? Math.max(0, Math.floor(this.backend.queueDepth?.() ?? 0)) : 0;
      if (this.running >= slots + extra * locs.length) break;
      // The first queued task that has a free slot at a location it may use.
      const cap = Math.max(1, Math.ceil(slots / locs.length)) + extra;
      let pick: { i: number; at: string } | undefined;
      for (let i = 0; i < this.queue.length && pick === undefined; i++) {
        const at = this.place(this.queue[i].req, locs, cap);
        if (at !== undefined) pick = { i, at };
      }
      if (pick === undefined) break;
      const [q] = this.queue.splice(pick.i, 1);
      this.dispatch(q, pick.at);
    }
    if (this.queue.length > 0 && this.running === 0 && this.timer === undefined) {
      // No slot now and no running task whose end would look again: poll.
      this.timer = setTimeout(() => { this.timer = undefined; this.pump(); }, IDLE_RETRY_MS);
    }
  }

  /**
   * Where a task may go now, or undefined when it must wait: a pinned task only to its
   * location, a retried one anywhere but where it failed (when there is another location);
   * among those with a free slot, the first preferred one, else the least loaded.
   */
  private place(req: TaskRequest, locs: readonly string[], cap: number): string | undefined {
    const load = (l: string): number => this.runningAt.get(l) ?? 0;
    let allowed: readonly string[] = locs;
    const pin = req.pinned ? req.preferred[0] : undefined;
    if (pin !== undefined && locs.includes(pin)) allowed = [pin];
    else if (req.avoid !== undefined && locs.some((l) => l !== req.avoid)) allowed = locs.filter((l) => l !== req.avoid);
    const free = allowed.filter((l) => load(l) < cap);
    if (free.length === 0) return undefined;
    for (const p of req.preferred) if (free.includes(p)) return p;
    let best = free[0];
    for (const l of free) if (load(l) < load(best)) best = l;
    return best;
  }

  private dispatch(q: Queued, location: string): void {
    this.running++;
    this.runningAt.set(location, (this.runningAt.get(location) ?? 0) + 1);
    const t0 = this.clock();
    q.running = new AbortController();
    const done = (o: TaskOutcome): void => {
      q.req.signal.removeEventListener('abort', q.onAbort);
      this.running--;
      this.avgMs = 0.8 * this.avgMs + 0.2 * o.ms;
      this.runningAt.set(location, (this.runningAt.get(location) ?? 1) - 1);
      q.resolve(o);
      this.pump();
    };
    let p: Promise<TaskRunResult>;
    try {
      p = this.backend.run(q.req.task, { preferred: location, signal: q.running.signal });
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (result) => done({ ok: true, result, location: result.location, ms: this.clock() - t0 }),
      (error: unknown) => done({ ok: false, error, location, ms: this.clock() - t0 }),
    );
  }
}

function cancelled(task: Task): CancelledError {
  return new CancelledError(`job ${task.jobId} was cancelled (stage ${task.stageId}, partition ${task.partition} did not run)`);
}
