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
 *
 * A partial aggregation that does not reduce (after PARTIAL_PROBE_ROWS rows, at least
 * PARTIAL_SKIP_RATIO groups per row: keys nearly unique) stops hashing: it emits the groups
 * it has, then turns every further row into a state row of its own, and leaves the grouping
 * to the final aggregation after the shuffle (DataFusion's skip_partial_aggregation).
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

/** Rows a partial aggregation sees before it judges whether grouping pays. */
export const PARTIAL_PROBE_ROWS = 100_000;
/** Groups per input row from which a partial aggregation stops grouping. */
export const PARTIAL_SKIP_RATIO = 0.8;

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
  let seen = 0;
  let passThrough = false;

  for await (const b of input) {
    checkCancelled(ctx);
    const n = b.length;
    if (n === 0) continue;
    if (passThrough) {
      yield passThroughState(node, b);
      continue;
    }
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
    seen += n;
    if (node.mode === 'partial' && table !== null && seen >= PARTIAL_PROBE_ROWS && groups >= PARTIAL_SKIP_RATIO * seen) {
      // Grouping does not reduce: emit what is grouped so far, pass the rest through.
      passThrough = true;
      yield* chunks(partialOutput(node, table, accs, groups), ctx.conf.batchSize);
    }
  }
  if (passThrough) return;

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

/** The group columns and state columns of a partial aggregation's groups. */
function partialOutput(node: AggregateNode, table: GroupTable, accs: readonly Accumulator[], groups: number) {
  const cols: Vec[] = table.keyColumns();
  for (const acc of accs) cols.push(...acc.state(groups));
  return batchOf(node.schema, cols, groups);
}

/** One batch as partial state rows, one group per row: no hashing. */
function passThroughState(node: AggregateNode, b: Parameters<typeof evaluate>[1]) {
  const n = b.length;
  const gids = new Int32Array(n);
  for (let i = 0; i < n; i++) gids[i] = i;
  const cols: Vec[] = node.groupBy.map((e) => evaluate(e, b));
  node.aggs.forEach((spec, j) => {
    const acc = makeAccumulator(spec, aggLabel(node, j));
    acc.grow(n);
    acc.update(gids, spec.args.map((e) => evaluate(e, b)), 0, n);
    cols.push(...acc.state(n));
  });
  return batchOf(node.schema, cols, n);
}

/** How many state columns an aggregate has. */
function stateWidth(spec: AggSpec): number {
  return aggStateFields(spec, '').length;
}
