/**
 * Expression analysis: resolves column references, infers result types and nullability
 * (engine/expr.ts semantics), checks where aggregates, window functions and sort orders may
 * appear, and returns the expression in canonical form (literals typed, a string literal
 * compared with a date cast to it, integer arguments of float math cast to float64).
 */
import { AnalysisError } from '../engine/errors.js';
import type { AggFn, LitValue, ScalarFn } from '../engine/expr.js';
import { isInteger, isNumeric, type DataType, type Schema } from '../engine/types.js';
import type { LExpr } from './logical.js';
import { describeLExpr, fnSymbol } from './names.js';
import { attrsOfSchema, refFor, resolveColumn, type Attr } from './resolve.js';

/** Where an expression stands, which decides what it may contain. */
export interface ExprScope {
  /** The operation, for messages: "filter", "select", "groupBy", "join condition", … */
  readonly where: string;
  readonly allowAgg?: boolean;
  readonly allowWindow?: boolean;
  readonly allowSortOrder?: boolean;
}

/** An analyzed expression with its type. */
export interface Typed {
  readonly expr: LExpr;
  readonly type: DataType;
  readonly nullable: boolean;
}

/** The type of a literal value: int32 when it fits, other integers int64 (within its range), else float64. */
export function litType(value: LitValue): DataType {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'utf8';
  if (Number.isInteger(value)) {
    if (value >= -2147483648 && value <= 2147483647) return 'int32';
    return value >= -9223372036854775808 && value < 9223372036854775808 ? 'int64' : 'float64';
  }
  return 'float64';
}

const NUM_RANK: Partial<Record<DataType, number>> = { int32: 1, int64: 2, float64: 3 };

/** The type both `a` and `b` convert to without loss of meaning, or undefined. */
export function commonType(a: DataType, b: DataType): DataType | undefined {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  if (isNumeric(a) && isNumeric(b)) return NUM_RANK[a]! > NUM_RANK[b]! ? a : b;
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp';
  return undefined;
}

/** Whether `cast(x AS to)` is allowed for x of type `from`. */
export function canCast(from: DataType, to: DataType): boolean {
  if (from === to || from === 'null' || from === 'utf8' || to === 'utf8') return true;
  const temporal = (t: DataType): boolean => t === 'date' || t === 'timestamp';
  if (isNumeric(from)) return isNumeric(to) || to === 'bool' || temporal(to);
  if (from === 'bool') return isNumeric(to);
  if (temporal(from)) return isNumeric(to) || temporal(to);
  return false;
}

/** The result type of an aggregate over arguments of types `args`. */
export function aggType(fn: AggFn, args: readonly DataType[]): DataType {
  switch (fn) {
    case 'count':
    case 'countDistinct':
      return 'int64';
    case 'sum':
      return args[0] === 'float64' ? 'float64' : 'int64';
    case 'avg':
    case 'stddev':
    case 'median':
    case 'corr':
      return 'float64';
    default:
      return args[0] === 'null' ? 'null' : args[0]!;
  }
}

function fail(msg: string, e: LExpr): never {
  throw new AnalysisError(msg, { expression: describeLExpr(e) });
}

/** `t` as an expression of type `type`: a null literal retyped, another type cast. */
function coerce(t: Typed, type: DataType): LExpr {
  if (t.type === type || type === 'null') return t.expr;
  if (t.expr.kind === 'lit' && t.expr.value === null) return { kind: 'lit', value: null, type };
  return { kind: 'cast', expr: t.expr, type };
}

function typedLit(e: LExpr, type: DataType): LExpr {
  // A null literal takes the type of the other operand so kernels see one type.
  return e.kind === 'lit' && e.value === null ? { kind: 'lit', value: null, type } : e;
}

const ARITH = new Set<ScalarFn>(['add', 'sub', 'mul', 'div', 'mod']);
const COMPARE = new Set<ScalarFn>(['eq', 'neq', 'lt', 'lte', 'gt', 'gte']);
const FLOAT_MATH = new Set<ScalarFn>(['floor', 'ceil', 'round', 'sqrt', 'exp', 'ln', 'pow']);
const STR_TO_STR = new Set<ScalarFn>(['lower', 'upper', 'trim']);
const STR_PRED = new Set<ScalarFn>(['contains', 'startsWith', 'endsWith']);

