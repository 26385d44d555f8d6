/**
 * `Column`: a logical expression under construction. Every method returns a new Column;
 * nothing is checked against a schema here (the analyzer does that when the column is used
 * by a Dataset transformation), except what can be known without one (a cast's type name).
 */
import type { LitValue, ScalarFn } from '../engine/expr.js';
import { AnalysisError } from '../engine/errors.js';
import { DATA_TYPES, type DataType } from '../engine/types.js';
import type { LExpr, LSortKey } from '../planner/logical.js';
import type { WindowSpec } from './window.js';

/** A JavaScript value that can stand for a literal. Dates become timestamps (ms since epoch). */
export type LiteralInput = null | undefined | boolean | number | string | bigint | Date;

/** Where a column method takes "another value": a Column, or a plain JS value read as a literal. */
export type ColumnOrValue = Column | LiteralInput;

/** Spark's type names, accepted by `cast` beside rondo's own. */
const TYPE_ALIASES: Readonly<Record<string, DataType>> = {
  boolean: 'bool', int: 'int32', integer: 'int32', long: 'int64', bigint: 'int64',
  double: 'float64', float: 'float64', string: 'utf8', str: 'utf8',
};

/**
 * A column expression.
 * @example col('price').mul(1.2).as('gross')
 */
export class Column {
  /** The logical expression this column stands for. */
  readonly expr: LExpr;

  /** Wraps a logical expression; prefer `col`, `lit` and the functions. */
  constructor(expr: LExpr) {
    this.expr = expr;
  }

  /** `this + other`. @example col('a').plus(1) */
  plus(other: ColumnOrValue): Column { return this.binary('add', other); }
  /** `this - other`. @example col('a').minus(col('b')) */
  minus(other: ColumnOrValue): Column { return this.binary('sub', other); }
  /** `this * other`. @example col('qty').mul(col('price')) */
  mul(other: ColumnOrValue): Column { return this.binary('mul', other); }
  /** `this / other`, always float64 (Spark's `/`); null for a zero divisor. @example col('a').div(2) */
  div(other: ColumnOrValue): Column { return this.binary('div', other); }
  /** `this % other`; null for a zero divisor. @example col('id').mod(10) */
  mod(other: ColumnOrValue): Column { return this.binary('mod', other); }
  /** `-this`. @example col('delta').negate() */
  negate(): Column { return new Column({ kind: 'call', fn: 'neg', args: [this.expr] }); }

  /** `this = other` (null when either side is null). @example col('name').eq('x') */
  eq(other: ColumnOrValue): Column { return this.binary('eq', other); }
  /** `this <> other`. @example col('name').neq('x') */
  neq(other: ColumnOrValue): Column { return this.binary('neq', other); }
  /** `this > other`. @example col('v').gt(10) */
  gt(other: ColumnOrValue): Column { return this.binary('gt', other); }
  /** `this >= other`. @example col('v').gte(10) */
  gte(other: ColumnOrValue): Column { return this.binary('gte', other); }
  /** `this < other`. @example col('v').lt(10) */
  lt(other: ColumnOrValue): Column { return this.binary('lt', other); }
  /** `this <= other`. @example col('v').lte(10) */
  lte(other: ColumnOrValue): Column { return this.binary('lte', other); }

  /** SQL AND (three-valued: false AND null is false). @example col('a').gt(1).and(col('b').lt(2)) */
  and(other: ColumnOrValue): Column { return this.binary('and', other); }
  /** SQL OR (three-valued: true OR null is true). @example col('a').isNull().or(col('a').eq(0)) */
  or(other: ColumnOrValue): Column { return this.binary('or', other); }
  /** SQL NOT. @example col('flag').not() */
  not(): Column { return new Column({ kind: 'call', fn: 'not', args: [this.expr] }); }

