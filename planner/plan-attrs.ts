/**
 * Output attributes and schemas of logical plan nodes.
 */
import { AnalysisError } from '../engine/errors.js';
import type { Schema } from '../engine/types.js';
import type { LExpr, LogicalPlan } from './logical.js';
import { exprName } from './names.js';
import { attrsOfSchema, columnList, Lineage, passThrough, resolveColumn, type Attr } from './resolve.js';
import { analyzeExpr, commonType, type ExprScope } from './typing.js';
import { groupRowsAttrs, mapRowsAttrs } from './row-fn.js';

const cache = new WeakMap<LogicalPlan, readonly Attr[]>();

const ANY: ExprScope = { where: 'plan', allowAgg: true, allowWindow: true, allowSortOrder: true };

/** The output attributes of a node (memoized: plans are immutable). */
export function attrsOf(plan: LogicalPlan): readonly Attr[] {
  let a = cache.get(plan);
  if (a === undefined) {
    a = computeAttrs(plan);
    cache.set(plan, a);
  }
  return a;
}

/** The output schema of an analyzed plan. */
export function schemaOf(plan: LogicalPlan): Schema {
  return attrsOf(plan).map((a) => ({ name: a.name, type: a.type, nullable: a.nullable }));
}

/** The attribute an output expression of a project/aggregate makes over `input`. */
export function exprAttr(e: LExpr, input: readonly Attr[], id: number): Attr {
  if (e.kind === 'col') return passThrough(input[resolveColumn(input, e)]!, id);
  const t = analyzeExpr(e, input, ANY);
  return { name: exprName(e), type: t.type, nullable: t.nullable, origin: id, lineage: Lineage.of(id) };
}

/**
 * A pseudo node id marking the columns that enter join `joinId` from one side. Not an
 * integer, so it never equals a node id; joins are never removed by the optimizer, so a
 * reference pinned to it stays valid and tells apart same-named columns of a self-join.
 */
export function joinSideAnchor(joinId: number, side: 'left' | 'right'): number {
  return joinId + (side === 'left' ? 0.25 : 0.5);
}

/** The input columns of a join as its condition sees them: left then right, each marked with its side. */
export function joinInputAttrs(plan: Extract<LogicalPlan, { node: 'join' }>): { left: Attr[]; right: Attr[]; both: Attr[] } {
  const left = attrsOf(plan.left).map((a) => passThrough(a, joinSideAnchor(plan.id, 'left')));
  const right = attrsOf(plan.right).map((a) => passThrough(a, joinSideAnchor(plan.id, 'right')));
  return { left, right, both: [...left, ...right] };
}

/** The using columns' positions on each side of a `using` join. */
export function usingIndices(plan: Extract<LogicalPlan, { node: 'join' }>): { left: number[]; right: number[] } {
  const la = attrsOf(plan.left);
  const ra = attrsOf(plan.right);
  const one = (attrs: readonly Attr[], name: string, side: string): number => {
    const hits = attrs.flatMap((a, i) => (a.name === name ? [i] : []));
    if (hits.length === 1) return hits[0]!;
    if (hits.length === 0) {
      throw new AnalysisError(`join column "${name}" does not exist on the ${side} side; columns: ${columnList(attrs)}`, { column: name, columns: attrs.map((a) => a.name) });
    }
    throw new AnalysisError(`join column "${name}" is ambiguous on the ${side} side: ${hits.length} columns have that name`, { column: name });
  };
  const using = plan.using ?? [];
  return { left: using.map((n) => one(la, n, 'left')), right: using.map((n) => one(ra, n, 'right')) };
}

function computeAttrs(plan: LogicalPlan): readonly Attr[] {
  const through = (input: LogicalPlan): Attr[] => attrsOf(input).map((a) => passThrough(a, plan.id));
  switch (plan.node) {
    case 'scan': {
      const all = attrsOfSchema(plan.schema, plan.id);
      return plan.projection === null ? all : plan.projection.map((i) => all[i]!);
    }
    case 'project': {
      const input = attrsOf(plan.input);
      return plan.exprs.map((e) => exprAttr(e, input, plan.id));
    }
    case 'aggregate': {
      const input = attrsOf(plan.input);
      return [...plan.groupBy, ...plan.aggs].map((e) => exprAttr(e, input, plan.id));
    }
    case 'window': {
      const input = attrsOf(plan.input);
      return [...through(plan.input), ...plan.exprs.map((e) => exprAttr(e, input, plan.id))];
    }
    case 'filter':
    case 'sort':
    case 'limit':
    case 'distinct':
    case 'repartition':
    case 'coalesce':
    case 'cache':
      return through(plan.input);
    case 'mapRows':
      return mapRowsAttrs(plan, attrsOf(plan.input));
    case 'groupRows':
      return groupRowsAttrs(plan);
    case 'union': {
      const first = attrsOf(plan.inputs[0]!);
      return first.map((a, i) => {
        let type = a.type;
        let nullable = a.nullable;
        for (const inp of plan.inputs.slice(1)) {
          const b = attrsOf(inp)[i];
          if (b === undefined) continue;
          type = commonType(type, b.type) ?? type;
          nullable ||= b.nullable;
        }
        return { name: a.name, type, nullable, origin: plan.id, lineage: Lineage.of(plan.id) };
      });
    }
    case 'join': {
      const sides = joinInputAttrs(plan);
      const left = sides.left.map((a) => passThrough(a, plan.id));
      const right = sides.right.map((a) => passThrough(a, plan.id));
      const nullL = plan.how === 'right' || plan.how === 'full';
      const nullR = plan.how === 'left' || plan.how === 'full';
      const l = left.map((a) => (nullL ? { ...a, nullable: true } : a));
      const r = right.map((a) => (nullR ? { ...a, nullable: true } : a));
      if (plan.using === null) return plan.how === 'semi' || plan.how === 'anti' ? left : [...l, ...r];
      const u = usingIndices(plan);
      const keys = u.left.map((li, k) => {
        const la = left[li]!;
        const ra = right[u.right[k]!]!;
        const lineage = Lineage.merge(plan.id, [la.lineage, ra.lineage]);
        const type = commonType(la.type, ra.type) ?? la.type;
        const nullable = plan.how === 'full' ? la.nullable && ra.nullable : plan.how === 'right' ? ra.nullable : la.nullable;
        return { name: la.name, type, nullable, origin: plan.how === 'right' ? ra.origin : la.origin, lineage };
      });
      const restL = l.filter((_, i) => !u.left.includes(i));
      if (plan.how === 'semi' || plan.how === 'anti') return [...keys, ...restL];
      return [...keys, ...restL, ...r.filter((_, i) => !u.right.includes(i))];
    }
  }
}
