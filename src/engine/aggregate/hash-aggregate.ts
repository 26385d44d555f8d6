/**
 * Hash aggregation: groups rows by the group-by columns in a GroupTable and folds them into
 * one accumulator per aggregate.
 *
 * - `single`: input rows → group columns + final values.
 * - `partial`: input rows → group columns + state columns (aggregate/state-fields.ts).
 * - `final`: the partial output (group columns 0..k−1, then each aggregate's state columns in
 *   order) → group columns + final values.
 * With no group-by columns there is exactly one group, even over empty input (count 0, sum
 * null), in every mode: a partial emits one state row, so the final sees one per partial.
 */
import type { Vec } from '../batch.js';
import type { AggSpec } from '../expr.js';
import type { PhysicalNode } from '../plan.js';
import { InternalError } from '../errors.js';
import { evaluate, describeExpr } from '../expr/index.js';
import type { BatchStream, ExecContext } from '../ops/types.js';
import { batchOf, checkCancelled, chunks } from '../ops/util.js';
import type { Accumulator } from './accumulator.js';
import { makeAccumulator } from './make-accumulator.js';
import { GroupTable } from './group-table.js';
import { aggStateFields } from './state-fields.js';

type AggregateNode = Extract<PhysicalNode, { op: 'aggregate' }>;

/** The name of aggregate j in messages: its output column and argument. */
function aggLabel(node: AggregateNode, j: number): string {
  const spec = node.aggs[j]!;
  const arg = spec.args.length > 0 ? `${spec.fn}(${spec.args.map(describeExpr).join(', ')})` : `${spec.fn}(*)`;
  if (node.mode === 'partial') return arg;
  const f = node.schema[node.groupBy.length + j];
  return f ? `${f.name} = ${arg}` : arg;
}

/** Runs an aggregate node over its input stream. */
export async function* hashAggregate(node: AggregateNode, input: BatchStream, ctx: ExecContext): BatchStream {
  const k = node.groupBy.length;
  const accs: Accumulator[] = node.aggs.map((spec, j) => makeAccumulator(spec, aggLabel(node, j)));
  // Where each aggregate's state columns start in a final-mode input.
  const stateStart: number[] = [];
  if (node.mode === 'final') {
    let at = k;
    for (const spec of node.aggs) {
      stateStart.push(at);
      at += stateWidth(spec);
    }
  }
  const table = k > 0 ? new GroupTable(node.schema.slice(0, k).map((f) => f.type)) : null;
  let groups = k === 0 ? 1 : 0;
  for (const a of accs) a.grow(groups);
  let gids = new Int32Array(0);

  for await (const b of input) {
    checkCancelled(ctx);
    const n = b.length;
    if (n === 0) continue;
    if (gids.length < n) gids = new Int32Array(n); // zeros: with no keys every row is group 0
    if (table !== null) {
      const keys: Vec[] = node.mode === 'final' ? b.columns.slice(0, k) : node.groupBy.map((e) => evaluate(e, b));
      table.assign(keys, n, gids);
      groups = table.size;
    }
    for (let j = 0; j < accs.length; j++) {
      const acc = accs[j]!;
      acc.grow(groups);
      if (node.mode === 'final') {
        const s = stateStart[j]!;
        acc.merge(gids, b.columns.slice(s, s + stateWidth(node.aggs[j]!)), 0, n);
      } else {
        acc.update(gids, node.aggs[j]!.args.map((e) => evaluate(e, b)), 0, n);
      }
    }
  }

  const cols: Vec[] = table !== null ? table.keyColumns() : [];
  for (const acc of accs) {
    if (node.mode === 'partial') cols.push(...acc.state(groups));
    else cols.push(acc.finish(groups));
  }
  if (cols.length !== node.schema.length) {
    throw new InternalError(`aggregate (${node.mode}) built ${cols.length} columns but its schema has ${node.schema.length}: ${node.schema.map((f) => f.name).join(', ')}`);
  }
  yield* chunks(batchOf(node.schema, cols, groups), ctx.conf.batchSize);
}

/** How many state columns an aggregate has. */
function stateWidth(spec: AggSpec): number {
  return aggStateFields(spec, '').length;
}
