/**
 * Scalar function calls: evaluates the arguments, coerces them where the function's family
 * needs one type, and dispatches to the family.
 */
import type { Batch, Vec } from '../batch.js';
import type { Expr } from '../expr.js';
import type { DataType } from '../types.js';
import { InternalError } from '../errors.js';
import { evalArithmetic } from './arithmetic.js';
import { evalCompare, type CompareFn } from './compare.js';
import { compareVecs } from './compare.js';
import { andOr, not } from './logic.js';
import { coalesce, isNull } from './null-tests.js';
import { isNaNVec } from './nan-test.js';
import { evalIn } from './in-list.js';
import { evalBetween } from './between.js';
import { evalString } from './strings.js';
import { evalGreatestLeast, evalPow, evalUnaryMath } from './math.js';
import { castVec } from './cast.js';
import { describeExpr } from './describe.js';

type Call = Extract<Expr, { kind: 'call' }>;
type Eval = (e: Expr, b: Batch) => Vec;

/** A common type for a comparison of a and b when one is a string and the other is not (the string is cast). */
function alignForCompare(a: Vec, b: Vec, e: Expr): [Vec, Vec] {
  if (a.kind === 'str' && b.kind === 'num' && b.type !== 'null') return [castVec(a, b.type, e), b];
  if (b.kind === 'str' && a.kind === 'num' && a.type !== 'null') return [a, castVec(b, a.type, e)];
  return [a, b];
}

/** `item` in the type of `value` when one is a string and the other is not (for IN and BETWEEN). */
function toTypeOf(value: Vec, item: Vec, e: Expr): Vec {
  if (value.type === 'null' || item.type === 'null' || (value.kind === 'str') === (item.kind === 'str')) return item;
  return castVec(item, value.type, e);
}

/** Evaluates a scalar function call. */
export function evalCall(e: Call, batch: Batch, ev: Eval): Vec {
  const n = batch.length;
  const args = e.args.map((a) => ev(a, batch));
  const arity = (k: number): void => {
    if (args.length < k) throw new InternalError(`${describeExpr(e)}: ${e.fn} needs ${k} arguments, got ${args.length}`);
  };
  switch (e.fn) {
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'mod':
      arity(2);
      return evalArithmetic(e, args[0]!, args[1]!);
    case 'neg':
    case 'abs':
    case 'floor':
    case 'ceil':
    case 'sqrt':
    case 'exp':
    case 'ln':
      arity(1);
      return evalUnaryMath(e, mathArg(args[0]!, e), null);
    case 'round':
      arity(1);
      return evalUnaryMath(e, mathArg(args[0]!, e), args[1] ?? null);
    case 'pow':
      arity(2);
      return evalPow(e, args[0]!, args[1]!);
    case 'eq':
    case 'neq':
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      arity(2);
      const [a, b] = alignForCompare(args[0]!, args[1]!, e);
      return evalCompare({ ...e, fn: e.fn as CompareFn }, a, b);
    }
    case 'and':
    case 'or': {
      arity(2);
      let acc = andOr(e.fn === 'or', args[0]!, args[1]!);
      for (let k = 2; k < args.length; k++) acc = andOr(e.fn === 'or', acc, args[k]!);
      return acc;
    }
    case 'not':
      arity(1);
      return not(args[0]!);
    case 'isNull':
    case 'isNotNull':
      arity(1);
      return isNull(args[0]!, e.fn === 'isNotNull');
    case 'isNaN':
      arity(1);
      return isNaNVec(args[0]!);
    case 'coalesce':
      return coalesce(e.type, args.map((a) => castVec(a, e.type, e)), n);
    case 'greatest':
    case 'least':
      return evalGreatestLeast(e, args.map((a) => castVec(a, e.type, e)), n);
    case 'in': {
      arity(1);
      const value = args[0]!;
      return evalIn(value, args.slice(1).map((a) => toTypeOf(value, a, e)));
    }
    case 'between': {
      arity(3);
      const value = args[0]!;
      return evalBetween(value, toTypeOf(value, args[1]!, e), toTypeOf(value, args[2]!, e));
    }
    case 'lower':
    case 'upper':
    case 'length':
    case 'trim':
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return evalString(e, args.map((a) => (a.kind === 'num' && a.type !== 'null' ? castVec(a, 'utf8', e) : a)), n);
    case 'substr':
      return evalString(e, args.map((a, i) => (i === 0 && a.kind === 'num' && a.type !== 'null' ? castVec(a, 'utf8', e) : a)), n);
    case 'concat':
      return evalString(e, args.map((a) => (a.type === 'null' ? a : castVec(a, 'utf8', e))), n);
    default:
      throw new InternalError(`unknown scalar function ${(e as Call).fn}`);
  }
}

/** Math on floats: a non-numeric (string) argument is cast to the result's numeric type. */
function mathArg(a: Vec, e: Call): Vec {
  if (a.kind === 'str') return castVec(a, (e.type === 'utf8' ? 'float64' : e.type) as DataType, e);
  return a;
}

export { compareVecs };
