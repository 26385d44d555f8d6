/**
 * The shape of an optimizer rule.
 */
import type { LogicalPlan } from '../logical.js';

/** One rewrite of the optimizer: a pure function plan → plan that never changes results. */
export interface Rule {
  readonly name: string;
  rewrite(plan: LogicalPlan): LogicalPlan;
}
