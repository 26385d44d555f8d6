/**
 * The physical planner: an optimized logical plan becomes a tree of physical operators with
 * explicit exchanges, every expression bound to column indices and typed.
 */
import { InternalError } from '../../engine/errors.js';
import { planSplits } from '../../engine/io/index.js';
import type { Expr } from '../../engine/expr.js';
import type { PhysicalNode, SourceSplit } from '../../engine/plan.js';
import type { LogicalPlan } from '../logical.js';
import { attrsOf } from '../plan-attrs.js';
import type { PlannerConf } from '../stage-graph.js';
import { planAggregate, planDistinct } from './aggregate.js';
import { bindExpr, bindSortKey, fieldsOf } from './bind.js';
import { rangeRows } from './estimate.js';
import { planJoin } from './join.js';
import { exchange, limit, project, sort } from './nodes.js';
import { planWindow } from './window.js';
import { prunePartitions } from './partition-pruning.js';
import { planGroupRows, planMapRows } from '../row-fn.js';

/** What the physical planner needs from the runtime. */
export interface PlanContext {
  /** The location of each partition of a materialized cache, or undefined when it is not materialized. */
  cacheLocations(cacheId: string): readonly string[] | undefined;
}

/** Splits a range into `partitions` contiguous pieces of (nearly) equal row counts. */
export function rangeSplits(start: number, end: number, step: number, partitions: number): SourceSplit[] {
  const rows = rangeRows(start, end, step);
  const out: SourceSplit[] = [];
  for (let p = 0; p < partitions; p++) {
    const r0 = Math.floor((p * rows) / partitions);
    const r1 = Math.floor(((p + 1) * rows) / partitions);
    out.push({ kind: 'range', start: start + r0 * step, end: start + r1 * step, step });
  }
  return out;
}

/** Coalesces `inputs` partitions into `n` contiguous groups. */
export function coalesceGroups(inputs: number, n: number): number[][] {
  const groups: number[][] = [];
  for (let g = 0; g < n; g++) {
    const a = Math.floor((g * inputs) / n);
    const b = Math.floor(((g + 1) * inputs) / n);
    groups.push(Array.from({ length: b - a }, (_, i) => a + i));
  }
  return groups;
}

/** Plans an optimized logical plan. */
export async function createPhysicalPlan(plan: LogicalPlan, conf: PlannerConf, ctx: PlanContext): Promise<PhysicalNode> {
  return new PhysicalPlanner(conf, ctx).plan(plan);
}

class PhysicalPlanner {
  constructor(private readonly conf: PlannerConf, private readonly ctx: PlanContext) {}

