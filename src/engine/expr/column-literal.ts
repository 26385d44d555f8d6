/**
 * Column references and literals.
 */
import type { Batch, Vec } from '../batch.js';
import type { Expr } from '../expr.js';
import { constVec } from '../kernels/index.js';
import { InternalError } from '../errors.js';

/** The bound column of a `col` expression. */
export function evalColumn(e: Extract<Expr, { kind: 'col' }>, batch: Batch): Vec {
  const v = batch.columns[e.index];
  if (v === undefined) {
    throw new InternalError(`column ${e.name} is bound to index ${e.index} but the batch has ${batch.columns.length} columns (${batch.schema.map((f) => f.name).join(', ')})`);
  }
  return v;
}

/** A literal as a constant column of the batch's length. */
export function evalLiteral(e: Extract<Expr, { kind: 'lit' }>, batch: Batch): Vec {
  return constVec(e.value, e.type, batch.length);
}
