/**
 * Small helpers shared by the operators.
 */
import type { Batch, Vec } from '../batch.js';
import { CancelledError } from '../errors.js';
import type { Schema } from '../types.js';
import { concatBatches, sliceBatch } from '../kernels/index.js';
import type { ExecContext } from './types.js';

/**
 * The batch with `schema` as its schema (same columns). Operators label their output with the
 * node's schema so names follow the plan; types are the producer's business.
 */
export function withSchema(batch: Batch, schema: Schema): Batch {
  return batch.schema === schema ? batch : { schema, columns: batch.columns, length: batch.length };
}

/** A batch from columns without re-checking them (the operator built them for this schema). */
export function batchOf(schema: Schema, columns: readonly Vec[], length: number): Batch {
  return { schema, columns, length };
}

/** Throws CancelledError when the job was cancelled; operators call it between batches. */
export function checkCancelled(ctx: ExecContext): void {
  const s = ctx.task.signal;
  if (s && s.aborted) throw new CancelledError('the job was cancelled');
}

/** Reads a whole stream into one batch of `schema` (empty stream: zero rows). */
export async function collectBatch(stream: AsyncIterable<Batch>, schema: Schema, ctx: ExecContext): Promise<Batch> {
  const parts: Batch[] = [];
  for await (const b of stream) {
    checkCancelled(ctx);
    if (b.length > 0) parts.push(withSchema(b, schema));
  }
  if (parts.length === 1) return parts[0]!;
  return concatBatches(schema, parts);
}

/** Cuts a batch into views of at most `size` rows. */
export function* chunks(batch: Batch, size: number): Iterable<Batch> {
  const step = Math.max(1, size);
  if (batch.length <= step) {
    if (batch.length > 0) yield batch;
    return;
  }
  for (let s = 0; s < batch.length; s += step) yield sliceBatch(batch, s, Math.min(batch.length, s + step));
}

/** A growable Int32Array (pair lists of joins, index lists). */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  /** Appends one value. */
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  /** A copy of the values so far. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
  /** Forgets the values (keeps the memory). */
  clear(): void {
    this.length = 0;
  }
}
