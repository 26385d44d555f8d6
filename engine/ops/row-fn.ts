/**
 * rowFn: runs a user's row function (typed API) row by row on materialized objects — map,
 * flatMap, filter, mapPartitions, foreach, and key functions that append a group key column.
 * The function is rebuilt once per task; rows carry only the fields it reads.
 */
import type { Batch, Vec } from '../batch.js';
import { UserFunctionError } from '../errors.js';
import { filterBatch, VecBuilder } from '../kernels/index.js';
import type { PhysicalNode } from '../plan.js';
import { rebuildRowFn, snippet, userFunctionError } from './row-fn-compile.js';
import { encodeKey, rowReader, RowWriter } from './row-fn-rows.js';
import type { BatchStream, ExecContext } from './types.js';
import { checkCancelled, collectBatch, withSchema } from './util.js';

type RowFnNode = Extract<PhysicalNode, { op: 'rowFn' }>;

/** Runs a rowFn node over its input stream. */
export async function* rowFnOp(node: RowFnNode, input: BatchStream, ctx: ExecContext): BatchStream {
  const fn = node.fn;
  const partition = ctx.partition ?? 0;
  const f = rebuildRowFn(fn);
  const inSchema = node.input.schema;
  const read = rowReader(inSchema, fn, null, ctx.conf.bigint);
  const batchSize = Math.max(1, ctx.conf.batchSize);
  let base = 0; // rows of the partition seen before the current batch
  switch (fn.kind) {
    case 'filter':
    case 'foreach': {
      const keep = fn.kind === 'filter';
      for await (const b of input) {
        checkCancelled(ctx);
        if (b.length === 0) continue;
        const rows = read(b);
        const n = rows.length;
        const mask = new Uint8Array(n);
        let i = 0;
        try {
          for (; i < n; i++) mask[i] = f(rows[i]) ? 1 : 0;
        } catch (e) {
          throw userFunctionError(fn, e, partition, base + i);
        }
        base += n;
        if (!keep) continue;
        const out = filterBatch(b, { kind: 'num', type: 'bool', values: mask, valid: null });
        if (out.length > 0) yield withSchema(out, node.schema);
      }
      return;
    }
    case 'key': {
      for await (const b of input) {
        checkCancelled(ctx);
        if (b.length === 0) continue;
        const rows = read(b);
        const n = rows.length;
        const kb = new VecBuilder('utf8', n);
        let i = 0;
        try {
          for (; i < n; i++) kb.append(encodeKey(f(rows[i])));
        } catch (e) {
          throw userFunctionError(fn, e, partition, base + i);
        }
        base += n;
        yield { schema: node.schema, columns: [...b.columns, kb.finish()], length: n };
      }
      return;
    }
    case 'map':
    case 'flatMap': {
      const w = new RowWriter(node.schema, fn, partition, Math.min(batchSize, 4096));
      const flat = fn.kind === 'flatMap';
      for await (const b of input) {
        checkCancelled(ctx);
        if (b.length === 0) continue;
        const rows = read(b);
        const n = rows.length;
        for (let i = 0; i < n; i++) {
          let out: unknown;
          try {
            out = f(rows[i]);
          } catch (e) {
            throw userFunctionError(fn, e, partition, base + i);
          }
          if (!flat) w.add(out, base + i);
          else {
            if (out === null || typeof out !== 'object' || typeof (out as Iterable<unknown>)[Symbol.iterator] !== 'function') {
              throw new UserFunctionError(`the flatMap function must return an iterable (an array, a generator ...), but returned ${out === null ? 'null' : typeof out} at row ${base + i} of partition ${partition}\n  function: ${snippet(fn.source)}`, { kind: fn.kind, partition, row: base + i });
            }
            try {
              for (const o of out as Iterable<unknown>) w.add(o, base + i);
            } catch (e) {
              if (e instanceof Error && e.name === 'DataError') throw e;
              throw userFunctionError(fn, e, partition, base + i);
            }
          }
          if (w.length >= batchSize) yield flushed(node, w);
        }
        base += n;
        if (w.length > 0 && w.length >= batchSize / 2) yield flushed(node, w);
      }
      if (w.length > 0) yield flushed(node, w);
      return;
    }
    case 'mapPartitions': {
      // The user's function pulls rows synchronously (it may be a generator), so the partition is read first.
      const all = await collectBatch(input, inSchema, ctx);
      const rows = all.length > 0 ? read(all) : [];
      const w = new RowWriter(node.schema, fn, partition, Math.min(batchSize, 4096));
      let it: Iterator<unknown>;
      try {
        const res = f(rows[Symbol.iterator]()) as Iterable<unknown>;
        if (res === null || typeof res !== 'object' || typeof res[Symbol.iterator] !== 'function') {
          throw new UserFunctionError(`the mapPartitions function must return an iterable (an array, a generator ...), but returned ${res === null ? 'null' : typeof res} in partition ${partition}\n  function: ${snippet(fn.source)}`, { kind: fn.kind, partition });
        }
        it = res[Symbol.iterator]();
      } catch (e) {
        throw userFunctionError(fn, e, partition, null);
      }
      for (;;) {
        let r: IteratorResult<unknown>;
        try {
          r = it.next();
        } catch (e) {
          throw userFunctionError(fn, e, partition, null);
        }
        if (r.done) break;
        w.add(r.value, null);
        if (w.length >= batchSize) {
          checkCancelled(ctx);
          yield flushed(node, w);
        }
      }
      if (w.length > 0) yield flushed(node, w);
      return;
    }
    default:
      throw new UserFunctionError(`a ${fn.kind} function cannot run as a row-by-row operator`, { kind: fn.kind });
  }
}

function flushed(node: RowFnNode, w: RowWriter): Batch {
  const { columns, length } = w.flush();
  return { schema: node.schema, columns: columns as Vec[], length };
}
