/**
 * Predicate pushdown: moves filter conjuncts toward the sources — through project
 * (substituting the project's expressions), sort, repartition, coalesce and distinct, below an
 * aggregate when they test group columns only (substituting the group expressions), into each
 * input of a union, into the side of a join they refer to (a conjunct on the null-supplying
 * side of an outer join stays above it; a conjunct over both sides of an inner or cross join
 * joins its condition), and into the `filters` of a file scan.
 */
import { andAll, columnRefs, conjuncts, rewriteExpr, stripAlias } from '../expr-utils.js';
import type { LExpr, LogicalPlan } from '../logical.js';
import { attrsOf, joinInputAttrs, usingIndices } from '../plan-attrs.js';
import { transformDown } from '../plan-utils.js';
import { refFor, resolveColumn, type Attr } from '../resolve.js';
import type { Rule } from './rule.js';

type Join = Extract<LogicalPlan, { node: 'join' }>;

const FILE_FORMATS = new Set(['csv', 'json', 'arrow', 'parquet']);

/** Re-points every column reference of `e` from `from` attrs to `to` attrs via `map` (index → index). */
function remap(e: LExpr, from: readonly Attr[], to: readonly Attr[], map: (i: number) => number): LExpr {
  return rewriteExpr(e, (x) => (x.kind === 'col' ? refFor(to, map(resolveColumn(from, x))) : undefined));
}

function filterOver(input: LogicalPlan, preds: readonly LExpr[], id: number): LogicalPlan {
  return preds.length === 0 ? input : { id, node: 'filter', input, predicate: andAll(preds) };
}

/** Which sides of a join the column references of `e` (over `attrs`) point into. */
function sides(e: LExpr, attrs: readonly Attr[], sideOf: (i: number) => 'left' | 'right' | 'both'): Set<string> {
  const s = new Set<string>();
  for (const r of columnRefs(e)) s.add(sideOf(resolveColumn(attrs, r)));
  return s;
}

/** For the output of a join: which side each output column comes from, and its index there. */
function joinOutputMap(j: Join): { side: ('left' | 'right' | 'both')[]; index: number[] } {
  const nl = attrsOf(j.left).length;
  const nr = attrsOf(j.right).length;
  if (j.using === null) {
    const n = j.how === 'semi' || j.how === 'anti' ? nl : nl + nr;
    const side = Array.from({ length: n }, (_, i) => (i < nl ? 'left' : 'right') as 'left' | 'right');
    return { side, index: Array.from({ length: n }, (_, i) => (i < nl ? i : i - nl)) };
  }
  const u = usingIndices(j);
  const side: ('left' | 'right' | 'both')[] = [];
  const index: number[] = [];
  // A using column is the left one for inner/left/semi/anti, the right one for right joins,
  // and a coalesce of both for full joins (which keeps it above the join).
  u.left.forEach((li, k) => {
    if (j.how === 'right') {
      side.push('right');
      index.push(u.right[k]!);
    } else {
      side.push(j.how === 'full' ? 'both' : 'left');
      index.push(li);
    }
  });
  for (let i = 0; i < nl; i++) if (!u.left.includes(i)) (side.push('left'), index.push(i));
  if (j.how !== 'semi' && j.how !== 'anti') for (let i = 0; i < nr; i++) if (!u.right.includes(i)) (side.push('right'), index.push(i));
  return { side, index };
}

function pushIntoJoin(f: Extract<LogicalPlan, { node: 'filter' }>, j: Join): LogicalPlan {
  const out = attrsOf(j);
  const la = attrsOf(j.left);
  const ra = attrsOf(j.right);
  const m = joinOutputMap(j);
  const toLeft: LExpr[] = [];
  const toRight: LExpr[] = [];
  const toOn: LExpr[] = [];
  const stay: LExpr[] = [];
  const canLeft = j.how === 'inner' || j.how === 'cross' || j.how === 'left' || j.how === 'semi' || j.how === 'anti';
  const canRight = j.how === 'inner' || j.how === 'cross' || j.how === 'right';
  for (const c of conjuncts(f.predicate)) {
    const s = sides(c, out, (i) => m.side[i]!);
    if (s.size === 0 || s.has('both')) stay.push(c);
    else if (s.size === 1 && s.has('left') && canLeft) toLeft.push(remap(c, out, la, (i) => m.index[i]!));
    else if (s.size === 1 && s.has('right') && canRight) toRight.push(remap(c, out, ra, (i) => m.index[i]!));
    else if (s.size === 2 && (j.how === 'inner' || j.how === 'cross') && j.using === null) {
      const nl = la.length;
      toOn.push(rewriteExpr(c, (x) => {
        if (x.kind !== 'col') return undefined;
        const i = resolveColumn(out, x);
        return refFor(joinInputAttrs(j).both, m.side[i] === 'left' ? m.index[i]! : nl + m.index[i]!);
      }));
    } else stay.push(c);
  }
  if (toLeft.length + toRight.length + toOn.length === 0) return f;
  const on = toOn.length ? andAll([...(j.on ? [j.on] : []), ...toOn]) : j.on;
  const joined: LogicalPlan = {
    ...j,
    how: toOn.length && j.how === 'cross' ? 'inner' : j.how,
    on,
    left: filterOver(j.left, toLeft, f.id),
    right: filterOver(j.right, toRight, f.id),
  };
  return filterOver(joined, stay, f.id);
}

