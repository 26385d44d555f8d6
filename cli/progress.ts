/**
 * Progress of running jobs from the driver's events. On a terminal, one line per running
 * stage redrawn in place, Spark-shell style:
 *   [Stage 3: ===========>     (12 + 2) / 16]  rows 1.2M  shuffle 34 MB
 * elsewhere, plain log lines (stage submitted / finished with rows, bytes and ms). It also
 * keeps the totals of the run's summary.
 */
import type { EventEmitter } from 'node:events';
import type { DriverEvents, StageInfo } from '../driver/events.js';
import { formatBytes, formatCount, formatMs } from './format.js';

/** Options of a ProgressReporter. */
export interface ProgressOptions {
  /** Live lines redrawn in place (a terminal) or plain log lines. */
  readonly tty: boolean;
  /** Where lines go (live lines should share the terminal of stdout). */
  readonly out: NodeJS.WritableStream;
  /** Task slots, to estimate how many tasks of a stage are running (the driver emits no task start). */
  readonly slots: number;
  /** Columns of the terminal (live lines are cut to fit). */
  readonly columns?: () => number;
}

/** Totals over every job seen. */
export interface RunTotals {
  jobs: number;
  failedJobs: number;
  stages: number;
  tasks: number;
  failedTasks: number;
  shuffleRows: number;
  shuffleBytes: number;
}

interface StageLine {
  readonly key: string;
  readonly jobId: string;
  readonly stageId: number;
  readonly shuffle: boolean;
  total: number;
  done: number;
  rows: number;
  bytes: number;
  readonly t0: number;
}

const BAR = 28;

/** Listens to a session's events and reports progress; `detach()` stops listening. */
export class ProgressReporter {
  readonly totals: RunTotals = { jobs: 0, failedJobs: 0, stages: 0, tasks: 0, failedTasks: 0, shuffleRows: 0, shuffleBytes: 0 };
  private readonly stageInfo = new Map<string, StageInfo>();
  private readonly running = new Map<string, StageLine>();
  /** True while the reporter itself writes (so a stdout hook does not clear in the middle). */
  writing = false;
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private readonly listeners: [keyof DriverEvents, (p: any) => void][] = [];

  constructor(private readonly events: EventEmitter, private readonly opts: ProgressOptions) {
    this.on('jobStart', (e) => {
      this.totals.jobs++;
      for (const s of e.stages) this.stageInfo.set(`${e.jobId}/${s.stageId}`, s);
    });
    this.on('stageSubmitted', (e) => {
      if (e.phase !== 'main') return;
      const key = `${e.jobId}/${e.stageId}`;
      const shuffle = this.stageInfo.get(key)?.output === 'shuffle';
      this.running.set(key, { key, jobId: e.jobId, stageId: e.stageId, shuffle, total: e.tasks, done: 0, rows: 0, bytes: 0, t0: performance.now() });
      if (!opts.tty) this.log(`stage ${e.stageId} submitted: ${e.tasks} ${e.tasks === 1 ? 'task' : 'tasks'} (job ${e.jobId})`);
      this.changed();
    });
    this.on('taskEnd', (e) => {
      this.totals.tasks++;
      if (e.phase !== 'main') return;
      const st = this.running.get(`${e.jobId}/${e.stageId}`);
      if (st) { st.done = Math.min(st.total, st.done + 1); st.rows += e.rows; st.bytes += e.bytes; }
      this.changed();
    });
    this.on('taskFailed', (e) => {
      this.totals.failedTasks++;
      if (!opts.tty && e.willRetry) this.log(`stage ${e.stageId}, partition ${e.partition}: attempt ${e.attempt} failed (${e.error.name}: ${firstLine(e.error.message)}); retrying`);
    });
    this.on('stageCompleted', (e) => {
      const key = `${e.jobId}/${e.stageId}`;
      const st = this.running.get(key);
      this.running.delete(key);
      this.totals.stages++;
      const shuffle = st?.shuffle ?? this.stageInfo.get(key)?.output === 'shuffle';
      if (shuffle) { this.totals.shuffleRows += e.rows; this.totals.shuffleBytes += e.bytes; }
      if (!opts.tty) {
        const ms = st ? performance.now() - st.t0 : 0;
        this.log(`stage ${e.stageId} finished: ${st ? `${st.total} ${st.total === 1 ? 'task' : 'tasks'}, ` : ''}rows ${formatCount(e.rows)}, ${shuffle ? 'shuffle' : 'result'} ${formatBytes(e.bytes)}, ${formatMs(ms)}`);
      }
      this.changed();
    });
    this.on('jobEnd', (e) => {
      if (!e.ok) this.totals.failedJobs++;
      for (const [key, st] of this.running) if (st.jobId === e.jobId) this.running.delete(key);
      for (const key of this.stageInfo.keys()) if (key.startsWith(`${e.jobId}/`)) this.stageInfo.delete(key);
      if (!opts.tty && !e.ok && e.error?.name === 'CancelledError') this.log(`job ${e.jobId} cancelled after ${formatMs(e.ms)}`);
      this.changed();
    });
  }

