/**
 * Column references and literals.
 */
import type { Batch, Vec } from '../batch.js';
import type { Expr } from '../expr.js';
import { constVec, parseDate, parseTimestamp } from '../kernels/index.js';
import { DataError, InternalError } from '../errors.js';

/** The bound column of a `col` expression. */
export function evalColumn(e: Extract<Expr, { kind: 'col' }>, batch: Batch): Vec {
  const v = batch.columns[e.index];
  if (v === undefined) {
    throw new InternalError(`column ${e.name} is bound to index ${e.index} but the batch has ${batch.columns.length} columns (${batch.schema.map((f) => f.name).join(', ')})`);
  }
  return v;
}

/**
 * A literal as a constant column of the batch's length. Dates and timestamps are numbers (days,
 * ms); a string given for one is parsed as ISO text, as a cast would.
 */
export function evalLiteral(e: Extract<Expr, { kind: 'lit' }>, batch: Batch): Vec {
  let value = e.value;
  if (typeof value === 'string' && (e.type === 'date' || e.type === 'timestamp')) {
    const parsed = e.type === 'date' ? parseDate(value.trim()) : parseTimestamp(value.trim());
    if (parsed === null) throw new DataError(`cannot read literal ${JSON.stringify(value)} as a ${e.type}`, { value });
    value = parsed;
  }
  return constVec(value, e.type, batch.length);
}