const ARITY: Partial<Record<ScalarFn, [number, number]>> = {
  add: [2, 2], sub: [2, 2], mul: [2, 2], div: [2, 2], mod: [2, 2], neg: [1, 1], abs: [1, 1],
  eq: [2, 2], neq: [2, 2], lt: [2, 2], lte: [2, 2], gt: [2, 2], gte: [2, 2],
  and: [2, 2], or: [2, 2], not: [1, 1], isNull: [1, 1], isNotNull: [1, 1], isNaN: [1, 1], in: [1, Infinity], between: [3, 3],
  coalesce: [1, Infinity], lower: [1, 1], upper: [1, 1], length: [1, 1], trim: [1, 1],
  contains: [2, 2], startsWith: [2, 2], endsWith: [2, 2], substr: [2, 3], concat: [1, Infinity],
  floor: [1, 1], ceil: [1, 1], round: [1, 2], sqrt: [1, 1], exp: [1, 1], ln: [1, 1], pow: [2, 2],
  greatest: [1, Infinity], least: [1, Infinity],
};

/** Analyzes `e` over input columns `attrs`. Throws AnalysisError with the expression text. */
export function analyzeExpr(e: LExpr, attrs: readonly Attr[], scope: ExprScope): Typed {
  return new ExprAnalyzer(attrs, scope).run(e, false, false);
}

class ExprAnalyzer {
  constructor(private readonly attrs: readonly Attr[], private readonly scope: ExprScope) {}

  run(e: LExpr, inAgg: boolean, inWindow: boolean): Typed {
    const sub = (x: LExpr): Typed => this.run(x, inAgg, inWindow);
    switch (e.kind) {
      case 'col': {
        const i = resolveColumn(this.attrs, e, this.scope.where);
        const a = this.attrs[i]!;
        return { expr: refFor(this.attrs, i), type: a.type, nullable: a.nullable };
      }
      case 'lit': {
        const type = e.type ?? litType(e.value);
        return { expr: { kind: 'lit', value: e.value, type }, type, nullable: e.value === null };
      }
      case 'alias': {
        const t = sub(e.expr);
        return { ...t, expr: { kind: 'alias', expr: t.expr, name: e.name } };
      }
      case 'cast': {
        const t = sub(e.expr);
        if (!canCast(t.type, e.type)) fail(`cannot cast ${t.type} to ${e.type} in ${describeLExpr(e)}`, e);
        return { expr: { kind: 'cast', expr: t.expr, type: e.type }, type: e.type, nullable: t.nullable || t.type === 'utf8' };
      }
      case 'sortOrder': {
        if (!this.scope.allowSortOrder) fail(`sort order ${describeLExpr(e)} is only allowed as a key of orderBy/sort, not in ${this.scope.where}`, e);
        const t = sub(e.expr);
        return { ...t, expr: { ...e, expr: t.expr } };
      }
      case 'case':
        return this.caseWhen(e, sub);
      case 'agg':
        return this.agg(e, inAgg, inWindow);
      case 'window':
        return this.window(e, inAgg, inWindow);
      case 'call':
        return this.call(e, sub);
    }
  }

  private caseWhen(e: Extract<LExpr, { kind: 'case' }>, sub: (x: LExpr) => Typed): Typed {
    if (e.branches.length === 0) fail(`CASE needs at least one WHEN branch`, e);
    const whens = e.branches.map((b) => sub(b.when));
    whens.forEach((w, i) => {
      if (w.type !== 'bool' && w.type !== 'null') fail(`the condition of a WHEN must be bool, got ${w.type} in ${describeLExpr(e.branches[i]!.when)}`, e);
    });
    const outs = [...e.branches.map((b) => sub(b.then)), ...(e.otherwise ? [sub(e.otherwise)] : [])];
    let type: DataType = 'null';
    for (const o of outs) {
      const c = commonType(type, o.type);
      if (c === undefined) fail(`the branches of ${describeLExpr(e)} have incompatible types ${type} and ${o.type}`, e);
      type = c;
    }
    const thens = outs.slice(0, e.branches.length);
    const otherwise = e.otherwise ? outs[outs.length - 1]! : null;
    return {
      expr: {
        kind: 'case',
        branches: e.branches.map((_, i) => ({ when: whens[i]!.expr, then: coerce(thens[i]!, type) })),
        otherwise: otherwise ? coerce(otherwise, type) : null,
      },
      type,
      nullable: otherwise === null || outs.some((o) => o.nullable),
    };
  }

