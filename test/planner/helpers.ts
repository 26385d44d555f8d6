/**
 * A small builder of logical plans for the planner tests, with shared settings.
 */
import { resolve } from 'node:path';
import type { AggFn, LitValue, ScalarFn } from '../../engine/expr.js';
import type { JoinType } from '../../engine/plan.js';
import type { DataType, Field, Schema } from '../../engine/types.js';
import type { LExpr, LogicalPlan, LSortKey, LWindowFn } from '../../planner/logical.js';
import type { PlanContext } from '../../planner/index.js';
import type { PlannerConf } from '../../planner/stage-graph.js';

let nextId = 1;
const id = (): number => nextId++;

/** Settings: 4 shuffle partitions, broadcast below 1000 bytes. */
export const CONF: PlannerConf = { shufflePartitions: 4, broadcastThresholdBytes: 1000, maxSplitBytes: 1 << 20 };

/** No cache materialized. */
export const NO_CACHE: PlanContext = { cacheLocations: () => undefined };

/** A test fixture path (tests run from the repo root). */
export function fixture(name: string): string {
  return resolve('test/fixtures/planner', name);
}

/** Fields from `name:type` pairs. */
export function fields(spec: Record<string, DataType>): Field[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type, nullable: true }));
}

export const PEOPLE: Schema = fields({ id: 'int32', name: 'utf8', v1: 'int32', v2: 'float64', city: 'utf8' });
export const ORDERS: Schema = fields({ oid: 'int32', pid: 'int32', amount: 'float64' });

export const col = (name: string, planId?: number): LExpr => (planId === undefined ? { kind: 'col', name } : { kind: 'col', name, planId });
export const lit = (value: LitValue, type?: DataType): LExpr => (type ? { kind: 'lit', value, type } : { kind: 'lit', value });
export const call = (fn: ScalarFn, ...args: LExpr[]): LExpr => ({ kind: 'call', fn, args });
export const as = (expr: LExpr, name: string): LExpr => ({ kind: 'alias', expr, name });
export const cast = (expr: LExpr, type: DataType): LExpr => ({ kind: 'cast', expr, type });
export const agg = (fn: AggFn, ...args: LExpr[]): LExpr => ({ kind: 'agg', fn, args });
export const asc = (expr: LExpr): LSortKey => ({ expr, asc: true, nullsFirst: true });
export const desc = (expr: LExpr): LSortKey => ({ expr, asc: false, nullsFirst: false });
export const win = (fn: LWindowFn, partitionBy: LExpr[], orderBy: LSortKey[]): LExpr => ({ kind: 'window', fn, partitionBy, orderBy });

/** Logical plan builders; each node gets a fresh id. */
export const b = {
  csv(path: string, schema: Schema, sizeBytes = 1_000_000): LogicalPlan {
    const options = { header: true, delimiter: ',', quote: '"', escape: '"', nullValue: '' };
    return { id: id(), node: 'scan', source: { format: 'csv', paths: [path], options, sizeBytes }, schema, projection: null, filters: [] };
  },
  parquet(path: string, schema: Schema, sizeBytes = 1_000_000): LogicalPlan {
    return { id: id(), node: 'scan', source: { format: 'parquet', paths: [path], sizeBytes }, schema, projection: null, filters: [] };
  },
  inline(schema: Schema, partitions = 2, sizeBytes = 100): LogicalPlan {
    // Stand-ins for the IPC streams: the planner only moves them around.
    const partitionsIpc = Array.from({ length: partitions }, (_, i) => new TextEncoder().encode(`part${i}`));
    return { id: id(), node: 'scan', source: { format: 'inline', partitionsIpc, sizeBytes }, schema, projection: null, filters: [] };
  },
  range(start: number, end: number, partitions = 2): LogicalPlan {
    return { id: id(), node: 'scan', source: { format: 'range', start, end, step: 1, partitions }, schema: fields({ id: 'int64' }), projection: null, filters: [] };
  },
  project: (input: LogicalPlan, ...exprs: LExpr[]): LogicalPlan => ({ id: id(), node: 'project', input, exprs }),
  filter: (input: LogicalPlan, predicate: LExpr): LogicalPlan => ({ id: id(), node: 'filter', input, predicate }),
  agg: (input: LogicalPlan, groupBy: LExpr[], aggs: LExpr[]): LogicalPlan => ({ id: id(), node: 'aggregate', input, groupBy, aggs }),
  join: (left: LogicalPlan, right: LogicalPlan, how: JoinType, on: LExpr | string[] | null): LogicalPlan => ({
    id: id(), node: 'join', left, right, how,
    on: Array.isArray(on) || on === null ? null : on,
    using: Array.isArray(on) ? on : null,
  }),
  sort: (input: LogicalPlan, ...keys: LSortKey[]): LogicalPlan => ({ id: id(), node: 'sort', input, keys }),
  limit: (input: LogicalPlan, n: number): LogicalPlan => ({ id: id(), node: 'limit', input, n }),
  union: (...inputs: LogicalPlan[]): LogicalPlan => ({ id: id(), node: 'union', inputs }),
  distinct: (input: LogicalPlan): LogicalPlan => ({ id: id(), node: 'distinct', input }),
  repartition: (input: LogicalPlan, partitions: number, ...keys: LExpr[]): LogicalPlan => ({ id: id(), node: 'repartition', input, partitions, keys }),
  coalesce: (input: LogicalPlan, partitions: number): LogicalPlan => ({ id: id(), node: 'coalesce', input, partitions }),
  cache: (input: LogicalPlan, cacheId: string): LogicalPlan => ({ id: id(), node: 'cache', input, cacheId }),
};

/** The node kinds of a plan, top-down and depth-first, for shape assertions. */
export function shape(plan: LogicalPlan): string {
  const kids = plan.node === 'scan' ? [] : plan.node === 'join' ? [plan.left, plan.right] : plan.node === 'union' ? plan.inputs : [plan.input];
  return kids.length === 0 ? plan.node : `${plan.node}(${kids.map(shape).join(', ')})`;
}
