/**
 * Tree helpers over logical plans: children, rebuilding with new children, bottom-up
 * transformation and the expressions each node holds.
 */
import type { LExpr, LogicalPlan } from './logical.js';
import { exprName } from './names.js';

/** The inputs of a node, in order. */
export function planChildren(plan: LogicalPlan): LogicalPlan[] {
  switch (plan.node) {
    case 'scan':
      return [];
    case 'join':
      return [plan.left, plan.right];
    case 'union':
      return [...plan.inputs];
    default:
      return [plan.input];
  }
}

/** The node with its inputs replaced (same object when nothing changed). */
export function withChildren(plan: LogicalPlan, children: readonly LogicalPlan[]): LogicalPlan {
  const old = planChildren(plan);
  if (old.length === children.length && old.every((c, i) => c === children[i])) return plan;
  switch (plan.node) {
    case 'scan':
      return plan;
    case 'join':
      return { ...plan, left: children[0]!, right: children[1]! };
    case 'union':
      return { ...plan, inputs: [...children] };
    default:
      return { ...plan, input: children[0]! } as LogicalPlan;
  }
}

/** Applies `f` to every node, children first. */
export function transformUp(plan: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  return f(withChildren(plan, planChildren(plan).map((c) => transformUp(c, f))));
}

/** Applies `f` to every node, parents first (f's result's children are then visited). */
export function transformDown(plan: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const p = f(plan);
  return withChildren(p, planChildren(p).map((c) => transformDown(c, f)));
}

/**
 * Rewrites every expression a node holds with `f`. Output expressions whose text names a
 * column (project, aggregate) keep their name: a changed unaliased one gets an alias.
 */
export function mapNodeExprs(plan: LogicalPlan, f: (e: LExpr) => LExpr): LogicalPlan {
  const named = (e: LExpr): LExpr => {
    const r = f(e);
    if (r === e) return e;
    const name = exprName(e);
    return exprName(r) === name ? r : { kind: 'alias', expr: r.kind === 'alias' ? r.expr : r, name };
  };
  switch (plan.node) {
    case 'scan':
      return { ...plan, filters: plan.filters.map(f) };
    case 'project':
      return { ...plan, exprs: plan.exprs.map(named) };
    case 'filter':
      return { ...plan, predicate: f(plan.predicate) };
    case 'aggregate':
      return { ...plan, groupBy: plan.groupBy.map(named), aggs: plan.aggs.map(named) };
    case 'join':
      return plan.on === null ? plan : { ...plan, on: f(plan.on) };
    case 'sort':
      return { ...plan, keys: plan.keys.map((k) => ({ ...k, expr: f(k.expr) })) };
    case 'repartition':
      return { ...plan, keys: plan.keys.map(f) };
    case 'window':
      return { ...plan, exprs: plan.exprs.map(named) };
    default:
      return plan;
  }
}

/** Structural equality of two plans. */
export function planEquals(a: LogicalPlan, b: LogicalPlan): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
