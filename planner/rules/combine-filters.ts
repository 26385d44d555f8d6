/**
 * Combine filters: two adjacent filters become one whose predicate is the AND of both
 * (the lower one first, so it still guards the upper one's evaluation order).
 */
import type { LogicalPlan } from '../logical.js';
import { transformUp } from '../plan-utils.js';
import type { Rule } from './rule.js';

/** The combine-filters rule. */
export const combineFilters: Rule = {
  name: 'combine-filters',
  rewrite(plan: LogicalPlan): LogicalPlan {
    return transformUp(plan, (p) => {
      if (p.node !== 'filter' || p.input.node !== 'filter') return p;
      return { ...p, input: p.input.input, predicate: { kind: 'call', fn: 'and', args: [p.input.predicate, p.predicate] } };
    });
  },
};
