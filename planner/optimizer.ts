/**
 * The optimizer: applies every rule in turn, pass after pass, until a pass changes nothing
 * (a fixed point) or the pass cap is reached.
 */
import type { LogicalPlan } from './logical.js';
import { planEquals } from './plan-utils.js';
import { RULES, type Rule } from './rules/index.js';

/** Passes after which the optimizer stops even without a fixed point. */
export const MAX_PASSES = 25;

/** Optimizes an analyzed plan with `rules` (all of them by default). */
export function optimize(plan: LogicalPlan, rules: readonly Rule[] = RULES): LogicalPlan {
  let current = plan;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let next = current;
    for (const rule of rules) next = rule.rewrite(next);
    if (planEquals(next, current)) return next;
    current = next;
  }
  return current;
}
