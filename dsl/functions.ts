/**
 * The column functions: `col`, `lit`, `when`, aggregates, ranking functions and scalar
 * functions, as Spark names them. A string argument is a column name (Spark's convention for
 * these functions); use `lit` for a string literal.
 */
import type { AggFn, ScalarFn } from '../engine/expr.js';
import { AnalysisError } from '../engine/errors.js';
import type { LExpr } from '../planner/logical.js';
import { Column, colExpr, literalExpr, toExpr, type ColumnOrValue, type LiteralInput } from './column.js';

/** A column name or a Column. */
export type ColumnLike = Column | string;

/** A column by name. @example col('price') */
export function col(name: string): Column {
  if (typeof name !== 'string' || name === '') throw new AnalysisError(`col(): the name must be a non-empty string, got ${JSON.stringify(name)}`);
  return new Column({ kind: 'col', name });
}

/** Same as `col`. @example column('price') */
export function column(name: string): Column {
  return col(name);
}

/** A literal value (a Column passes through). Dates become timestamps. @example lit(1), lit('x'), lit(null) */
export function lit(value: LiteralInput | Column): Column {
  return value instanceof Column ? value : new Column(literalExpr(value));
}

/**
 * A CASE WHEN under construction: add branches with `.when`, close with `.otherwise` (or use
 * it as is: rows matching no branch are null).
 */
export class CaseColumn extends Column {
  private readonly branches: readonly { readonly when: LExpr; readonly then: LExpr }[];

  /** Use `when(cond, value)`. */
  constructor(branches: readonly { readonly when: LExpr; readonly then: LExpr }[]) {
    super({ kind: 'case', branches, otherwise: null });
    this.branches = branches;
  }

  /** Adds a branch. @example when(col('v').lt(0), 'neg').when(col('v').eq(0), 'zero') */
  when(cond: Column, value: ColumnOrValue): CaseColumn {
    return new CaseColumn([...this.branches, { when: condExpr(cond, 'when'), then: toExpr(value) }]);
  }

  /** The value for rows matching no branch. @example when(col('v').gt(0), 'pos').otherwise('other') */
  otherwise(value: ColumnOrValue): Column {
    return new Column({ kind: 'case', branches: this.branches, otherwise: toExpr(value) });
  }
}

/** CASE WHEN `cond` THEN `value` (a plain value is a literal). @example when(col('v').gt(0), 'pos').otherwise('neg') */
export function when(cond: Column, value: ColumnOrValue): CaseColumn {
  return new CaseColumn([{ when: condExpr(cond, 'when'), then: toExpr(value) }]);
}

function condExpr(cond: Column, where: string): LExpr {
  if (!(cond instanceof Column)) throw new AnalysisError(`${where}(): the condition must be a Column (e.g. col('v').gt(0))`);
  return cond.expr;
}

function agg(fn: AggFn, args: readonly ColumnLike[]): Column {
  return new Column({ kind: 'agg', fn, args: args.map((a) => colExpr(a, fn)) });
}

/** Counts rows (`count()` or `count('*')`), or the non-null values of a column. @example count(), count('v') */
export function count(c?: ColumnLike): Column {
  if (c === undefined || c === '*') return new Column({ kind: 'agg', fn: 'count', args: [] });
  return agg('count', [c]);
}

/** Number of distinct non-null values. @example countDistinct('user') */
export function countDistinct(c: ColumnLike, ...more: ColumnLike[]): Column {
  return agg('countDistinct', [c, ...more]);
}

/** Sum (int64 for integers, float64 for floats); null over no values. @example sum('v') */
export function sum(c: ColumnLike): Column { return agg('sum', [c]); }
/** Mean as float64. @example avg('v') */
export function avg(c: ColumnLike): Column { return agg('avg', [c]); }
/** Same as `avg`. @example mean('v') */
export function mean(c: ColumnLike): Column { return agg('avg', [c]); }
/** Smallest value. @example min('v') */
export function min(c: ColumnLike): Column { return agg('min', [c]); }
/** Largest value. @example max('v') */
export function max(c: ColumnLike): Column { return agg('max', [c]); }
/** The first non-null value met (order depends on partitioning unless the input is sorted). @example first('name') */
export function first(c: ColumnLike): Column { return agg('first', [c]); }
/** Exact median (mean of the two middle values for an even count). @example median('v') */
export function median(c: ColumnLike): Column { return agg('median', [c]); }
/** Sample standard deviation (Spark's stddev = stddev_samp). @example stddev('v') */
export function stddev(c: ColumnLike): Column { return agg('stddev', [c]); }
/** Pearson correlation of two columns. @example corr('x', 'y') */
export function corr(a: ColumnLike, b: ColumnLike): Column { return agg('corr', [a, b]); }