  /** True where the value is null (never null itself). @example col('v').isNull() */
  isNull(): Column { return new Column({ kind: 'call', fn: 'isNull', args: [this.expr] }); }
  /** True where the value is not null. @example col('v').isNotNull() */
  isNotNull(): Column { return new Column({ kind: 'call', fn: 'isNotNull', args: [this.expr] }); }
  /**
   * SQL IN: true when the value equals one of `values` (values or Columns; one array argument
   * is spread, as Spark's `isin(list)`).
   * @example col('k').isIn('a', 'b')
   */
  isIn(...values: (ColumnOrValue | readonly ColumnOrValue[])[]): Column {
    const list = values.length === 1 && Array.isArray(values[0]) ? values[0] as readonly ColumnOrValue[] : values as ColumnOrValue[];
    return new Column({ kind: 'call', fn: 'in', args: [this.expr, ...list.map(toExpr)] });
  }
  /** `lo <= this <= hi`, inclusive. @example col('v').between(1, 10) */
  between(lo: ColumnOrValue, hi: ColumnOrValue): Column {
    return new Column({ kind: 'call', fn: 'between', args: [this.expr, toExpr(lo), toExpr(hi)] });
  }

  /** Names the column (replaces an earlier name). @example sum('v').as('total') */
  as(name: string): Column {
    if (typeof name !== 'string' || name === '') throw new AnalysisError(`as(): the name must be a non-empty string, got ${JSON.stringify(name)}`);
    const inner = this.expr.kind === 'alias' ? this.expr.expr : this.expr;
    return new Column({ kind: 'alias', expr: inner, name });
  }
  /** Same as `as`. @example col('a').alias('b') */
  alias(name: string): Column { return this.as(name); }

  /**
   * Converts to another type: one of 'bool' 'int32' 'int64' 'float64' 'utf8' 'date'
   * 'timestamp' (Spark's names 'int', 'long', 'double', 'string', 'boolean' are accepted too).
   * @example col('price').cast('float64')
   */
  cast(type: DataType | string): Column {
    return new Column({ kind: 'cast', expr: this.expr, type: parseTypeName(type, 'cast') });
  }

  /** Ascending sort key, nulls first (Spark's default). @example ds.orderBy(col('v').asc()) */
  asc(): Column { return this.sortOrder(true, true); }
  /** Ascending sort key with nulls first. */
  ascNullsFirst(): Column { return this.sortOrder(true, true); }
  /** Ascending sort key with nulls last. @example ds.orderBy(col('v').ascNullsLast()) */
  ascNullsLast(): Column { return this.sortOrder(true, false); }
  /** Descending sort key, nulls last (Spark's default). @example ds.orderBy(col('v').desc()) */
  desc(): Column { return this.sortOrder(false, false); }
  /** Descending sort key with nulls first. @example ds.orderBy(col('v').descNullsFirst()) */
  descNullsFirst(): Column { return this.sortOrder(false, true); }
  /** Descending sort key with nulls last. */
  descNullsLast(): Column { return this.sortOrder(false, false); }

  /** Lower-case string. @example col('name').lower() */
  lower(): Column { return this.unary('lower'); }
  /** Upper-case string. @example col('name').upper() */
  upper(): Column { return this.unary('upper'); }
  /** String length in characters. @example col('name').length() */
  length(): Column { return this.unary('length'); }
  /** String without leading and trailing spaces. @example col('name').trim() */
  trim(): Column { return this.unary('trim'); }
  /** True when the string contains `needle`. @example col('name').contains('ab') */
  contains(needle: ColumnOrValue): Column { return this.binary('contains', needle); }
  /** True when the string starts with `prefix`. @example col('name').startsWith('A') */
  startsWith(prefix: ColumnOrValue): Column { return this.binary('startsWith', prefix); }
  /** True when the string ends with `suffix`. @example col('file').endsWith('.csv') */
  endsWith(suffix: ColumnOrValue): Column { return this.binary('endsWith', suffix); }
  /**
   * Substring from 1-based `pos` (negative counts from the end), `len` characters (Spark's substr).
   * @example col('name').substr(1, 3)
   */
  substr(pos: ColumnOrValue, len: ColumnOrValue): Column {
    return new Column({ kind: 'call', fn: 'substr', args: [this.expr, toExpr(pos), toExpr(len)] });
  }

