/**
 * Constant folding: sub-expressions made only of literals become one literal, and boolean
 * connectives with a literal side simplify (`x AND true` → x, `x OR true` → true); a filter
 * whose predicate folds to true disappears.
 */
import type { LitValue, ScalarFn } from '../../engine/expr.js';
import type { DataType } from '../../engine/types.js';
import { compareNumbers, compareStrings } from '../../engine/kernels/index.js';
import { rewriteExpr } from '../expr-utils.js';
import type { LExpr, LogicalPlan } from '../logical.js';
import { mapNodeExprs, transformUp } from '../plan-utils.js';
import { analyzeExpr } from '../typing.js';
import type { Rule } from './rule.js';

type Lit = Extract<LExpr, { kind: 'lit' }>;

const isLit = (e: LExpr): e is Lit => e.kind === 'lit';
const lit = (value: LitValue, type: DataType): Lit => ({ kind: 'lit', value, type });

/**
 * Order of two literals as the engine orders values (strings by UTF-8 bytes, NaN above every
 * number and equal to itself, false < true); undefined for different kinds (left unfolded).
 */
function compareLits(a: number | string | boolean, b: number | string | boolean): number | undefined {
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}

/** The value of `fn` over literal arguments, or undefined when it is not folded here. */
function evalCall(fn: ScalarFn, args: readonly Lit[], type: DataType): LitValue | undefined {
  const v = args.map((a) => a.value);
  switch (fn) {
    case 'and':
      if (v.includes(false)) return false;
      return v.includes(null) ? null : true;
    case 'or':
      if (v.includes(true)) return true;
      return v.includes(null) ? null : false;
    case 'not':
      return v[0] === null ? null : !v[0];
    case 'isNull':
      return v[0] === null;
    case 'isNotNull':
      return v[0] !== null;
    case 'coalesce':
      return v.find((x) => x !== null) ?? null;
    default:
      break;
  }
  if (v.includes(null)) return ['add', 'sub', 'mul', 'div', 'mod', 'neg', 'abs', 'eq', 'neq', 'lt', 'lte', 'gt', 'gte'].includes(fn) ? null : undefined;
  // An int64 literal beyond ±2^53 is decimal text (the engine computes with it exactly), and so
  // is a float64 NaN, ±Infinity or -0 (JSON has no such number): left to the engine.
  if (args.some((x) => (x.type === 'int64' || x.type === 'float64') && typeof x.value === 'string')) return undefined;
  const [a, b] = v as (number | string | boolean)[];
  let r: number;
  switch (fn) {
    case 'eq':
    case 'neq':
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      // The engine's order, so a folded comparison answers as an evaluated one would.
      const c = compareLits(a!, b!);
      if (c === undefined) return undefined;
      return fn === 'eq' ? c === 0 : fn === 'neq' ? c !== 0 : fn === 'lt' ? c < 0 : fn === 'lte' ? c <= 0 : fn === 'gt' ? c > 0 : c >= 0;
    }
    case 'add':
      r = (a as number) + (b as number);
      break;
    case 'sub':
      r = (a as number) - (b as number);
      break;
    case 'mul':
      r = (a as number) * (b as number);
      break;
    case 'div':
      return b === 0 ? null : (a as number) / (b as number);
    case 'mod':
      return b === 0 ? null : (a as number) % (b as number);
    case 'neg':
      r = -(a as number);
      break;
    case 'abs':
      r = Math.abs(a as number);
      break;
    default:
      return undefined;
  }
  // An overflowing integer result is a runtime error (ANSI): leave it for the engine to raise.
  if (type === 'int32' && (r > 2147483647 || r < -2147483648)) return undefined;
  if (type === 'int64' && Math.abs(r) > Number.MAX_SAFE_INTEGER) return undefined;
  return r;
}

/** Folds the literal-only parts of one (analyzed) expression. */
export function foldExpr(e: LExpr): LExpr {
  return rewriteExpr(e, (x) => {
    if (x.kind !== 'call') return undefined;
    const folded = x.args.map(foldExpr);
    const args = folded.every((a, i) => a === x.args[i]) ? x.args : folded;
    const call: LExpr = args === x.args ? x : { ...x, args };
    if (args.every(isLit)) {
      const type = analyzeExpr(call, [], { where: 'constant' }).type;
      const value = evalCall(x.fn, args, type);
      if (value !== undefined) return lit(value, type);
    }
    if ((x.fn === 'and' || x.fn === 'or') && args.some(isLit)) {
      const [l, r] = args as [LExpr, LExpr];
      const litSide = isLit(l) ? l : (r as Lit);
      const other = isLit(l) ? r : l;
      // x AND true = x; x AND false = false; x OR false = x; x OR true = true (also when x is null).
      if (x.fn === 'and' && litSide.value === true) return other;
      if (x.fn === 'and' && litSide.value === false) return lit(false, 'bool');
      if (x.fn === 'or' && litSide.value === false) return other;
      if (x.fn === 'or' && litSide.value === true) return lit(true, 'bool');
    }
    return call;
  });
}

/** The constant-folding rule. */
export const constantFolding: Rule = {
  name: 'constant-folding',
  rewrite(plan: LogicalPlan): LogicalPlan {
    return transformUp(plan, (p) => {
      const q = mapNodeExprs(p, foldExpr);
      if (q.node === 'filter' && q.predicate.kind === 'lit' && q.predicate.value === true) return q.input;
      return q;
    });
  },
};
