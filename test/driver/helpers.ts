/**
 * Test helpers for the driver: a tiny LogicalPlan builder, a seeded PRNG, and TaskBackend
 * wrappers that inject failures around the real local backend (tests of the scheduler's
 * recovery; the tasks themselves still run through the full serialized path).
 */
import { encodeIpc, rowsToBatch, batchToRows } from '../../engine/arrow/index.js';
import type { Batch } from '../../engine/batch.js';
import type { AggFn, LitValue, ScalarFn } from '../../engine/expr.js';
import type { JoinType, Task } from '../../engine/plan.js';
import type { Schema } from '../../engine/types.js';
import type { LExpr, LSortKey, LogicalPlan } from '../../planner/logical.js';
import type { TaskBackend, TaskRunResult } from '../../driver/backend.js';
import type { LocalBackend } from '../../driver/local-backend.js';

let ids = 1;
const nid = (): number => ids++;

/** A column by name. */
export const col = (name: string): LExpr => ({ kind: 'col', name });
/** A literal. */
export const lit = (value: LitValue): LExpr => ({ kind: 'lit', value });
/** A scalar call. */
export const call = (fn: ScalarFn, ...args: LExpr[]): LExpr => ({ kind: 'call', fn, args });
/** An aggregate call. */
export const agg = (fn: AggFn, ...args: LExpr[]): LExpr => ({ kind: 'agg', fn, args });
/** An alias. */
export const as = (expr: LExpr, name: string): LExpr => ({ kind: 'alias', expr, name });
/** A sort key. */
export const key = (expr: LExpr, asc = true, nullsFirst = asc): LSortKey => ({ expr, asc, nullsFirst });

/** `range(start, end)` in `partitions` partitions: one int64 column `id`. */
export function range(start: number, end: number, partitions: number, step = 1): LogicalPlan {
  return {
    id: nid(), node: 'scan', source: { format: 'range', start, end, step, partitions },
    schema: [{ name: 'id', type: 'int64', nullable: false }], projection: null, filters: [],
  };
}

/** In-memory rows split round robin into `partitions` partitions. */
export function rows(data: readonly Record<string, unknown>[], partitions: number, schema: Schema): LogicalPlan {
  const parts: Record<string, unknown>[][] = Array.from({ length: partitions }, () => []);
  data.forEach((r, i) => parts[i % partitions].push(r));
  let size = 0;
  const partitionsIpc = parts.map((p) => {
    const ipc = encodeIpc(schema, p.length > 0 ? [rowsToBatch(p, schema)] : []);
    size += ipc.byteLength;
    return ipc;
  });
  return { id: nid(), node: 'scan', source: { format: 'inline', partitionsIpc, sizeBytes: size }, schema, projection: null, filters: [] };
}

export const project = (input: LogicalPlan, ...exprs: LExpr[]): LogicalPlan => ({ id: nid(), node: 'project', input, exprs });
export const filter = (input: LogicalPlan, predicate: LExpr): LogicalPlan => ({ id: nid(), node: 'filter', input, predicate });
export const aggregate = (input: LogicalPlan, groupBy: LExpr[], aggs: LExpr[]): LogicalPlan => ({ id: nid(), node: 'aggregate', input, groupBy, aggs });
export const sort = (input: LogicalPlan, ...keys: LSortKey[]): LogicalPlan => ({ id: nid(), node: 'sort', input, keys });
export const limit = (input: LogicalPlan, n: number): LogicalPlan => ({ id: nid(), node: 'limit', input, n });
export const union = (...inputs: LogicalPlan[]): LogicalPlan => ({ id: nid(), node: 'union', inputs });
export const cache = (input: LogicalPlan, cacheId: string): LogicalPlan => ({ id: nid(), node: 'cache', input, cacheId });
export const repartition = (input: LogicalPlan, partitions: number, ...keys: LExpr[]): LogicalPlan => ({ id: nid(), node: 'repartition', input, partitions, keys });
export const join = (left: LogicalPlan, right: LogicalPlan, how: JoinType, using: string[]): LogicalPlan => ({ id: nid(), node: 'join', left, right, how, on: null, using });

/** Rows of collected batches as plain objects. */
export function toRows(batches: readonly Batch[]): Record<string, unknown>[] {
  return batches.flatMap((b) => batchToRows(b));
}

/** The engine's seeded PRNG (mulberry32), under the name the tests use. */
export { seededRandom as prng } from '../../engine/kernels/index.js';
import { seededRandom as prng } from '../../engine/kernels/index.js';

/** Sorts rows by a key list with a plain comparator (nulls first for asc, last for desc, like Spark). */
export function byKeys<T extends Record<string, unknown>>(rowsIn: T[], ...keys: { name: string; asc: boolean }[]): T[] {
  return [...rowsIn].sort((x, y) => {
    for (const k of keys) {
      const a = x[k.name];
      const b = y[k.name];
      if (a === b) continue;
      if (a === null) return k.asc ? -1 : 1;
      if (b === null) return k.asc ? 1 : -1;
      const c = (a as number) < (b as number) ? -1 : 1;
      return k.asc ? c : -c;
    }
    return 0;
  });
}

/** What a wrapper may do before a task runs: nothing, or throw to fail it. */
export type Injector = (task: Task, location: string) => void | Promise<void>;

/**
 * A TaskBackend over the local backend that shows several locations (each task "runs" at the
 * location the scheduler prefers, round robin when none), records every run, and lets a test
 * inject failures or drop map outputs. Tasks still run through the real local backend.
 */
export class WrappedBackend implements TaskBackend {
  /** Every run: task identity, the location it ran at, and how it went. */
  readonly log: { stageId: number; partition: number; attempt: number; output: string; location: string; ok: boolean; error?: Error; start: number; end: number }[] = [];
  running = 0;
  maxRunning = 0;
  /** Locations currently alive. */
  live: string[];
  private rr = 0;
  injector: Injector | undefined;
  delayMs = 0;
  /** What queueDepth() answers (tasks a location may hold beyond its slots). */
  depth = 0;

  constructor(readonly inner: LocalBackend, locations: string[], private readonly nSlots: number) {
    this.live = [...locations];
  }

  slots(): number { return this.nSlots; }
  queueDepth(): number { return this.depth; }
  locations(): readonly string[] { return this.live; }

  async run(task: Task, opts: { preferred?: string; signal?: AbortSignal } = {}): Promise<TaskRunResult> {
    const location = opts.preferred !== undefined && this.live.includes(opts.preferred) ? opts.preferred : this.live[this.rr++ % this.live.length];
    const entry = { stageId: task.stageId, partition: task.partition, attempt: task.attempt, output: task.output.kind, location, ok: false, error: undefined as Error | undefined, start: performance.now(), end: 0 };
    this.log.push(entry);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      await this.injector?.(task, location);
      const r = await this.inner.run(task, opts);
      entry.ok = true;
      return { ...r, location };
    } catch (e) {
      entry.error = e as Error;
      throw e;
    } finally {
      entry.end = performance.now();
      this.running--;
    }
  }

  dropShuffles(ids: readonly number[]): Promise<void> { return this.inner.dropShuffles(ids); }
  dropCache(cacheId: string): Promise<void> { return this.inner.dropCache(cacheId); }
  stop(): Promise<void> { return this.inner.stop(); }
}
