/**
 * Projection pruning: each node keeps only the columns used above it. Unused project and
 * aggregate outputs and window columns are dropped, join sides, union inputs and window
 * inputs get a project of what is used, and a scan's `projection` lists only the file columns read (so
 * readers skip the rest). Nothing below a cache or a distinct is pruned (their rows depend on
 * every column).
 */
import { columnRefs } from '../expr-utils.js';
import type { LExpr, LogicalPlan } from '../logical.js';
import { refFor, resolveColumn, SYNTHETIC_ID, type Attr } from '../resolve.js';
import { attrsOf, joinInputAttrs, usingIndices } from '../plan-attrs.js';
import type { Rule } from './rule.js';
import { mapRowsInputNeed, passesRows } from '../row-fn.js';

const all = (p: LogicalPlan): Set<number> => new Set(attrsOf(p).map((_, i) => i));

/** Adds the input columns `exprs` refer to into `need`. */
function addRefs(need: Set<number>, exprs: readonly LExpr[], attrs: readonly Attr[]): Set<number> {
  for (const e of exprs) for (const r of columnRefs(e)) need.add(resolveColumn(attrs, r));
  return need;
}

/** `pruned` (the pruned form of `orig`) narrowed to exactly the `need` columns of `orig`, in order. */
function exactly(orig: LogicalPlan, pruned: LogicalPlan, need: Set<number>): LogicalPlan {
  const before = attrsOf(orig);
  const after = attrsOf(pruned);
  const idx = [...need].sort((a, b) => a - b);
  if (after.length === idx.length) return pruned;
  const exprs = idx.map((i) => refFor(after, resolveColumn(after, refFor(before, i))));
  return { id: SYNTHETIC_ID, node: 'project', input: pruned, exprs };
}

function prune(plan: LogicalPlan, need: Set<number>): LogicalPlan {
  switch (plan.node) {
    case 'scan': {
      const attrs = attrsOf(plan);
      const used = addRefs(new Set(need), plan.filters, attrs);
      const current = plan.projection ?? plan.schema.map((_, i) => i);
      let projection = current.filter((_, i) => used.has(i));
      if (projection.length === 0) projection = current.slice(0, 1);
      if (plan.projection === null && projection.length === plan.schema.length) return plan;
      if (plan.projection !== null && projection.length === plan.projection.length) return plan;
      return { ...plan, projection };
    }
    case 'project': {
      let keep = plan.exprs.filter((_, i) => need.has(i));
      if (keep.length === 0) keep = plan.exprs.slice(0, 1);
      const input = prune(plan.input, addRefs(new Set(), keep, attrsOf(plan.input)));
      const inAttrs = attrsOf(input);
      // A project that gives back its input's columns unchanged is dropped.
      const identity = keep.length === inAttrs.length
        && keep.every((e, i) => e.kind === 'col' && e.name === inAttrs[i]!.name && resolveColumn(inAttrs, e) === i);
      if (identity) return input;
      return input === plan.input && keep.length === plan.exprs.length ? plan : { ...plan, input, exprs: keep };
    }
    case 'filter': {
      const input = prune(plan.input, addRefs(new Set(need), [plan.predicate], attrsOf(plan.input)));
      return input === plan.input ? plan : { ...plan, input };
    }
    case 'sort': {
      const input = prune(plan.input, addRefs(new Set(need), plan.keys.map((k) => k.expr), attrsOf(plan.input)));
      return input === plan.input ? plan : { ...plan, input };
    }
    case 'repartition': {
      const input = prune(plan.input, addRefs(new Set(need), plan.keys, attrsOf(plan.input)));
      return input === plan.input ? plan : { ...plan, input };
    }
    case 'limit':
    case 'coalesce': {
      const input = prune(plan.input, need);
      return input === plan.input ? plan : { ...plan, input };
    }
    case 'distinct':
    case 'cache': {
      const input = prune(plan.input, all(plan.input));
      return input === plan.input ? plan : { ...plan, input };
    }
    case 'aggregate': {
      const k = plan.groupBy.length;
      let aggs = plan.aggs.filter((_, i) => need.has(k + i));
      if (aggs.length === 0 && k === 0) aggs = plan.aggs.slice(0, 1);
      const input = prune(plan.input, addRefs(new Set(), [...plan.groupBy, ...aggs], attrsOf(plan.input)));
      return input === plan.input && aggs.length === plan.aggs.length ? plan : { ...plan, input, aggs };
    }
    case 'window': {
      // The window reads its functions' partitionBy, orderBy and arguments; it passes the
      // input columns through, so of those only the ones needed above are kept. Its input is
      // narrowed to exactly that (a project when the input cannot prune itself, e.g. a
      // cache), so the exchange before the window moves no other column.
      const n = attrsOf(plan.input).length;
      const exprs = plan.exprs.filter((_, i) => need.has(n + i));
      const inNeed = addRefs(new Set([...need].filter((i) => i < n)), exprs, attrsOf(plan.input));
      const pruned = prune(plan.input, inNeed);
      if (exprs.length === 0) return pruned;
      const input = inNeed.size === 0 ? pruned : exactly(plan.input, pruned, inNeed);
      return input === plan.input && exprs.length === plan.exprs.length ? plan : { ...plan, input, exprs };
    }
    case 'mapRows': {
      // Exactly the fields the function reads (all of them for a whole-row function), plus
      // what is needed above of the columns a filter/key function passes through.
      const inAttrs = attrsOf(plan.input);
      const inNeed = mapRowsInputNeed(plan, need, inAttrs);
      const pruned = prune(plan.input, inNeed);
      // A map's input is narrowed to exactly what it reads; a pass-through keeps the needed columns.
      const passes = passesRows(plan.fn);
      const input = passes || inNeed.size === 0 ? pruned : exactly(plan.input, pruned, inNeed);
      return input === plan.input ? plan : { ...plan, input };
    }
    case 'groupRows': {
      const input = prune(plan.input, all(plan.input));
      return input === plan.input ? plan : { ...plan, input };
    }
    case 'union': {
      const inputs = plan.inputs.map((inp) => exactly(inp, prune(inp, need), need));
      return inputs.every((x, i) => x === plan.inputs[i]) ? plan : { ...plan, inputs };
    }
    case 'join':
      return pruneJoin(plan, need);
  }
}