  private agg(e: Extract<LExpr, { kind: 'agg' }>, inAgg: boolean, inWindow: boolean): Typed {
    if (inAgg) fail(`aggregate ${describeLExpr(e)} cannot be nested inside another aggregate`, e);
    if (!this.scope.allowAgg && !inWindow) {
      fail(`aggregate ${describeLExpr(e)} is not allowed in ${this.scope.where}; use it in agg() or groupBy(...).agg(), or over a window`, e);
    }
    const want = e.fn === 'count' ? [0, 1] : e.fn === 'corr' ? [2, 2] : [1, 1];
    if (e.args.length < want[0]! || e.args.length > want[1]!) fail(`${e.fn} takes ${want[0] === want[1] ? want[0] : `${want[0]} or ${want[1]}`} argument(s), got ${e.args.length} in ${describeLExpr(e)}`, e);
    const args = e.args.map((a) => this.run(a, true, inWindow));
    if (['sum', 'avg', 'stddev', 'median', 'corr'].includes(e.fn)) {
      for (const a of args) {
        if (!isNumeric(a.type) && a.type !== 'null') fail(`cannot apply "${e.fn}" to ${a.type} in ${describeLExpr(e)}; it needs a number`, e);
      }
    }
    const type = aggType(e.fn, args.map((a) => a.type));
    return { expr: { kind: 'agg', fn: e.fn, args: args.map((a) => a.expr) }, type, nullable: e.fn !== 'count' && e.fn !== 'countDistinct' };
  }

  private window(e: Extract<LExpr, { kind: 'window' }>, inAgg: boolean, inWindow: boolean): Typed {
    if (!this.scope.allowWindow || inAgg || inWindow) {
      fail(`window function ${describeLExpr(e)} is only allowed in select or withColumn, not in ${inAgg ? 'an aggregate' : this.scope.where}`, e);
    }
    const partitionBy = e.partitionBy.map((p) => this.run(p, false, true));
    const orderBy = e.orderBy.map((k0) => {
      // A key given as `col.desc()` arrives as a sortOrder: fold it into the key.
      let k = k0;
      while (k.expr.kind === 'sortOrder') k = { expr: k.expr.expr, asc: k.expr.asc, nullsFirst: k.expr.nullsFirst };
      return { ...k, expr: this.run(k.expr, false, true).expr };
    });
    if (e.fn.kind === 'agg') {
      if (e.fn.agg.kind !== 'agg') fail(`a window function must be an aggregate call, got ${describeLExpr(e.fn.agg)}`, e);
      const a = this.agg(e.fn.agg, false, true);
      return { expr: { kind: 'window', fn: { kind: 'agg', agg: a.expr }, partitionBy: partitionBy.map((p) => p.expr), orderBy }, type: a.type, nullable: true };
    }
    return { expr: { kind: 'window', fn: e.fn, partitionBy: partitionBy.map((p) => p.expr), orderBy }, type: 'int32', nullable: false };
  }

