/**
 * The accumulator for an AggSpec.
 */
import type { AggSpec } from '../expr.js';
import { InternalError } from '../errors.js';
import type { Accumulator } from './accumulator.js';
import { CountAccumulator } from './count.js';
import { AvgAccumulator, SumAccumulator } from './sum-avg.js';
import { Int64PickAccumulator, NumPickAccumulator, StrPickAccumulator } from './min-max-first.js';
import { MedianAccumulator } from './median.js';
import { CountDistinctAccumulator } from './count-distinct.js';
import { CorrAccumulator, StddevAccumulator } from './moments.js';

/**
 * A fresh accumulator for `spec`; `column` names the aggregate in errors (e.g. an int64 sum
 * overflow).
 */
export function makeAccumulator(spec: AggSpec, column: string): Accumulator {
  switch (spec.fn) {
    case 'count':
      return new CountAccumulator(spec.args.length === 0);
    case 'sum':
      if (spec.type === 'utf8') throw new InternalError(`sum of ${column} has type utf8`);
      return new SumAccumulator(spec.type, column);
    case 'avg':
      return new AvgAccumulator();
    case 'min':
    case 'max':
    case 'first':
      if (spec.type === 'utf8') return new StrPickAccumulator(spec.fn);
      return spec.type === 'int64' ? new Int64PickAccumulator(spec.fn) : new NumPickAccumulator(spec.fn, spec.type);
    case 'median':
      return new MedianAccumulator();
    case 'countDistinct':
      return new CountDistinctAccumulator();
    case 'stddev':
      return new StddevAccumulator();
    case 'corr':
      return new CorrAccumulator();
    default: {
      const never: never = spec.fn;
      throw new InternalError(`unknown aggregate ${String(never)}`);
    }
  }
}
