/**
 * Physical planning of joins. Equi keys (from `using`, or the `left = right` conjuncts of the
 * condition) make a hash join: the right side is broadcast when small and the join keeps
 * every left row or only matches (inner/left/semi/anti), the left side when small for
 * inner/right; otherwise both sides are hash-exchanged on keys cast to a common type. No
 * equi keys (or a cross join): a nested-loop join with the right side broadcast, or with both
 * sides in one partition for right/full joins (a broadcast side cannot be an outer join's
 * preserved side). A `using` join ends in a project that keeps each using column once.
 */
import { AnalysisError } from '../../engine/errors.js';
import type { Expr } from '../../engine/expr.js';
import type { JoinType, PhysicalNode } from '../../engine/plan.js';
import type { Field } from '../../engine/types.js';
import { andAll, columnRefs, conjuncts } from '../expr-utils.js';
import type { LExpr, LogicalPlan } from '../logical.js';
import { describeLExpr } from '../names.js';
import { attrsOf, joinInputAttrs, usingIndices } from '../plan-attrs.js';
import type { PlannerConf } from '../stage-graph.js';
import { resolveColumn, type Attr } from '../resolve.js';
import { commonType } from '../typing.js';
import { bindExpr, colRef } from './bind.js';
import { estimateBytes } from './estimate.js';
import { exchange, project } from './nodes.js';

type Join = Extract<LogicalPlan, { node: 'join' }>;

/** Splits a join condition into equi-key pairs and the residual conjuncts. */
export function splitJoinCondition(on: LExpr, la: readonly Attr[], ra: readonly Attr[]): { left: LExpr[]; right: LExpr[]; residual: LExpr[] } {
  // la and ra carry the join's side anchors (joinInputAttrs), as the condition was resolved.
  const both = [...la, ...ra];
  const side = (e: LExpr): 'left' | 'right' | 'both' | 'none' => {
    let l = false;
    let r = false;
    for (const c of columnRefs(e)) (resolveColumn(both, c) < la.length ? (l = true) : (r = true));
    return l && r ? 'both' : l ? 'left' : r ? 'right' : 'none';
  };
  const out = { left: [] as LExpr[], right: [] as LExpr[], residual: [] as LExpr[] };
  for (const c of conjuncts(on)) {
    if (c.kind === 'call' && c.fn === 'eq') {
      const [a, b] = c.args as [LExpr, LExpr];
      const sa = side(a);
      const sb = side(b);
      if (sa === 'left' && sb === 'right') {
        out.left.push(a);
        out.right.push(b);
        continue;
      }
      if (sa === 'right' && sb === 'left') {
        out.left.push(b);
        out.right.push(a);
        continue;
      }
    }
    out.residual.push(c);
  }
  return out;
}

/** Casts each key pair to a common type so equal values hash and compare alike. */
function unifyKeys(left: Expr[], right: Expr[], what: (i: number) => string): void {
  for (let i = 0; i < left.length; i++) {
    const a = left[i]!;
    const b = right[i]!;
    if (a.type === b.type) continue;
    const t = commonType(a.type, b.type);
    if (t === undefined) throw new AnalysisError(`cannot join ${what(i)}: the left key is ${a.type} and the right key ${b.type}; cast one side first`);
    if (a.type !== t) left[i] = { kind: 'cast', expr: a, type: t };
    if (b.type !== t) right[i] = { kind: 'cast', expr: b, type: t };
  }
}

function nullable(fields: readonly Field[], yes: boolean): Field[] {
  return fields.map((f) => (yes ? { ...f, nullable: true } : f));
}

