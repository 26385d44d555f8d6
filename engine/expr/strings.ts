/**
 * String functions: lower upper length trim contains startsWith endsWith substr concat. Work is
 * done once per dictionary entry when the other arguments are literals, then mapped by codes.
 */
import type { StrVec, Vec } from '../batch.js';
import type { Expr } from '../expr.js';
import { nullVec } from '../kernels/index.js';
import { InternalError } from '../errors.js';
import { int64FromDoubles } from '../kernels/int64.js';
import { allValid, boolVec, isConstStr, numValues, numVec, vecLength } from './util.js';

type Call = Extract<Expr, { kind: 'call' }>;

function str(v: Vec, what: string): StrVec {
  if (v.kind !== 'str') throw new InternalError(`${what}: expected a utf8 argument, got ${v.type}`);
  return v;
}

/** Number of Unicode code points (Spark counts characters, not UTF-16 units). */
export function charLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Spark's trim: strips the space character (U+0020) only, from both ends. */
export function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

/** Spark's substring(s, pos, len): 1-based pos, 0 as 1, negative from the end; on code points. */
export function substrSpark(s: string, pos: number, len: number): string {
  const cps = charLength(s) === s.length ? null : Array.from(s);
  const total = cps === null ? s.length : cps.length;
  let start = pos > 0 ? pos - 1 : pos < 0 ? total + pos : 0;
  const end = Math.min(Math.max(start + len, INT_MIN), INT_MAX);
  start = Math.max(start, 0);
  if (start >= end) return '';
  const e = Math.min(end, total);
  if (start >= e) return '';
  return cps === null ? s.slice(start, e) : cps.slice(start, e).join('');
}

/** Maps a function over the dictionary, keeping codes and validity. */
function mapDict(v: StrVec, f: (s: string) => string): Vec {
  return { kind: 'str', type: 'utf8', dict: v.dict.map(f), codes: v.codes, valid: v.valid };
}

/** Deduplicates strings into a dictionary as rows are produced. */
class StrBuilder {
  readonly dict: string[] = [];
  private readonly index = new Map<string, number>();
  readonly codes: Int32Array;
  constructor(n: number) {
    this.codes = new Int32Array(n);
  }
  set(i: number, s: string): void {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.dict.length;
      this.dict.push(s);
      this.index.set(s, c);
    }
    this.codes[i] = c;
  }
  finish(valid: Uint8Array | null): Vec {
    return { kind: 'str', type: 'utf8', dict: this.dict, codes: this.codes, valid };
  }
}

/** contains / startsWith / endsWith of one pair. */
function strPredicate(fn: string, s: string, t: string): boolean {
  return fn === 'contains' ? s.includes(t) : fn === 'startsWith' ? s.startsWith(t) : s.endsWith(t);
}

/** Evaluates a string function over its evaluated arguments. */
export function evalString(e: Call, args: readonly Vec[], n: number): Vec {
  if (args.some((a) => a.type === 'null')) return nullVec(e.type, n);
  switch (e.fn) {
    case 'lower':
      return mapDict(str(args[0]!, e.fn), (s) => s.toLowerCase());
    case 'upper':
      return mapDict(str(args[0]!, e.fn), (s) => s.toUpperCase());
    case 'trim':
      return mapDict(str(args[0]!, e.fn), trimSpaces);
    case 'length': {
      const v = str(args[0]!, e.fn);
      const per = new Int32Array(v.dict.length);
      for (let k = 0; k < v.dict.length; k++) per[k] = charLength(v.dict[k]!);
      const out = new Int32Array(n);
      const codes = v.codes;
      for (let i = 0; i < n; i++) out[i] = per[codes[i]!]!;
      return numVec(e.type === 'int64' ? 'int64' : 'int32', e.type === 'int64' ? int64FromDoubles(out) : out, v.valid);
    }
    case 'contains':
    case 'startsWith':
    case 'endsWith': {
      const v = str(args[0]!, e.fn);
      const t = str(args[1]!, e.fn);
      const fn = e.fn;
      const out = new Uint8Array(n);
      const valid = allValid(args, n);
      if (isConstStr(t)) {
        const needle = t.dict[0]!;
        const per = new Uint8Array(v.dict.length);
        for (let k = 0; k < v.dict.length; k++) per[k] = strPredicate(fn, v.dict[k]!, needle) ? 1 : 0;
        for (let i = 0; i < n; i++) out[i] = per[v.codes[i]!]!;
      } else {
        for (let i = 0; i < n; i++) {
          if (valid !== null && valid[i] === 0) continue;
          out[i] = strPredicate(fn, v.dict[v.codes[i]!]!, t.dict[t.codes[i]!]!) ? 1 : 0;
        }
      }
      return boolVec(out, valid);
    }
    case 'substr': {
      const v = str(args[0]!, e.fn);
      const pos = numValues(args[1]!, e.fn);
      const lenArg = args[2];
      const len = lenArg === undefined ? null : numValues(lenArg, e.fn);
      const valid = allValid(args, n);
      const constArgs = isConstNum(args[1]!) && (lenArg === undefined || isConstNum(lenArg));
      if (constArgs || n === 0) {
        const p = n === 0 ? 1 : pos[0]!;
        const l = len === null || n === 0 ? INT_MAX : len[0]!;
        return mapDict(v, (s) => substrSpark(s, p, l));
      }
      const sb = new StrBuilder(n);
      for (let i = 0; i < n; i++) {
        if (valid !== null && valid[i] === 0) continue;
        sb.set(i, substrSpark(v.dict[v.codes[i]!]!, pos[i]!, len === null ? INT_MAX : len[i]!));
      }
      return sb.finish(valid);
    }
    case 'concat': {
      const ss = args.map((a) => str(a, e.fn));
      const valid = allValid(args, n);
      const varying = ss.filter((s) => !isConstStr(s));
      if (varying.length === 0) {
        const joined = ss.map((s) => s.dict[0]!).join('');
        return { kind: 'str', type: 'utf8', dict: [joined], codes: new Int32Array(n), valid };
      }
      if (varying.length === 1) {
        // One column among literals: once per dictionary entry.
        const v = varying[0]!;
        const k = ss.indexOf(v);
        const pre = ss.slice(0, k).map((s) => s.dict[0]!).join('');
        const post = ss.slice(k + 1).map((s) => s.dict[0]!).join('');
        return { kind: 'str', type: 'utf8', dict: v.dict.map((s) => pre + s + post), codes: v.codes, valid };
      }
      const sb = new StrBuilder(n);
      for (let i = 0; i < n; i++) {
        if (valid !== null && valid[i] === 0) continue;
        let out = '';
        for (let k = 0; k < ss.length; k++) out += ss[k]!.dict[ss[k]!.codes[i]!]!;
        sb.set(i, out);
      }
      return sb.finish(valid);
    }
    default:
      throw new InternalError(`not a string function: ${e.fn}`);
  }
}

function isConstNum(v: Vec): boolean {
  if (v.kind !== 'num' || v.valid !== null) return false;
  const vals = v.values;
  const x = vals[0];
  for (let i = 1; i < vals.length; i++) if (vals[i] !== x) return false;
  return true;
}
