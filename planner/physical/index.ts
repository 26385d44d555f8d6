/**
 * Physical planning: an optimized logical plan becomes operators with explicit exchanges.
 */
export { createPhysicalPlan, rangeSplits, coalesceGroups, type PlanContext } from './planner.js';
export { planAggregate, planDistinct, collectAggCalls } from './aggregate.js';
export { planJoin, splitJoinCondition } from './join.js';
export { planWindow } from './window.js';
export { bindExpr, bindSortKey } from './bind.js';
export { estimateBytes } from './estimate.js';
