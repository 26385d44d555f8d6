/**
 * Physical planning of an aggregate: partial → hash exchange on the group keys → final, then
 * a project for expressions over aggregates and the output names. Non-decomposable
 * aggregates (countDistinct, median) project keys and arguments, exchange on the keys, and
 * aggregate in one `single` step. A single-partition input aggregates in place.
 */
import { aggStateFields } from '../../engine/aggregate/state-fields.js';
import { DECOMPOSABLE_AGGS, type AggSpec, type Expr } from '../../engine/expr.js';
import type { PhysicalNode } from '../../engine/plan.js';
import type { Field } from '../../engine/types.js';
import { exprChildren, exprEquals, stripAlias } from '../expr-utils.js';
import type { LExpr } from '../logical.js';
import { exprName } from '../names.js';
import type { Attr } from '../resolve.js';
import { aggType } from '../typing.js';
import { bindExpr, colRef } from './bind.js';
import { exchange, isIdentity, project } from './nodes.js';

type AggCall = Extract<LExpr, { kind: 'agg' }>;

/** The distinct aggregate calls inside `exprs`, in order of first appearance. */
export function collectAggCalls(exprs: readonly LExpr[]): AggCall[] {
  const out: AggCall[] = [];
  const walk = (e: LExpr): void => {
    if (e.kind === 'agg') {
      if (!out.some((c) => exprEquals(c, e))) out.push(e);
      return;
    }
    exprChildren(e).forEach(walk);
  };
  exprs.forEach(walk);
  return out;
}

/** Plans an aggregate node over the planned input (whose columns are `inAttrs`). */
export function planAggregate(
  groupBy: readonly LExpr[], aggs: readonly LExpr[], outAttrs: readonly Attr[], input: PhysicalNode, inAttrs: readonly Attr[],
  shufflePartitions: number, boundKeys?: readonly Expr[],
): PhysicalNode {
  const keys = groupBy.map(stripAlias);
  const k = keys.length;
  const calls = collectAggCalls(aggs.map(stripAlias));
  const keyExprs = boundKeys ? [...boundKeys] : keys.map((g) => bindExpr(g, inAttrs));
  const specs: AggSpec[] = calls.map((c) => {
    const args = c.args.map((a) => bindExpr(a, inAttrs));
    return { fn: c.fn, args, type: aggType(c.fn, args.map((a) => a.type)) };
  });
  const keyFields: Field[] = outAttrs.slice(0, k).map((a) => ({ name: a.name, type: a.type, nullable: a.nullable }));
  // When every output aggregate is a plain call, used once and in order, the aggregate names
  // its columns itself and no project is needed after it.
  const plain = aggs.length === calls.length && aggs.every((a, j) => exprEquals(stripAlias(a), calls[j]!));
  const aggFields: Field[] = specs.map((s, j) => ({
    name: plain ? outAttrs[k + j]!.name : exprName(calls[j]!),
    type: s.type,
    nullable: calls[j]!.fn !== 'count' && calls[j]!.fn !== 'countDistinct',
  }));
  const outSchema = [...keyFields, ...aggFields];
  const keyRefs = (schema: readonly Field[]): Expr[] => keyFields.map((_, i) => colRef(schema, i));
  const hashOrSingle = (node: PhysicalNode): PhysicalNode => exchange(node, k === 0 ? { kind: 'single' } : { kind: 'hash', keys: keyRefs(node.schema), partitions: shufflePartitions });

  let agg: PhysicalNode;
  if (input.partitions === 1) {
    agg = { op: 'aggregate', input, mode: 'single', groupBy: keyExprs, aggs: specs, schema: outSchema, partitions: 1 };
  } else if (calls.every((c) => DECOMPOSABLE_AGGS.has(c.fn))) {
    const stateFields = specs.flatMap((s, j) => aggStateFields(s, exprName(calls[j]!)));
    const partial: PhysicalNode = { op: 'aggregate', input, mode: 'partial', groupBy: keyExprs, aggs: specs, schema: [...keyFields, ...stateFields], partitions: input.partitions };
    const shuffled = hashOrSingle(partial);
    agg = { op: 'aggregate', input: shuffled, mode: 'final', groupBy: keyRefs(partial.schema), aggs: specs, schema: outSchema, partitions: shuffled.partitions };
  } else {
    // Ship only the keys and the distinct argument expressions, then aggregate once.
    const argExprs: Expr[] = [];
    const argIndex = (e: Expr): number => {
      let i = argExprs.findIndex((x) => JSON.stringify(x) === JSON.stringify(e));
      if (i < 0) i = argExprs.push(e) - 1;
      return k + i;
    };
    const argPos = specs.map((s) => s.args.map(argIndex));
    const projFields: Field[] = [...keyFields, ...argExprs.map((e, i) => ({ name: `arg${i}`, type: e.type, nullable: true }))];
    const pre = project(input, [...keyExprs, ...argExprs], projFields);
    const shuffled = hashOrSingle(pre);
    const singleSpecs = specs.map((s, j) => ({ ...s, args: argPos[j]!.map((p) => colRef(projFields, p)) }));
    agg = { op: 'aggregate', input: shuffled, mode: 'single', groupBy: keyRefs(projFields), aggs: singleSpecs, schema: outSchema, partitions: shuffled.partitions };
  }
  if (plain) return agg;

  // Expressions over aggregates, and group keys used inside them, read the aggregate's columns.
  const subst = (e: LExpr): Expr | undefined => {
    const gi = keys.findIndex((g) => exprEquals(g, e));
    if (gi >= 0) return colRef(outSchema, gi);
    if (e.kind === 'agg') return colRef(outSchema, k + calls.findIndex((c) => exprEquals(c, e)));
    return undefined;
  };
  const exprs = [...keyRefs(outSchema), ...aggs.map((a) => bindExpr(stripAlias(a), [], subst))];
  const schema: Field[] = outAttrs.map((a) => ({ name: a.name, type: a.type, nullable: a.nullable }));
  return isIdentity(agg, exprs, schema) ? agg : project(agg, exprs, schema);
}

/** The aggregate plan of `distinct`: group by every column. */
export function planDistinct(outAttrs: readonly Attr[], input: PhysicalNode, shufflePartitions: number): PhysicalNode {
  const keys: LExpr[] = outAttrs.map((a) => ({ kind: 'col', name: a.name }));
  return planAggregate(keys, [], outAttrs, input, outAttrs, shufflePartitions, input.schema.map((_, i) => colRef(input.schema, i)));
}
