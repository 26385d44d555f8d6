/**
 * window: the input is already partitioned by the window's partitionBy keys (a hash exchange
 * before it). Rows are sorted by (partition keys, order keys), then each function is computed
 * per window partition: rowNumber, rank, denseRank, or any aggregate over the frame — with
 * orderBy, from the start of the partition through the current row and its peers (Spark's
 * default RANGE frame); without orderBy, the whole partition.
 * Output: the input columns, then one column per function, rows in window order.
 */
import type { Batch, Vec } from '../batch.js';
import type { WindowFnSpec } from '../expr.js';
import type { PhysicalNode } from '../plan.js';
import type { DataType } from '../types.js';
import { evaluate } from '../expr/index.js';
import { dictionaryEncode, takeBatch } from '../kernels/index.js';
import { makeAccumulator } from '../aggregate/make-accumulator.js';
import type { StoredValue } from '../aggregate/accumulator.js';
import { numVecFrom } from '../aggregate/growable.js';
import { int64Words, TWO32 } from '../kernels/int64.js';
import { compareRows, sortColumn, sortIndices, type SortColumn } from './sort-keys.js';
import { batchOf, chunks, collectBatch } from './util.js';
import type { BatchStream, ExecContext } from './types.js';

type WindowNode = Extract<PhysicalNode, { op: 'window' }>;

/** Runs a window node. */
export async function* windowOp(node: WindowNode, input: BatchStream, ctx: ExecContext): BatchStream {
  const all = await collectBatch(input, node.input.schema, ctx);
  const n = all.length;
  if (n === 0) return;
  const pcols = node.partitionBy.map((e) => sortColumn(evaluate(e, all), true, true));
  const ocols = node.orderBy.map((k) => sortColumn(evaluate(k.expr, all), k.asc, k.nullsFirst));
  const order = sortIndices([...pcols, ...ocols], n);
  const sorted = takeBatch(all, order);
  // After the take, row i of `sorted` is row order[i] of `all`: compare through `order`.
  const part = new Int32Array(n); // window partition of each sorted row
  const peerStart = new Int32Array(n); // first row of each row's peer group
  let p = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && compareRows(pcols, order[i - 1]!, order[i]!) !== 0) {
      p++;
      peerStart[i] = i;
    } else if (i > 0 && compareRows(ocols, order[i - 1]!, order[i]!) === 0) {
      peerStart[i] = peerStart[i - 1]!;
    } else {
      peerStart[i] = i;
    }
    part[i] = p;
  }
  const parts = p + 1;
  const base = node.input.schema.length;
  const cols: Vec[] = [...sorted.columns];
  node.fns.forEach((fn, f) => {
    const type = node.schema[base + f]!.type;
    cols.push(computeFn(fn, type, sorted, part, peerStart, parts, node.orderBy.length > 0, node.schema[base + f]!.name));
  });
  yield* chunks(batchOf(node.schema, cols, n), ctx.conf.batchSize);
}

/** One function's column over rows in window order. */
function computeFn(fn: WindowFnSpec, type: DataType, sorted: Batch, part: Int32Array, peerStart: Int32Array, parts: number, ordered: boolean, name: string): Vec {
  const n = sorted.length;
  if (fn.kind !== 'agg') {
    const out = new Float64Array(n);
    let start = 0;
    let dense = 0;
    for (let i = 0; i < n; i++) {
      if (i === 0 || part[i] !== part[i - 1]) {
        start = i;
        dense = 0;
      }
      if (peerStart[i] === i) dense++;
      out[i] = fn.kind === 'rowNumber' ? i - start + 1 : fn.kind === 'rank' ? peerStart[i]! - start + 1 : dense;
    }
    return numVecFrom(type === 'utf8' ? 'int32' : type, out, null, n);
  }
  const acc = makeAccumulator(fn.agg, name);
  acc.grow(parts);
  const args = fn.agg.args.map((e) => evaluate(e, sorted));
  const values: StoredValue[] = new Array(n);
  let i = 0;
  while (i < n) {
    // The frame grows one peer group at a time (ordered) or is the whole partition.
    let end = i + 1;
    if (ordered) while (end < n && part[end] === part[i] && peerStart[end] === peerStart[i]) end++;
    else while (end < n && part[end] === part[i]) end++;
    acc.update(part, args, i, end);
    const v = acc.valueAt(part[i]!);
    for (let r = i; r < end; r++) values[r] = v;
    i = end;
  }
  return storedToVec(values, type);
}

/** A column of `type` from stored values. */
function storedToVec(values: readonly StoredValue[], type: DataType): Vec {
  const n = values.length;
  if (type === 'utf8') return dictionaryEncode(values);
  if (type === 'int64') return int64FromStored(values);
  const out = new Float64Array(n);
  const has = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) {
      out[i] = Number(v);
      has[i] = 1;
    }
  }
  return numVecFrom(type, out, has, n);
}

/** An int64 column from stored values (numbers or bigints), exact. */
function int64FromStored(values: readonly StoredValue[]): Vec {
  const n = values.length;
  const out = new BigInt64Array(n);
  const w = int64Words(out);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    } else if (typeof v === 'bigint') {
      out[i] = v;
    } else {
      const x = Number(v);
      const hi = Math.floor(x / TWO32);
      w[2 * i] = (x - hi * TWO32) | 0;
      w[2 * i + 1] = hi | 0;
    }
  }
  return { kind: 'num', type: 'int64', values: out, valid };
}
