/**
 * eq neq lt lte gt gte → bool, null when either side is null. Numbers of mixed storage compare by
 * value (NaN equals NaN and sorts above every number, as in Spark); strings by UTF-8 bytes
 * (compareStrings), once per dictionary entry when the other side is a literal.
 */
import type { Vec } from '../batch.js';
import type { Expr, ScalarFn } from '../expr.js';
import { InternalError } from '../errors.js';
import { compareNumbers, compareStringsHinted, hasHighUnits, highUnitFlags, nullVec } from '../kernels/index.js';
import { andValid, boolVec, isConstStr, vecLength } from './util.js';
import { unifyTemporal } from './arithmetic.js';
import { compareInt64At, int64WordsOf } from './int64-ops.js';

/** The comparison functions. */
export type CompareFn = Extract<ScalarFn, 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte'>;

const FLIP: Record<CompareFn, CompareFn> = { eq: 'eq', neq: 'neq', lt: 'gt', lte: 'gte', gt: 'lt', gte: 'lte' };

const numCmp = compareNumbers;

/** No entry has a unit ≥ U+D800, as far as an equality test cares. */
const NO_FLAGS = new Uint8Array(0);

function holds(fn: CompareFn, c: number): number {
  switch (fn) {
    case 'eq':
      return c === 0 ? 1 : 0;
    case 'neq':
      return c !== 0 ? 1 : 0;
    case 'lt':
      return c < 0 ? 1 : 0;
    case 'lte':
      return c <= 0 ? 1 : 0;
    case 'gt':
      return c > 0 ? 1 : 0;
    case 'gte':
      return c >= 0 ? 1 : 0;
  }
}

/** Compares two evaluated columns row by row. */
export function compareVecs(fn: CompareFn, a: Vec, b: Vec): Vec {
  const n = vecLength(a);
  if (a.type === 'null' || b.type === 'null') return nullVec('bool', n);
  const valid = andValid(a.valid, b.valid, n);
  const out = new Uint8Array(n);
  if (a.kind === 'str' && b.kind === 'str') {
    if (isConstStr(b) || isConstStr(a)) {
      // Once per dictionary entry of the non-literal side, then map through its codes.
      const [v, lit, f] = isConstStr(b) ? [a, b.dict[0]!, fn] : [b, a.dict[0]!, FLIP[fn]];
      const per = new Uint8Array(v.dict.length);
      const high = hasHighUnits(lit);
      for (let k = 0; k < v.dict.length; k++) per[k] = holds(f, compareStringsHinted(v.dict[k]!, lit, high));
      const codes = v.codes;
      for (let i = 0; i < n; i++) out[i] = per[codes[i]!]!;
    } else {
      const ad = a.dict;
      const bd = b.dict;
      // eq and neq need no order: `<` on them is exact, so skip scanning the dictionaries.
      const ordered = fn !== 'eq' && fn !== 'neq';
      const ah = ordered ? highUnitFlags(ad) : NO_FLAGS;
      const bh = ordered ? highUnitFlags(bd) : NO_FLAGS;
      const ac = a.codes;
      const bc = b.codes;
      for (let i = 0; i < n; i++) {
        if (valid !== null && valid[i] === 0) continue;
        const x = ac[i]!;
        const y = bc[i]!;
        out[i] = holds(fn, compareStringsHinted(ad[x]!, bd[y]!, (ah[x] ?? 0) & (bh[y] ?? 0)));
      }
    }
    return boolVec(out, valid);
  }
  if (a.kind === 'str' || b.kind === 'str') {
    throw new InternalError(`cannot compare ${a.type} with ${b.type}; the planner should have cast one side`);
  }
  const floats = a.type === 'float64' || b.type === 'float64';
  if (!floats && (a.type === 'int64' || b.type === 'int64')) {
    // Exact: both sides as int64 words.
    const aw = int64WordsOf(a);
    const bw = int64WordsOf(b);
    for (let i = 0; i < n; i++) out[i] = holds(fn, compareInt64At(aw, bw, i));
    return boolVec(out, valid);
  }
  const [av, bv] = unifyTemporal(a, b);
  if (!floats) {
    // No NaN possible: plain operators.
    switch (fn) {
      case 'eq': for (let i = 0; i < n; i++) out[i] = av[i] === bv[i] ? 1 : 0; break;
      case 'neq': for (let i = 0; i < n; i++) out[i] = av[i] !== bv[i] ? 1 : 0; break;
      case 'lt': for (let i = 0; i < n; i++) out[i] = av[i]! < bv[i]! ? 1 : 0; break;
      case 'lte': for (let i = 0; i < n; i++) out[i] = av[i]! <= bv[i]! ? 1 : 0; break;
      case 'gt': for (let i = 0; i < n; i++) out[i] = av[i]! > bv[i]! ? 1 : 0; break;
      case 'gte': for (let i = 0; i < n; i++) out[i] = av[i]! >= bv[i]! ? 1 : 0; break;
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = holds(fn, numCmp(av[i]!, bv[i]!));
  }
  return boolVec(out, valid);
}

/** Evaluates a comparison call over its evaluated operands. */
export function evalCompare(e: Extract<Expr, { kind: 'call' }>, a: Vec, b: Vec): Vec {
  return compareVecs(e.fn as CompareFn, a, b);
}
