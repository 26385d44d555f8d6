/**
 * The whole planning pipeline of a query, and explain() over it.
 */
import type { PhysicalNode } from '../engine/plan.js';
import { analyze } from './analyzer.js';
import { cutStages } from './cut-stages.js';
import { printLogicalPlan, printPhysicalPlan, printStages } from './explain.js';
import type { LogicalPlan } from './logical.js';
import { optimize } from './optimizer.js';
import { createPhysicalPlan, type PlanContext } from './physical/index.js';
import type { PlannerConf, StageGraph } from './stage-graph.js';

/** Every form of a planned query. */
export interface PlannedQuery {
  readonly analyzed: LogicalPlan;
  readonly optimized: LogicalPlan;
  readonly physical: PhysicalNode;
  readonly stages: StageGraph;
}

/** Analyzes, optimizes, plans and cuts a query into stages. */
export async function planQuery(plan: LogicalPlan, conf: PlannerConf, ctx: PlanContext, nextShuffleId: () => number): Promise<PlannedQuery> {
  const analyzed = analyze(plan);
  const optimized = optimize(analyzed);
  const physical = await createPhysicalPlan(optimized, conf, ctx);
  return { analyzed, optimized, physical, stages: cutStages(physical, nextShuffleId) };
}

/**
 * The four sections `== Parsed Logical Plan ==`, `== Optimized Logical Plan ==`,
 * `== Physical Plan ==` and `== Stages ==`. Shuffle ids count from 0 unless a counter is given.
 */
export async function explain(plan: LogicalPlan, conf: PlannerConf, ctx: PlanContext, nextShuffleId?: () => number): Promise<string> {
  let n = 0;
  const q = await planQuery(plan, conf, ctx, nextShuffleId ?? (() => n++));
  return [
    '== Parsed Logical Plan ==', printLogicalPlan(plan),
    '== Optimized Logical Plan ==', printLogicalPlan(q.optimized),
    '== Physical Plan ==', printPhysicalPlan(q.physical),
    '== Stages ==', printStages(q.stages),
  ].join('\n');
}
