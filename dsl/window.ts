/**
 * Window specifications: `Window.partitionBy(...).orderBy(...)`, used with `agg.over(spec)`
 * and the ranking functions. With an ordering, an aggregate runs over the rows from the start
 * of the partition to the current row and its peers (Spark's default frame); without one,
 * over the whole partition.
 */
import type { LExpr, LSortKey } from '../planner/logical.js';
import { colExpr, sortKeyOf, type Column } from './column.js';

/** An immutable window: partition keys and ordering. */
export class WindowSpec {
  /** Partition key expressions. */
  readonly partitionExprs: readonly LExpr[];
  /** Ordering within a partition. */
  readonly orderKeys: readonly LSortKey[];

  /** Use `Window.partitionBy` / `Window.orderBy`. */
  constructor(partitionExprs: readonly LExpr[] = [], orderKeys: readonly LSortKey[] = []) {
    this.partitionExprs = partitionExprs;
    this.orderKeys = orderKeys;
  }

  /** Replaces the partition keys. @example Window.orderBy('t').partitionBy('k') */
  partitionBy(...cols: (Column | string)[]): WindowSpec {
    return new WindowSpec(cols.flat().map((c) => colExpr(c, 'Window.partitionBy')), this.orderKeys);
  }

  /** Replaces the ordering (names ascend; `col(x).desc()` descends). @example Window.partitionBy('k').orderBy(col('v').desc()) */
  orderBy(...cols: (Column | string)[]): WindowSpec {
    return new WindowSpec(this.partitionExprs, cols.flat().map((c) => sortKeyOf(c, 'Window.orderBy')));
  }
}

/** Builds window specifications, as Spark's `Window` object. */
export const Window = {
  /** A window partitioned by these columns. @example Window.partitionBy('dept').orderBy('salary') */
  partitionBy(...cols: (Column | string)[]): WindowSpec {
    return new WindowSpec().partitionBy(...cols);
  },
  /** A window over the whole dataset in this order. @example rowNumber().over(Window.orderBy('ts')) */
  orderBy(...cols: (Column | string)[]): WindowSpec {
    return new WindowSpec().orderBy(...cols);
  },
} as const;