  /**
   * Evaluates an aggregate or a ranking function over a window.
   * @example sum('v').over(Window.partitionBy('k').orderBy('t'))
   * @example rowNumber().over(Window.partitionBy('k').orderBy(col('v').desc()))
   */
  over(window: WindowSpec): Column {
    const named = this.expr.kind === 'alias' ? this.expr : null;
    const e = named ? named.expr : this.expr;
    let w: LExpr;
    if (e.kind === 'agg') w = { kind: 'window', fn: { kind: 'agg', agg: e }, partitionBy: window.partitionExprs, orderBy: window.orderKeys };
    else if (e.kind === 'window') w = { kind: 'window', fn: e.fn, partitionBy: window.partitionExprs, orderBy: window.orderKeys };
    else throw new AnalysisError('over() applies to an aggregate (sum, count, …) or a ranking function (rowNumber, rank, denseRank), not to a plain column expression');
    return new Column(named ? { kind: 'alias', expr: w, name: named.name } : w);
  }

  private unary(fn: ScalarFn): Column {
    return new Column({ kind: 'call', fn, args: [this.expr] });
  }

  private binary(fn: ScalarFn, other: ColumnOrValue): Column {
    return new Column({ kind: 'call', fn, args: [this.expr, toExpr(other)] });
  }

  private sortOrder(asc: boolean, nullsFirst: boolean): Column {
    const e = this.expr.kind === 'sortOrder' ? this.expr.expr : this.expr;
    return new Column({ kind: 'sortOrder', expr: e, asc, nullsFirst });
  }
}

/** Checks a type name (rondo's or Spark's) and returns rondo's DataType. */
export function parseTypeName(type: unknown, where: string): DataType {
  if (typeof type === 'string') {
    const t = type.trim().toLowerCase();
    if ((DATA_TYPES as readonly string[]).includes(t)) return t as DataType;
    const alias = TYPE_ALIASES[t];
    if (alias) return alias;
  }
  throw new AnalysisError(`${where}: unknown type ${JSON.stringify(type)}; the types are ${DATA_TYPES.filter((t) => t !== 'null').map((t) => `'${t}'`).join(', ')}`, { type });
}

/** The logical literal for a JS value (a Column passes through). */
export function literalExpr(value: LiteralInput | Column): LExpr {
  if (value instanceof Column) return value.expr;
  if (value === undefined || value === null) return { kind: 'lit', value: null };
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new AnalysisError('lit(): the Date is invalid');
    return { kind: 'lit', value: ms, type: 'timestamp' };
  }
  if (typeof value === 'bigint') {
    if (BigInt.asIntN(64, value) !== value) throw new AnalysisError(`lit(): ${value}n is beyond the int64 range`);
    // Beyond ±2^53 the plan (plain JSON) carries the value as decimal text.
    const exact = value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(-Number.MAX_SAFE_INTEGER);
    return { kind: 'lit', value: exact ? Number(value) : value.toString(), type: 'int64' };
  }
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
    // NaN, ±Infinity and -0 have no JSON number: the plan carries them as text (constVec reads it).
    return { kind: 'lit', value: Object.is(value, -0) ? '-0' : String(value), type: 'float64' };
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    return { kind: 'lit', value: value as LitValue };
  }
  throw new AnalysisError(`lit(): cannot make a literal of ${describeValue(value)}; use a number, string, boolean, Date, bigint or null`);
}

/** A Column, or a JS value as a literal (column methods: `col('a').eq('x')` compares with the string). */
export function toExpr(value: ColumnOrValue): LExpr {
  return literalExpr(value);
}

/** A Column, or a string as a column name (Dataset methods and aggregate functions). */
export function colExpr(value: Column | string, where: string): LExpr {
  if (value instanceof Column) return value.expr;
  if (typeof value === 'string') return { kind: 'col', name: value };
  throw new AnalysisError(`${where}: expected a column name or a Column, got ${describeValue(value)}`);
}

/** A sort key from a name (ascending, nulls first), a Column, or a Column's asc()/desc(). */
export function sortKeyOf(value: Column | string, where: string): LSortKey {
  const e = colExpr(value, where);
  if (e.kind === 'sortOrder') return { expr: e.expr, asc: e.asc, nullsFirst: e.nullsFirst };
  return { expr: e, asc: true, nullsFirst: true };
}

/** Short text of an unexpected argument for error messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return `an object (${Object.prototype.toString.call(v).slice(8, -1)})`;
  return `${typeof v} ${JSON.stringify(String(v))}`;
}
