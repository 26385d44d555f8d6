/**
 * explain(): the parsed and optimized logical plans, the physical plan and the stages as
 * indented trees, one node a line. The text is deterministic: file basenames only, no plan
 * or cache ids, shuffle ids from the given counter.
 */
import { basename } from 'node:path';
import { describeExpr } from '../engine/expr/index.js';
import type { AggSpec, Expr, SortKey, WindowFnSpec } from '../engine/expr.js';
import type { Partitioning, PhysicalNode, RankingFn, SourceSplit } from '../engine/plan.js';
import type { LogicalPlan } from './logical.js';
import { describeLExpr, describeSortKey } from './names.js';
import { planChildren } from './plan-utils.js';
import type { StageGraph } from './stage-graph.js';
import { describeRowFnLogical, describeRowFnPhysical } from './row-fn.js';

/** Prints a tree: `+- ` before the last child, `:- ` before the others. */
function tree<T>(root: T, label: (n: T) => string, children: (n: T) => readonly T[]): string[] {
  const lines: string[] = [];
  const walk = (n: T, prefix: string, childPrefix: string): void => {
    lines.push(prefix + label(n));
    const cs = children(n);
    cs.forEach((c, i) => {
      const last = i === cs.length - 1;
      walk(c, `${childPrefix}${last ? '+- ' : ':- '}`, `${childPrefix}${last ? '   ' : ':  '}`);
    });
  };
  walk(root, '', '');
  return lines;
}

const list = (xs: readonly string[]): string => `[${xs.join(', ')}]`;

function uniqueBasenames(paths: readonly string[]): string[] {
  return [...new Set(paths.map((p) => basename(p)))];
}

/** One line of a logical node. */
export function describeLogicalNode(p: LogicalPlan): string {
  switch (p.node) {
    case 'scan': {
      const s = p.source;
      const cols = (p.projection ?? p.schema.map((_, i) => i)).map((i) => p.schema[i]?.name ?? `#${i}`);
      let what: string;
      if (s.format === 'range') what = `range(${s.start}, ${s.end}, step=${s.step}, partitions=${s.partitions})`;
      else if (s.format === 'inline') what = `inline(partitions=${s.partitionsIpc.length})`;
      else what = `${s.format} ${list(uniqueBasenames(s.paths))}`;
      const filters = p.filters.length ? ` filters=${list(p.filters.map(describeLExpr))}` : '';
      return `Scan ${what} ${list(cols)}${filters}`;
    }
    case 'project':
      return `Project ${list(p.exprs.map(describeLExpr))}${p.lambda ? ` <- compiled lambda ${lambdaText(p.lambda)}` : ''}`;
    case 'filter':
      return `Filter ${describeLExpr(p.predicate)}${p.lambda ? ` <- compiled lambda ${lambdaText(p.lambda)}` : ''}`;
    case 'mapRows':
    case 'groupRows':
      return describeRowFnLogical(p);
    case 'aggregate':
      return `Aggregate ${list(p.groupBy.map(describeLExpr))}, ${list(p.aggs.map(describeLExpr))}`;
    case 'join': {
      const cond = p.using ? `, using ${list(p.using)}` : p.on ? `, ${describeLExpr(p.on)}` : '';
      return `Join ${p.how}${cond}`;
    }
    case 'sort':
      return `Sort ${list(p.keys.map(describeSortKey))}`;
    case 'limit':
      return `Limit ${p.n}`;
    case 'union':
      return 'Union';
    case 'distinct':
      return 'Distinct';
    case 'repartition':
      return p.keys.length ? `Repartition ${p.partitions}, hash ${list(p.keys.map(describeLExpr))}` : `Repartition ${p.partitions}, round robin`;
    case 'coalesce':
      return `Coalesce ${p.partitions}`;
    case 'window': {
      const limit = p.groupLimit ? `, groupLimit ${describeRankingFn(p.groupLimit.fn)} <= ${p.groupLimit.limit}` : '';
      return `Window ${list(p.exprs.map(describeLExpr))}${limit}`;
    }
    case 'cache':
      return 'Cache';
  }
}