/** Row number within a window partition, from 1. @example rowNumber().over(Window.partitionBy('k').orderBy('v')) */
export function rowNumber(): Column {
  return new Column({ kind: 'window', fn: { kind: 'rowNumber' }, partitionBy: [], orderBy: [] });
}
/** Rank with gaps for ties. @example rank().over(Window.orderBy(col('score').desc())) */
export function rank(): Column {
  return new Column({ kind: 'window', fn: { kind: 'rank' }, partitionBy: [], orderBy: [] });
}
/** Rank without gaps for ties. @example denseRank().over(Window.orderBy('score')) */
export function denseRank(): Column {
  return new Column({ kind: 'window', fn: { kind: 'denseRank' }, partitionBy: [], orderBy: [] });
}

function call(fn: ScalarFn, args: readonly ColumnLike[]): Column {
  return new Column({ kind: 'call', fn, args: args.map((a) => colExpr(a, fn)) });
}

/** Absolute value. @example abs('delta') */
export function abs(c: ColumnLike): Column { return call('abs', [c]); }
/** The first non-null argument. @example coalesce('nick', 'name') */
export function coalesce(...cols: ColumnLike[]): Column {
  if (cols.length === 0) throw new AnalysisError('coalesce() needs at least one column');
  return call('coalesce', cols);
}
/** Concatenates strings (null when any is null). @example concat('first', lit(' '), 'last') */
export function concat(...cols: ColumnLike[]): Column {
  if (cols.length === 0) throw new AnalysisError('concat() needs at least one column');
  return call('concat', cols);
}
/** Lower-case. @example lower('name') */
export function lower(c: ColumnLike): Column { return call('lower', [c]); }
/** Upper-case. @example upper('name') */
export function upper(c: ColumnLike): Column { return call('upper', [c]); }
/** String length. @example length('name') */
export function length(c: ColumnLike): Column { return call('length', [c]); }
/** Trims spaces at both ends. @example trim('name') */
export function trim(c: ColumnLike): Column { return call('trim', [c]); }
/**
 * Rounds half away from zero, to `scale` decimal places (default 0), as Spark's `round`.
 * @example round('price', 2)
 */
export function round(c: ColumnLike, scale = 0): Column {
  if (!Number.isInteger(scale)) throw new AnalysisError(`round(): scale must be an integer, got ${scale}`);
  const e = colExpr(c, 'round');
  return new Column({ kind: 'call', fn: 'round', args: scale === 0 ? [e] : [e, { kind: 'lit', value: scale }] });
}
/** Largest integer ≤ the value. @example floor('v') */
export function floor(c: ColumnLike): Column { return call('floor', [c]); }
/** Smallest integer ≥ the value. @example ceil('v') */
export function ceil(c: ColumnLike): Column { return call('ceil', [c]); }
/** Square root. @example sqrt('v') */
export function sqrt(c: ColumnLike): Column { return call('sqrt', [c]); }
/** e to the value. @example exp('v') */
export function exp(c: ColumnLike): Column { return call('exp', [c]); }
/** Natural logarithm. @example ln('v') */
export function ln(c: ColumnLike): Column { return call('ln', [c]); }
/** `base ^ exponent`. @example pow('v', lit(2)) */
export function pow(base: ColumnLike, exponent: ColumnLike | number): Column {
  return new Column({ kind: 'call', fn: 'pow', args: [colExpr(base, 'pow'), typeof exponent === 'number' ? { kind: 'lit', value: exponent } : colExpr(exponent, 'pow')] });
}
/** The largest non-null argument. @example greatest('a', 'b', 'c') */
export function greatest(...cols: ColumnLike[]): Column {
  if (cols.length < 2) throw new AnalysisError('greatest() needs at least two columns');
  return call('greatest', cols);
}
/** The smallest non-null argument. @example least('a', 'b') */
export function least(...cols: ColumnLike[]): Column {
  if (cols.length < 2) throw new AnalysisError('least() needs at least two columns');
  return call('least', cols);
}
/** `asc(name)`: an ascending sort key. @example ds.orderBy(asc('k'), desc('v')) */
export function asc(c: ColumnLike): Column { return new Column(colExpr(c, 'asc')).asc(); }
/** `desc(name)`: a descending sort key. @example ds.orderBy(desc('v')) */
export function desc(c: ColumnLike): Column { return new Column(colExpr(c, 'desc')).desc(); }
/** Logical NOT of a column. @example not(col('flag')) */
export function not(c: ColumnLike): Column { return new Column(colExpr(c, 'not')).not(); }
/** True where the value is null. @example isNull('v') */
export function isNull(c: ColumnLike): Column { return call('isNull', [c]); }
