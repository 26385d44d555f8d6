/**
 * Physical planning of window functions: for each distinct window spec (partitionBy and
 * orderBy), an exchange hash-partitioned on partitionBy (single when there is none; none when
 * the input is already one partition or already partitioned that way) and a window node
 * appending that spec's functions; a final project restores the logical column order. A
 * window with a group limit gets windowGroupLimit nodes on both sides of its exchange.
 */
import type { Expr, SortKey, WindowFnSpec } from '../../engine/expr.js';
import type { PhysicalNode } from '../../engine/plan.js';
import type { Field } from '../../engine/types.js';
import { stripAlias } from '../expr-utils.js';
import type { LExpr, LogicalPlan, WindowGroupLimit } from '../logical.js';
import { attrsOf } from '../plan-attrs.js';
import { aggType } from '../typing.js';
import { bindExpr, bindSortKey, colRef, fieldsOf } from './bind.js';
import { exchange, isIdentity, project } from './nodes.js';

type WindowExpr = Extract<LExpr, { kind: 'window' }>;

/** A windowGroupLimit over `input` (whose columns the keys are bound to). */
function groupLimit(input: PhysicalNode, partitionBy: readonly Expr[], orderBy: readonly SortKey[], limit: WindowGroupLimit, mode: 'partial' | 'final'): PhysicalNode {
  return { op: 'windowGroupLimit', input, partitionBy, orderBy, fn: limit.fn, limit: limit.limit, mode, schema: input.schema, partitions: input.partitions };
}

/**
 * Plans a window node over the planned input; with a group limit, a windowGroupLimit before
 * the exchange (partial) and another right below the window (final).
 */
export function planWindow(w: Extract<LogicalPlan, { node: 'window' }>, input: PhysicalNode, shufflePartitions: number): PhysicalNode {
  const inAttrs = attrsOf(w.input);
  const outAttrs = attrsOf(w);
  const n = inAttrs.length;
  const exprs = w.exprs.map((e) => stripAlias(e) as WindowExpr);
  const specKey = (e: WindowExpr): string => JSON.stringify([e.partitionBy, e.orderBy]);
  const groups: number[][] = [];
  const keys: string[] = [];
  exprs.forEach((e, i) => {
    const k = specKey(e);
    const g = keys.indexOf(k);
    if (g >= 0) groups[g]!.push(i);
    else (keys.push(k), groups.push([i]));
  });
  let node = input;
  let partitionedBy: string | null = null;
  const order: number[] = [];
  // A group limit (rule infer-window-group-limit) is only set over one window spec.
  const limit = groups.length === 1 ? w.groupLimit : undefined;
  for (const g of groups) {
    const spec = exprs[g[0]!]!;
    const partitionBy = spec.partitionBy.map((p) => bindExpr(p, inAttrs));
    const orderBy = spec.orderBy.map((k) => bindSortKey(k, inAttrs));
    const pk = JSON.stringify(partitionBy);
    if (node.partitions > 1 && partitionedBy !== pk) {
      // Like a partial aggregate: each map task sends at most the limit's rows per group.
      if (limit) node = groupLimit(node, partitionBy, orderBy, limit, 'partial');
      node = exchange(node, partitionBy.length ? { kind: 'hash', keys: partitionBy, partitions: shufflePartitions } : { kind: 'single' });
      partitionedBy = pk;
    }
    if (limit) node = groupLimit(node, partitionBy, orderBy, limit, 'final');
    const fns: WindowFnSpec[] = g.map((i) => {
      const fn = exprs[i]!.fn;
      if (fn.kind !== 'agg') return fn;
      const call = fn.agg as Extract<LExpr, { kind: 'agg' }>;
      const args = call.args.map((a) => bindExpr(a, inAttrs));
      return { kind: 'agg', agg: { fn: call.fn, args, type: aggType(call.fn, args.map((a) => a.type)) } };
    });
    const added: Field[] = g.map((i) => fieldsOf([outAttrs[n + i]!])[0]!);
    node = { op: 'window', input: node, partitionBy, orderBy, fns, schema: [...node.schema, ...added], partitions: node.partitions };
    order.push(...g);
  }
  // Window columns were appended spec by spec; put them back in the order of the expressions.
  const pos = new Map(order.map((exprIndex, k) => [exprIndex, n + k]));
  const reorder: Expr[] = [...inAttrs.map((_, i) => colRef(node.schema, i)), ...exprs.map((_, i) => colRef(node.schema, pos.get(i)!))];
  const schema = fieldsOf(outAttrs);
  return isIdentity(node, reorder, schema) ? node : project(node, reorder, schema);
}
