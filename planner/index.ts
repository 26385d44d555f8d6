/**
 * The planner: LogicalPlan → analyzed (names and types resolved) → optimized (rules) →
 * physical operator tree with exchanges → StageGraph; and explain().
 */
export { analyze, SYNTHETIC_ID } from './analyzer.js';
export { schemaOf } from './plan-attrs.js';
export { typeOf, litType, commonType } from './typing.js';
export { exprName, describeLExpr } from './names.js';
export { exprChildren } from './expr-utils.js';
export { optimize, MAX_PASSES } from './optimizer.js';
export { RULES, constantFolding, combineFilters, pushDownFilters, pruneProjections, pushDownLimit, inferWindowGroupLimit, type Rule } from './rules/index.js';
export { createPhysicalPlan, estimateBytes, type PlanContext } from './physical/index.js';
export { findUncachedCaches } from './find-caches.js';
export { cutStages } from './cut-stages.js';
export { specializeForPartition, readsOnlyShuffles } from './specialize.js';
export { explain, planQuery, type PlannedQuery } from './plan-query.js';
export { printLogicalPlan, printPhysicalPlan, printStages, describeLogicalNode, describePhysicalNode } from './explain.js';
export type { PlannerConf, Stage, StageGraph, StageOutput } from './stage-graph.js';