  async plan(p: LogicalPlan): Promise<PhysicalNode> {
    const n = this.conf.shufflePartitions;
    switch (p.node) {
      case 'scan':
        return this.scan(p);
      case 'project': {
        const input = await this.plan(p.input);
        const inAttrs = attrsOf(p.input);
        return project(input, p.exprs.map((e) => bindExpr(e, inAttrs)), fieldsOf(attrsOf(p)));
      }
      case 'filter': {
        const input = await this.plan(p.input);
        return { op: 'filter', input, predicate: bindExpr(p.predicate, attrsOf(p.input)), schema: input.schema, partitions: input.partitions };
      }
      case 'aggregate': {
        const input = await this.plan(p.input);
        return planAggregate(p.groupBy, p.aggs, attrsOf(p), input, attrsOf(p.input), n);
      }
      case 'distinct':
        return planDistinct(attrsOf(p), await this.plan(p.input), n);
      case 'join': {
        const [l, r] = await Promise.all([this.plan(p.left), this.plan(p.right)]);
        return planJoin(p, l, r, this.conf);
      }
      case 'sort': {
        const input = await this.plan(p.input);
        const keys = p.keys.map((k) => bindSortKey(k, attrsOf(p.input)));
        if (input.partitions <= 1) return sort(input, keys, null);
        return sort(exchange(input, { kind: 'range', keys, partitions: n }), keys, null);
      }
      case 'limit': {
        const sorted = p.input;
        if (sorted.node === 'sort') {
          // Top-k: each partition keeps its first n rows, one task keeps the first n of those.
          const input = await this.plan(sorted.input);
          const keys = sorted.keys.map((k) => bindSortKey(k, attrsOf(sorted.input)));
          const local = sort(input, keys, p.n);
          if (input.partitions <= 1) return local;
          return sort(exchange(local, { kind: 'single' }), keys, p.n);
        }
        const input = await this.plan(p.input);
        if (input.partitions <= 1) return limit(input, p.n);
        return limit(exchange(limit(input, p.n), { kind: 'single' }), p.n);
      }
      case 'union': {
        const inputs = await Promise.all(p.inputs.map((i) => this.plan(i)));
        return { op: 'union', inputs, schema: fieldsOf(attrsOf(p)), partitions: inputs.reduce((s, i) => s + i.partitions, 0) };
      }
      case 'repartition': {
        const input = await this.plan(p.input);
        if (p.keys.length === 0) return exchange(input, { kind: 'roundRobin', partitions: p.partitions });
        const keys = p.keys.map((k) => bindExpr(k, attrsOf(p.input)));
        return exchange(input, { kind: 'hash', keys, partitions: p.partitions });
      }
      case 'coalesce': {
        const input = await this.plan(p.input);
        if (p.partitions >= input.partitions) return input;
        const groups = coalesceGroups(input.partitions, p.partitions);
        return { op: 'coalesce', input, groups, schema: input.schema, partitions: groups.length };
      }
      case 'window':
        return planWindow(p, await this.plan(p.input), n);
      case 'mapRows':
        return planMapRows(p, await this.plan(p.input));
      case 'groupRows':
        return planGroupRows(p, await this.plan(p.input), n);
      case 'cache': {
        const locations = this.ctx.cacheLocations(p.cacheId);
        if (locations === undefined) return this.plan(p.input);
        const schema = fieldsOf(attrsOf(p));
        const splits: SourceSplit[] = locations.map((location, partition) => ({ kind: 'cached', cacheId: p.cacheId, partition, location }));
        return { op: 'scan', fileSchema: schema, splits, projection: null, filters: [], schema, partitions: splits.length };
      }
    }
  }

  private async scan(p: Extract<LogicalPlan, { node: 'scan' }>): Promise<PhysicalNode> {
    const s = p.source;
    const attrs = attrsOf(p);
    let filters = p.filters.map((f) => bindExpr(f, attrs));
    let pruning: { partitionFilters: readonly Expr[]; filesRead: number; filesTotal: number } | undefined;
    let splits: SourceSplit[];
    switch (s.format) {
      case 'range':
        splits = rangeSplits(s.start, s.end, s.step, Math.max(1, s.partitions));
        break;
      case 'inline':
        splits = s.partitionsIpc.map((ipc) => ({ kind: 'inline', ipc }));
        break;
      case 'csv':
      case 'json':
      case 'arrow':
      case 'parquet': {
        const files = prunePartitions(s, p.schema, p.projection, filters);
        if (files.partitionFilters.length > 0) {
          pruning = { partitionFilters: files.partitionFilters, filesRead: files.paths.length, filesTotal: s.paths.length };
          filters = [...files.filters];
        }
        splits = await planSplits(s.format, files.paths, {
          maxSplitBytes: this.conf.maxSplitBytes, csv: s.format === 'csv' ? s.options : undefined, partitionValues: files.partitionValues,
        });
        break;
      }
      default:
        throw new InternalError(`unknown scan format ${(s as { format: string }).format}`);
    }
    return { op: 'scan', fileSchema: p.schema, splits, projection: p.projection, filters, ...(pruning ? { pruning } : {}), schema: fieldsOf(attrs), partitions: splits.length };
  }
}