/** Plans a join over the planned sides. */
export function planJoin(j: Join, pl: PhysicalNode, pr: PhysicalNode, conf: PlannerConf): PhysicalNode {
  const { left: la, right: ra, both } = joinInputAttrs(j);
  let leftKeys: Expr[] = [];
  let rightKeys: Expr[] = [];
  let residual: LExpr[] = [];
  let keyText: (i: number) => string = (i) => `on key ${i + 1}`;
  if (j.using !== null) {
    const u = usingIndices(j);
    leftKeys = u.left.map((i) => colRef(pl.schema, i));
    rightKeys = u.right.map((i) => colRef(pr.schema, i));
    keyText = (i) => `on "${j.using![i]}"`;
  } else if (j.on !== null && j.how !== 'cross') {
    const s = splitJoinCondition(j.on, la, ra);
    leftKeys = s.left.map((e) => bindExpr(e, la));
    rightKeys = s.right.map((e) => bindExpr(e, ra));
    residual = s.residual;
    keyText = (i) => `on ${describeLExpr(s.left[i]!)} = ${describeLExpr(s.right[i]!)}`;
  } else if (j.on !== null) {
    residual = conjuncts(j.on);
  }
  unifyKeys(leftKeys, rightKeys, keyText);
  const filter = residual.length ? bindExpr(andAll(residual), both) : null;
  const how = j.how;
  const leftOnly = how === 'semi' || how === 'anti';
  const schema: Field[] = leftOnly
    ? [...pl.schema]
    : [...nullable(pl.schema, how === 'right' || how === 'full'), ...nullable(pr.schema, how === 'left' || how === 'full')];
  const T = conf.broadcastThresholdBytes;
  const eL = estimateBytes(j.left);
  const eR = estimateBytes(j.right);
  const smallL = T > 0 && eL < T;
  const smallR = T > 0 && eR < T;
  let node: PhysicalNode;
  if (leftKeys.length > 0 && how !== 'cross') {
    const h = how as Exclude<JoinType, 'cross'>;
    const canR = h === 'inner' || h === 'left' || h === 'semi' || h === 'anti';
    const canL = h === 'inner' || h === 'right';
    const broadcastLeft = canL && smallL && !(canR && smallR && eR <= eL);
    if (canR && smallR && !broadcastLeft) {
      node = { op: 'hashJoin', left: pl, right: exchange(pr, { kind: 'single' }, true), how: h, leftKeys, rightKeys, filter, build: 'right', schema, partitions: pl.partitions };
    } else if (broadcastLeft) {
      node = { op: 'hashJoin', left: exchange(pl, { kind: 'single' }, true), right: pr, how: h, leftKeys, rightKeys, filter, build: 'left', schema, partitions: pr.partitions };
    } else {
      const n = conf.shufflePartitions;
      const l = exchange(pl, { kind: 'hash', keys: leftKeys, partitions: n });
      const r = exchange(pr, { kind: 'hash', keys: rightKeys, partitions: n });
      // After the exchange the keys are evaluated again on the exchanged columns (same positions).
      node = { op: 'hashJoin', left: l, right: r, how: h, leftKeys, rightKeys, filter, build: 'right', schema, partitions: n };
    }
  } else if (how === 'right' || how === 'full') {
    const l = exchange(pl, { kind: 'single' });
    const r = exchange(pr, { kind: 'single' });
    node = { op: 'nestedLoopJoin', left: l, right: r, how, filter, schema, partitions: 1 };
  } else {
    node = { op: 'nestedLoopJoin', left: pl, right: exchange(pr, { kind: 'single' }, true), how, filter, schema, partitions: pl.partitions };
  }
  return j.using === null ? node : usingProject(j, node, pl.schema.length);
}

/** Keeps each using column once, first (Spark's order): then the other left, then the other right columns. */
function usingProject(j: Join, node: PhysicalNode, nl: number): PhysicalNode {
  const u = usingIndices(j);
  const out = attrsOf(j);
  const s = node.schema;
  const exprs: Expr[] = u.left.map((li, k) => {
    const ri = nl + u.right[k]!;
    const t = out[k]!.type;
    const cast = (e: Expr): Expr => (e.type === t ? e : { kind: 'cast', expr: e, type: t });
    if (j.how === 'right') return cast(colRef(s, ri));
    if (j.how !== 'full') return cast(colRef(s, li));
    return { kind: 'call', fn: 'coalesce', args: [cast(colRef(s, li)), cast(colRef(s, ri))], type: t };
  });
  for (let i = 0; i < nl; i++) if (!u.left.includes(i)) exprs.push(colRef(s, i));
  if (j.how !== 'semi' && j.how !== 'anti') {
    for (let i = 0; i < s.length - nl; i++) if (!u.right.includes(i)) exprs.push(colRef(s, nl + i));
  }
  const schema: Field[] = out.map((a) => ({ name: a.name, type: a.type, nullable: a.nullable }));
  return project(node, exprs, schema);
}