function pruneJoin(plan: Extract<LogicalPlan, { node: 'join' }>, need: Set<number>): LogicalPlan {
  const la = attrsOf(plan.left);
  const ra = attrsOf(plan.right);
  const nl = la.length;
  const needL = new Set<number>();
  const needR = new Set<number>();
  if (plan.using !== null) {
    const u = usingIndices(plan);
    u.left.forEach((i) => needL.add(i));
    u.right.forEach((i) => needR.add(i));
    // Output: the using columns, then the other left columns, then the other right ones.
    const restL = la.map((_, i) => i).filter((i) => !u.left.includes(i));
    const restR = ra.map((_, i) => i).filter((i) => !u.right.includes(i));
    const k = u.left.length;
    for (const i of need) {
      if (i < k) continue;
      if (i - k < restL.length) needL.add(restL[i - k]!);
      else needR.add(restR[i - k - restL.length]!);
    }
  } else {
    for (const i of need) (i < nl ? needL.add(i) : needR.add(i - nl));
    if (plan.on) for (const r of columnRefs(plan.on)) {
      const i = resolveColumn(joinInputAttrs(plan).both, r);
      if (i < nl) needL.add(i);
      else needR.add(i - nl);
    }
  }
  if (needL.size === 0 && nl > 0) needL.add(0);
  if (needR.size === 0 && ra.length > 0) needR.add(0);
  const left = exactly(plan.left, prune(plan.left, needL), needL);
  const right = exactly(plan.right, prune(plan.right, needR), needR);
  return left === plan.left && right === plan.right ? plan : { ...plan, left, right };
}

/** The prune-projections rule. */
export const pruneProjections: Rule = {
  name: 'prune-projections',
  rewrite(plan: LogicalPlan): LogicalPlan {
    return prune(plan, all(plan));
  },
};
