/**
 * Real tasks for the cluster tests: range scans feeding a hash shuffle, shuffle reads, caches,
 * and an independent decoder of result bytes (apache-arrow directly, not the engine).
 */
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import type { Expr } from '../../../engine/expr.js';
import type { PhysicalNode, ShuffleInput, Task, TaskOutput } from '../../../engine/plan.js';
import type { Schema } from '../../../engine/types.js';

/** The schema of a range: one non-null int64 column `id`. */
export const ID_SCHEMA: Schema = [{ name: 'id', type: 'int64', nullable: false }];

const ID: Expr = { kind: 'col', index: 0, type: 'int64', name: 'id' };

/** A scan of ids [start, end). */
export function rangeScan(start: number, end: number): PhysicalNode {
  return { op: 'scan', splits: [{ kind: 'range', start, end, step: 1 }], fileSchema: ID_SCHEMA, projection: null, filters: [], schema: ID_SCHEMA, partitions: 1 };
}

/** A scan of a cached partition. */
export function cachedScan(cacheId: string, partition: number, location: string): PhysicalNode {
  return { op: 'scan', splits: [{ kind: 'cached', cacheId, partition, location }], fileSchema: ID_SCHEMA, projection: null, filters: [], schema: ID_SCHEMA, partitions: 1 };
}

/** A task around a plan. */
export function task(plan: PhysicalNode, output: TaskOutput, opts: { partition?: number; stageId?: number; inputs?: ShuffleInput[] } = {}): Task {
  return {
    jobId: 'job-test', stageId: opts.stageId ?? 0, partition: opts.partition ?? 0, attempt: 0, plan,
    inputs: opts.inputs ?? [], output, conf: { batchSize: 1024, bigint: false },
  };
}

/** A map task: ids [start, end) hash-partitioned on id into `reducers` pieces of shuffle `shuffleId`. */
export function mapTask(shuffleId: number, map: number, start: number, end: number, reducers: number): Task {
  return task(rangeScan(start, end), { kind: 'shuffle', shuffleId, partitioning: { kind: 'hash', keys: [ID], partitions: reducers } }, { partition: map });
}

/** A reduce task reading reduce partition `reduce` of `input` and returning the rows. */
export function reduceTask(input: ShuffleInput, reduce: number, reducers: number): Task {
  const plan: PhysicalNode = { op: 'shuffleRead', shuffleId: input.shuffleId, broadcast: false, reduce: [reduce], schema: ID_SCHEMA, partitions: reducers };
  return task(plan, { kind: 'result' }, { partition: reduce, stageId: 1, inputs: [input] });
}

/** The ids in an IPC stream, decoded with apache-arrow (independent of the engine). */
export function idsOf(ipc: Uint8Array): number[] {
  if (ipc.byteLength === 0) return [];
  const t = tableFromIPC(ipc);
  const col = t.getChild('id');
  if (!col) throw new Error(`no id column in ${t.schema.fields.map((f) => f.name).join(', ')}`);
  return Array.from(col.toArray() as ArrayLike<number | bigint>, (v) => Number(v));
}

/** [start, end) as an array. */
export function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

/** Polls `cond` every 50 ms until it holds or `ms` pass. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** True while a process with this pid exists and is not a zombie (a dead child nobody reaped yet). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
