/**
 * rowFnGroups: per-group row functions (typed API `reduce`, `mapGroups`) over rows grouped by
 * one key column (or the whole partition as one group). The input of a partition is read
 * whole, grouped by key (first-appearance order), and each group's rows are materialized.
 */
import type { Batch, Vec } from '../batch.js';
import { InternalError } from '../errors.js';
import { takeVec, vecToArray } from '../kernels/index.js';
import type { PhysicalNode } from '../plan.js';
import { rebuildRowFn, userFunctionError } from './row-fn-compile.js';
import { decodeKey, rowReader, RowWriter } from './row-fn-rows.js';
import type { BatchStream, ExecContext } from './types.js';
import { collectBatch } from './util.js';

type GroupsNode = Extract<PhysicalNode, { op: 'rowFnGroups' }>;

const NULL_KEY = Symbol('null key');

/** Row indices per group, groups in order of first appearance. */
function groupRows(all: Batch, key: number | null, bigint: boolean): number[][] {
  if (key === null) return all.length > 0 ? [Array.from({ length: all.length }, (_, i) => i)] : [];
  const keys = vecToArray(all.columns[key]!, all.schema[key]!.name, { bigint });
  const ids = new Map<unknown, number>();
  const groups: number[][] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const norm = k === null ? NULL_KEY : k instanceof Date ? k.getTime() : k;
    let g = ids.get(norm);
    if (g === undefined) {
      g = groups.length;
      ids.set(norm, g);
      groups.push([]);
    }
    groups[g]!.push(i);
  }
  return groups;
}

/** Runs a rowFnGroups node over its input stream. */
export async function* rowFnGroupsOp(node: GroupsNode, input: BatchStream, ctx: ExecContext): BatchStream {
  const fn = node.fn;
  const partition = ctx.partition ?? 0;
  const f = rebuildRowFn(fn);
  const inSchema = node.input.schema;
  const all = await collectBatch(input, inSchema, ctx);
  if (all.length === 0) return;
  const groups = groupRows(all, node.key, ctx.conf.bigint);
  const rows = rowReader(inSchema, { ...fn, reads: null }, node.key, ctx.conf.bigint)(all);
  // The data fields (without the key) are what reduce results are written as.
  const dataSchema = inSchema.filter((_, i) => i !== node.key);
  if (fn.kind === 'reduce') {
    const w = new RowWriter(dataSchema, { ...fn, valueOut: fn.valueIn }, partition, groups.length);
    const first = new Int32Array(groups.length);
    groups.forEach((g, gi) => {
      first[gi] = g[0]!;
      let acc = rows[g[0]!];
      for (let j = 1; j < g.length; j++) {
        try {
          acc = f(acc, rows[g[j]!]);
        } catch (e) {
          throw userFunctionError(fn, e, partition, g[j]!);
        }
      }
      w.add(acc, g[0]!);
    });
    const { columns, length } = w.flush();
    if (node.mode === 'final' || node.key === null) {
      yield { schema: node.schema, columns, length };
      return;
    }
    // Partial: the key column goes back in its place for the exchange that follows.
    const out: Vec[] = [...columns];
    out.splice(node.key, 0, takeVec(all.columns[node.key]!, first));
    yield { schema: node.schema, columns: out, length };
    return;
  }
  if (fn.kind !== 'mapGroups') throw new InternalError(`rowFnGroups runs reduce and mapGroups functions, not ${fn.kind}`);
  const keyVals = node.key === null ? null : vecToArray(all.columns[node.key]!, inSchema[node.key]!.name, { bigint: ctx.conf.bigint });
  const w = new RowWriter(node.schema, fn, partition, Math.max(1, groups.length));
  for (const g of groups) {
    const raw = keyVals === null ? null : keyVals[g[0]!];
    const key = node.keyJson && typeof raw === 'string' ? decodeKey(raw) : raw;
    const groupRowsOf = g.map((i) => rows[i]);
    let out: unknown;
    try {
      out = f(key, groupRowsOf);
    } catch (e) {
      throw userFunctionError(fn, e, partition, null);
    }
    w.add(out, null);
  }
  const { columns, length } = w.flush();
  yield { schema: node.schema, columns, length };
}
