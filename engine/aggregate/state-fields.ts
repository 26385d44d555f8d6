/**
 * The partial-aggregation state layout: which columns a partial aggregate writes and its
 * final stage reads back. The planner uses it for the schema between partial and final;
 * the aggregate operator for the columns it fills and merges.
 *
 * | fn            | state columns                                              |
 * |---------------|------------------------------------------------------------|
 * | count         | count int64 (not null)                                     |
 * | sum           | sum (int64 for integer input, float64 otherwise), null if no values |
 * | avg           | sum float64, count int64                                   |
 * | min, max, first | value (input type), null if no values                   |
 * | stddev        | n, mean, m2 (float64; Chan et al. parallel merge)          |
 * | corr          | n, meanX, meanY, m2X, m2Y, cXY (float64)                   |
 *
 * countDistinct and median have no fixed-size state: the planner aggregates them in one
 * `single` step after a hash exchange on the group keys.
 */
import { DECOMPOSABLE_AGGS, type AggSpec } from '../expr.js';
import { InternalError } from '../errors.js';
import type { DataType, Field } from '../types.js';

/** The state columns of one decomposable aggregate, named `${name}#${part}`. */
export function aggStateFields(spec: AggSpec, name: string): Field[] {
  const f = (part: string, type: DataType, nullable = true): Field => ({ name: `${name}#${part}`, type, nullable });
  if (!DECOMPOSABLE_AGGS.has(spec.fn)) throw new InternalError(`aggregate ${spec.fn} has no partial state`);
  switch (spec.fn) {
    case 'count':
      return [f('count', 'int64', false)];
    case 'sum':
      return [f('sum', spec.type)];
    case 'avg':
      return [f('sum', 'float64'), f('count', 'int64', false)];
    case 'min':
    case 'max':
    case 'first':
      return [f(spec.fn, spec.type)];
    case 'stddev':
      return [f('n', 'float64', false), f('mean', 'float64'), f('m2', 'float64')];
    case 'corr':
      return ['n', 'meanX', 'meanY', 'm2X', 'm2Y', 'cXY'].map((p) => f(p, 'float64', p !== 'n'));
    default:
      throw new InternalError(`aggregate ${spec.fn} has no partial state`);
  }
}