  /** Removes the live lines from the terminal (before other output), to be redrawn later. */
  clear(): void {
    if (!this.opts.tty || this.drawn === 0) return;
    this.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
    if (this.running.size > 0) this.changed();
  }

  /** Stops listening and removes the live lines. */
  detach(): void {
    for (const [name, fn] of this.listeners) this.events.off(name, fn);
    this.listeners.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running.clear();
    this.clear();
  }

  /** The live lines as they would be drawn now. */
  lines(): string[] {
    const width = this.opts.columns?.() ?? 100;
    return [...this.running.values()].map((st) => {
      const running = Math.max(0, Math.min(this.opts.slots, st.total - st.done));
      const head = `[Stage ${st.stageId}: `;
      const tail = ` (${st.done} + ${running}) / ${st.total}]  rows ${formatCount(st.rows)}  ${st.shuffle ? 'shuffle' : 'result'} ${formatBytes(st.bytes)}`;
      const barWidth = Math.max(10, Math.min(BAR, width - 1 - head.length - tail.length));
      const filled = st.total === 0 ? barWidth : Math.floor((st.done / st.total) * barWidth);
      const bar = filled >= barWidth ? '='.repeat(barWidth) : `${'='.repeat(filled)}>${' '.repeat(barWidth - filled - 1)}`;
      const line = head + bar + tail;
      return line.length > width - 1 ? line.slice(0, width - 1) : line;
    });
  }

  private on<K extends keyof DriverEvents>(name: K, fn: (p: DriverEvents[K]) => void): void {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter listeners are untyped
    const f = fn as (p: any) => void;
    this.listeners.push([name, f]);
    this.events.on(name, f);
  }

  private log(text: string): void {
    this.write(`[rondo] ${text}\n`);
  }

  /** Redraws the live lines at most every 100 ms. */
  private changed(): void {
    if (!this.opts.tty) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.dirty) this.draw();
    }, 100);
    this.timer.unref();
  }

  private draw(): void {
    this.dirty = false;
    const lines = this.lines();
    let text = this.drawn > 0 ? `\x1b[${this.drawn}A\x1b[0J` : '';
    for (const l of lines) text += `${l}\n`;
    this.drawn = lines.length;
    if (text !== '') this.write(text);
  }

  private write(text: string): void {
    this.writing = true;
    try { this.opts.out.write(text); } finally { this.writing = false; }
  }
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

/** The end-of-run summary line. */
export function formatSummary(t: RunTotals, wallMs: number): string {
  const plural = (n: number, w: string): string => `${n} ${n === 1 ? w : `${w}s`}`;
  const failed = t.failedTasks > 0 ? ` (${t.failedTasks} failed)` : '';
  return `${plural(t.jobs, 'job')}, ${plural(t.stages, 'stage')}, ${plural(t.tasks, 'task')}${failed} in ${formatMs(wallMs)}; shuffled ${formatCount(t.shuffleRows)} rows, ${formatBytes(t.shuffleBytes)}`;
}
