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
  // Lists are rebuilt (and the node copied) only when an expression changed.
  const map = (xs: readonly LExpr[], g: (e: LExpr) => LExpr): readonly LExpr[] => {
    const ys = xs.map(g);
    return ys.every((y, i) => y === xs[i]) ? xs : ys;
  };
  switch (plan.node) {
    case 'scan': {
      const filters = map(plan.filters, f);
      return filters === plan.filters ? plan : { ...plan, filters };
    }
    case 'project': {
      const exprs = map(plan.exprs, named);
      return exprs === plan.exprs ? plan : { ...plan, exprs };
    }
    case 'filter': {
      const predicate = f(plan.predicate);
      return predicate === plan.predicate ? plan : { ...plan, predicate };
    }
    case 'aggregate': {
      const groupBy = map(plan.groupBy, named);
      const aggs = map(plan.aggs, named);
      return groupBy === plan.groupBy && aggs === plan.aggs ? plan : { ...plan, groupBy, aggs };
    }
    case 'join': {
      if (plan.on === null) return plan;
      const on = f(plan.on);
      return on === plan.on ? plan : { ...plan, on };
    }
    case 'sort': {
      const exprs = map(plan.keys.map((k) => k.expr), f);
      return exprs.every((e, i) => e === plan.keys[i]!.expr) ? plan : { ...plan, keys: plan.keys.map((k, i) => ({ ...k, expr: exprs[i]! })) };
    }
    case 'repartition': {
      const keys = map(plan.keys, f);
      return keys === plan.keys ? plan : { ...plan, keys };
    }
    case 'window': {
      const exprs = map(plan.exprs, named);
      return exprs === plan.exprs ? plan : { ...plan, exprs };
    }
    default:
      return plan;
  }
}

/**
 * Structural equality of two plans. Byte blocks (inline data) compare by identity: rules never
 * copy them, and spelling megabytes out as JSON on every optimizer pass would be slow.
 */
export function planEquals(a: LogicalPlan, b: LogicalPlan): boolean {
  return a === b || planKey(a) === planKey(b);
}

const blockIds = new WeakMap<Uint8Array, number>();
let nextBlockId = 0;

function planKey(p: LogicalPlan): string {
  return JSON.stringify(p, function (this: Record<string, unknown>, k: string, v: unknown) {
    const raw = this[k];
    if (!(raw instanceof Uint8Array)) return v;
    let id = blockIds.get(raw);
    if (id === undefined) blockIds.set(raw, (id = nextBlockId++));
    return `bytes#${id}`;
  });
}