  private call(e: Extract<LExpr, { kind: 'call' }>, sub: (x: LExpr) => Typed): Typed {
    const arity = ARITY[e.fn];
    if (arity === undefined) fail(`unknown function "${e.fn}" in ${describeLExpr(e)}`, e);
    if (e.args.length < arity[0] || e.args.length > arity[1]) fail(`"${fnSymbol(e.fn)}" takes ${arity[0]}${arity[1] === Infinity ? ' or more' : arity[1] !== arity[0] ? ` to ${arity[1]}` : ''} argument(s), got ${e.args.length} in ${describeLExpr(e)}`, e);
    let args = e.args.map(sub);
    const types = args.map((a) => a.type);
    const anyNull = args.some((a) => a.nullable);
    const text = describeLExpr(e);
    const bad = (): never => fail(`cannot apply "${fnSymbol(e.fn)}" to ${types.join(' and ')} in ${text}`, e);
    const out = (type: DataType, nullable: boolean, as: Typed[] = args): Typed => ({ expr: { kind: 'call', fn: e.fn, args: as.map((a) => a.expr) }, type, nullable });

    if (ARITH.has(e.fn)) {
      if (!types.every((t) => isNumeric(t) || t === 'null')) bad();
      const t = commonType(types[0]!, types[1]!)!;
      const type = t === 'null' ? 'int32' : t;
      args = args.map((a) => ({ ...a, expr: typedLit(a.expr, type) }));
      return out(e.fn === 'div' ? 'float64' : type, anyNull || e.fn === 'div' || e.fn === 'mod');
    }
    if (e.fn === 'neg' || e.fn === 'abs') {
      if (!isNumeric(types[0]!) && types[0] !== 'null') bad();
      return out(types[0] === 'null' ? 'int32' : types[0]!, anyNull);
    }
    if (COMPARE.has(e.fn) || e.fn === 'between' || e.fn === 'in') {
      args = this.comparable(e, args, text);
      return out('bool', args.some((a) => a.nullable));
    }
    if (e.fn === 'and' || e.fn === 'or' || e.fn === 'not') {
      if (!types.every((t) => t === 'bool' || t === 'null')) bad();
      return out('bool', anyNull, args.map((a) => ({ ...a, expr: typedLit(a.expr, 'bool') })));
    }
    if (e.fn === 'isNull' || e.fn === 'isNotNull') return out('bool', false);
    // Any type: only a float64 can hold NaN, the rest are never NaN.
    if (e.fn === 'isNaN') return out('bool', anyNull);
    if (e.fn === 'coalesce' || e.fn === 'greatest' || e.fn === 'least') {
      let t: DataType = 'null';
      for (const a of args) {
        const c = commonType(t, a.type);
        if (c === undefined) return bad();
        t = c;
      }
      if (e.fn !== 'coalesce' && !(isNumeric(t) || t === 'null' || t === 'utf8' || t === 'date' || t === 'timestamp')) bad();
      const nullable = args.every((a) => a.nullable);
      return out(t, nullable, args.map((a) => ({ ...a, expr: coerce(a, t), type: t })));
    }
    if (STR_TO_STR.has(e.fn) || e.fn === 'length') {
      if (types[0] !== 'utf8' && types[0] !== 'null') bad();
      return out(e.fn === 'length' ? 'int32' : 'utf8', anyNull);
    }
    if (STR_PRED.has(e.fn)) {
      if (!types.every((t) => t === 'utf8' || t === 'null')) bad();
      return out('bool', anyNull);
    }
    if (e.fn === 'concat') {
      if (!types.every((t) => t === 'utf8' || t === 'null')) bad();
      return out('utf8', anyNull);
    }
    if (e.fn === 'substr') {
      if ((types[0] !== 'utf8' && types[0] !== 'null') || !types.slice(1).every((t) => isInteger(t))) bad();
      return out('utf8', anyNull);
    }
    if (FLOAT_MATH.has(e.fn)) {
      if (e.fn === 'round' && args.length === 2) {
        if (!isNumeric(types[0]!) || !isInteger(types[1]!)) bad();
        return out('float64', anyNull, [toFloat(args[0]!), args[1]!]);
      }
      if (!types.every((t) => isNumeric(t) || t === 'null')) bad();
      return out('float64', anyNull || e.fn === 'sqrt' || e.fn === 'ln', args.map(toFloat));
    }
    return bad();
  }

  /** Checks the operands of a comparison; casts a string literal compared with a date/timestamp. */
  private comparable(e: LExpr, args: Typed[], text: string): Typed[] {
    let t: DataType = 'null';
    for (const a of args) if (a.type === 'date' || a.type === 'timestamp') t = commonType(t, a.type) ?? t;
    if (t !== 'null') {
      args = args.map((a) => (a.type === 'utf8' && a.expr.kind === 'lit' ? { expr: { kind: 'cast', expr: a.expr, type: t }, type: t, nullable: a.nullable } : a));
    }
    let common: DataType = 'null';
    for (const a of args) {
      const c = commonType(common, a.type);
      if (c === undefined) {
        const fix = (isNumeric(common) && a.type === 'utf8') || (common === 'utf8' && isNumeric(a.type)) ? `; cast the utf8 side first, e.g. .cast("${common === 'utf8' ? a.type : common}")` : '';
        fail(`cannot compare ${common} with ${a.type} in ${text}${fix}`, e);
      }
      common = c;
    }
    // Numbers of mixed types compare by value in the engine; a date meets a timestamp as a timestamp.
    if (common === 'timestamp') return args.map((a) => ({ ...a, expr: coerce(a, 'timestamp'), type: 'timestamp' }));
    return args.map((a) => ({ ...a, expr: typedLit(a.expr, common === 'null' ? 'int32' : common) }));
  }
}

function toFloat(a: Typed): Typed {
  if (a.type === 'float64') return a;
  if (a.expr.kind === 'lit') return { ...a, expr: { kind: 'lit', value: a.expr.value, type: 'float64' }, type: 'float64' };
  return { expr: { kind: 'cast', expr: a.expr, type: 'float64' }, type: 'float64', nullable: a.nullable };
}

/** The type of `expr` over the columns of `schema` (aggregates and windows allowed). */
export function typeOf(expr: LExpr, schema: Schema): DataType {
  return analyzeExpr(expr, attrsOfSchema(schema), { where: 'expression', allowAgg: true, allowWindow: true, allowSortOrder: true }).type;
}
