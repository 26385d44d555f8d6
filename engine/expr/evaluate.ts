/**
 * The vectorized evaluator: an Expr over a Batch gives one Vec of the batch's length.
 */
import type { Batch, Vec } from '../batch.js';
import type { Expr } from '../expr.js';
import { InternalError } from '../errors.js';
import { evalColumn, evalLiteral } from './column-literal.js';
import { evalCall } from './call.js';
import { evalCast } from './cast.js';
import { evalCase } from './case-when.js';

/** Evaluates `expr` over every row of `batch`. */
export function evaluate(expr: Expr, batch: Batch): Vec {
  switch (expr.kind) {
    case 'col':
      return evalColumn(expr, batch);
    case 'lit':
      return evalLiteral(expr, batch);
    case 'call':
      return evalCall(expr, batch, evaluate);
    case 'cast':
      return evalCast(expr, evaluate(expr.expr, batch));
    case 'case':
      return evalCase(expr, batch, evaluate);
    default:
      throw new InternalError(`unknown expression kind ${(expr as { kind: string }).kind}`);
  }
}