/** Pushes the single-side conjuncts of a join's own condition into that side where semantics allow. */
function pushJoinCondition(j: Join): LogicalPlan {
  if (j.on === null) return j;
  const la = attrsOf(j.left);
  const ra = attrsOf(j.right);
  const both = joinInputAttrs(j).both;
  const nl = la.length;
  const canLeft = j.how === 'inner' || j.how === 'right' || j.how === 'semi';
  const canRight = j.how === 'inner' || j.how === 'left' || j.how === 'semi' || j.how === 'anti';
  const toLeft: LExpr[] = [];
  const toRight: LExpr[] = [];
  const keep: LExpr[] = [];
  for (const c of conjuncts(j.on)) {
    const s = sides(c, both, (i) => (i < nl ? 'left' : 'right'));
    if (s.size === 1 && s.has('left') && canLeft) toLeft.push(remap(c, both, la, (i) => i));
    else if (s.size === 1 && s.has('right') && canRight) toRight.push(remap(c, both, ra, (i) => i - nl));
    else keep.push(c);
  }
  if (toLeft.length + toRight.length === 0) return j;
  return {
    ...j,
    on: keep.length ? andAll(keep) : null,
    left: filterOver(j.left, toLeft, j.id),
    right: filterOver(j.right, toRight, j.id),
  };
}

function pushFilter(f: Extract<LogicalPlan, { node: 'filter' }>): LogicalPlan {
  const input = f.input;
  switch (input.node) {
    case 'project': {
      const from = attrsOf(input);
      const pred = rewriteExpr(f.predicate, (x) => {
        if (x.kind !== 'col') return undefined;
        const e = input.exprs[resolveColumn(from, x)]!;
        return e.kind === 'alias' ? e.expr : e;
      });
      return { ...input, input: { ...f, input: input.input, predicate: pred } };
    }
    case 'sort':
    case 'repartition':
    case 'coalesce':
    case 'distinct': {
      const from = attrsOf(input);
      const to = attrsOf(input.input);
      return { ...input, input: { ...f, input: input.input, predicate: remap(f.predicate, from, to, (i) => i) } };
    }
    case 'union': {
      const from = attrsOf(input);
      const inputs = input.inputs.map((inp) => ({ ...f, input: inp, predicate: remap(f.predicate, from, attrsOf(inp), (i) => i) }));
      return { ...input, inputs };
    }
    case 'join':
      return pushIntoJoin(f, input);
    case 'aggregate': {
      // A conjunct over group columns only keeps or drops whole groups: test it on the input rows.
      const out = attrsOf(input);
      const k = input.groupBy.length;
      const down: LExpr[] = [];
      const stay: LExpr[] = [];
      for (const c of conjuncts(f.predicate)) {
        const refs = columnRefs(c).map((r) => resolveColumn(out, r));
        if (refs.length > 0 && refs.every((i) => i < k)) {
          down.push(rewriteExpr(c, (x) => (x.kind === 'col' ? stripAlias(input.groupBy[resolveColumn(out, x)]!) : undefined)));
        } else stay.push(c);
      }
      if (down.length === 0) return f;
      return filterOver({ ...input, input: filterOver(input.input, down, f.id) }, stay, f.id);
    }
    case 'scan':
      if (!FILE_FORMATS.has(input.source.format)) return f;
      return { ...input, filters: [...input.filters, ...conjuncts(f.predicate)] };
    default:
      return f;
  }
}

/** The push-down-filters rule. */
export const pushDownFilters: Rule = {
  name: 'push-down-filters',
  rewrite(plan: LogicalPlan): LogicalPlan {
    return transformDown(plan, (p) => {
      if (p.node === 'filter') return pushFilter(p);
      if (p.node === 'join') return pushJoinCondition(p);
      return p;
    });
  },
};