function lambdaText(source: string): string {
  const s = source.replace(/\s+/g, ' ').trim();
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The logical plan as an indented tree. */
export function printLogicalPlan(plan: LogicalPlan): string {
  return tree(plan, describeLogicalNode, planChildren).join('\n');
}

function describeAgg(a: AggSpec): string {
  if (a.fn === 'count' && a.args.length === 0) return 'count(1)';
  const args = a.args.map(describeExpr).join(', ');
  return a.fn === 'countDistinct' ? `count(DISTINCT ${args})` : `${a.fn}(${args})`;
}

function describeKey(k: SortKey): string {
  return `${describeExpr(k.expr)} ${k.asc ? 'ASC' : 'DESC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`;
}

function describeRankingFn(fn: RankingFn): string {
  switch (fn) {
    case 'rowNumber':
      return 'row_number()';
    case 'rank':
      return 'rank()';
    case 'denseRank':
      return 'dense_rank()';
  }
}

function describeWindowFn(f: WindowFnSpec): string {
  return f.kind === 'agg' ? describeAgg(f.agg) : describeRankingFn(f.kind);
}

/** Text of a partitioning. */
export function describePartitioning(p: Partitioning): string {
  switch (p.kind) {
    case 'hash':
      return `hash(${list(p.keys.map(describeExpr))}, ${p.partitions})`;
    case 'range':
      return `range(${list(p.keys.map(describeKey))}, ${p.partitions})`;
    case 'roundRobin':
      return `roundRobin(${p.partitions})`;
    case 'single':
      return 'single';
  }
}

function describeSplits(splits: readonly SourceSplit[]): string {
  const first = splits[0];
  if (first === undefined) return 'no splits';
  switch (first.kind) {
    case 'csv':
    case 'json':
    case 'arrow':
    case 'parquet':
      return `${first.kind} ${list(uniqueBasenames(splits.map((s) => (s as { path: string }).path)))}`;
    case 'range': {
      const last = splits[splits.length - 1] as typeof first;
      return `range(${first.start}, ${last.end}, step=${first.step})`;
    }
    case 'inline':
      return 'inline';
    case 'cached':
      return 'cached';
  }
}

/** `expr AS name` when the column's name is not the expression's own text. */
function named(e: Expr, name: string): string {
  const t = describeExpr(e);
  return t === name ? t : `${t} AS ${name}`;
}

/** One line of a physical node. */
export function describePhysicalNode(n: PhysicalNode): string {
  const parts = ((): string => {
    switch (n.op) {
      case 'scan': {
        const pruned = n.pruning ? ` partitionFilters=${list(n.pruning.partitionFilters.map(describeExpr))} files=${n.pruning.filesRead}/${n.pruning.filesTotal}` : '';
        const filters = `${pruned}${n.filters.length ? ` pushedFilters=${list(n.filters.map(describeExpr))}` : ''}`;
        const cols = n.projection !== null ? `projection=${list(n.projection.map((i) => n.fileSchema[i]?.name ?? `#${i}`))}` : list(n.schema.map((f) => f.name));
        return `Scan ${describeSplits(n.splits)} ${cols}${filters}`;
      }
      case 'project':
        return `Project ${list(n.exprs.map((e, i) => named(e, n.schema[i]!.name)))}`;
      case 'filter':
        return `Filter ${describeExpr(n.predicate)}`;
      case 'aggregate': {
        const k = n.groupBy.length;
        return `HashAggregate(${n.mode}) keys=${list(n.groupBy.map((g, i) => named(g, n.schema[i]!.name)))} aggs=${list(n.aggs.map((a, i) => {
          const d = describeAgg(a);
          const name = n.mode === 'partial' ? undefined : n.schema[k + i]?.name;
          return name === undefined || name === d ? d : `${d} AS ${name}`;
        }))}`;
      }
      case 'hashJoin': {
        const filter = n.filter ? ` filter=${describeExpr(n.filter)}` : '';
        return `HashJoin ${n.how} leftKeys=${list(n.leftKeys.map(describeExpr))} rightKeys=${list(n.rightKeys.map(describeExpr))} build=${n.build}${filter}`;
      }
      case 'nestedLoopJoin':
        return `NestedLoopJoin ${n.how}${n.filter ? ` filter=${describeExpr(n.filter)}` : ''}`;
      case 'sort':
        return n.limit === null ? `Sort ${list(n.keys.map(describeKey))}` : `TopK ${n.limit} ${list(n.keys.map(describeKey))}`;
      case 'limit':
        return `Limit ${n.n}`;
      case 'union':
        return 'Union';
      case 'coalesce':
        return `Coalesce groups=${list(n.groups.map((g) => list(g.map(String))))}`;
      case 'window': {
        const base = n.schema.length - n.fns.length;
        const fns = n.fns.map((f, i) => `${describeWindowFn(f)} AS ${n.schema[base + i]!.name}`);
        return `Window partitionBy=${list(n.partitionBy.map(describeExpr))} orderBy=${list(n.orderBy.map(describeKey))} fns=${list(fns)}`;
      }
      case 'windowGroupLimit':
        return `WindowGroupLimit(${n.mode}) partitionBy=${list(n.partitionBy.map(describeExpr))} orderBy=${list(n.orderBy.map(describeKey))} ${describeRankingFn(n.fn)} <= ${n.limit}`;
      case 'rowFn':
      case 'rowFnGroups':
        return describeRowFnPhysical(n);
      case 'exchange':
        return `Exchange ${n.broadcast ? 'broadcast ' : ''}${describePartitioning(n.partitioning)}`;
      case 'shuffleRead':
        return `ShuffleRead shuffle=${n.shuffleId}${n.broadcast ? ' broadcast' : ''}${n.reduce ? ` reduce=${list(n.reduce.map(String))}` : ''}`;
    }
  })();
  return `${parts} partitions=${n.partitions}`;
}

function physicalChildren(n: PhysicalNode): readonly PhysicalNode[] {
  switch (n.op) {
    case 'scan':
    case 'shuffleRead':
      return [];
    case 'hashJoin':
    case 'nestedLoopJoin':
      return [n.left, n.right];
    case 'union':
      return n.inputs;
    default:
      return [n.input];
  }
}

/** The physical plan as an indented tree. */
export function printPhysicalPlan(plan: PhysicalNode): string {
  return tree(plan, describePhysicalNode, physicalChildren).join('\n');
}

/** Every stage: its id, task count, output and parents, then its plan indented. */
export function printStages(graph: StageGraph): string {
  return graph.stages.map((s) => {
    const out = s.output.kind === 'result'
      ? 'result'
      : `shuffle ${s.output.shuffleId} ${s.output.broadcast ? 'broadcast ' : ''}${describePartitioning(s.output.partitioning)}`;
    const head = `Stage ${s.id}: tasks=${s.partitions} output=${out} parents=${list(s.parents.map(String))}`;
    return [head, ...printPhysicalPlan(s.plan).split('\n').map((l) => `  ${l}`)].join('\n');
  }).join('\n');
}
