/**
 * CAST between all types. Strings parse once per dictionary entry (trimmed): numbers, booleans
 * (true/false, t/f, yes/no, y/n, 1/0), dates 'YYYY-MM-DD', timestamps ISO 8601 (UTC unless a zone
 * is given); an unparsable string used by a row is a DataError quoting it. float → int truncates
 * toward zero, overflow is a DataError. Numbers print like JS `String(n)`, dates 'YYYY-MM-DD',
 * timestamps ISO 8601. Numbers ↔ timestamps are seconds since the epoch (Spark); numbers ↔ dates
 * are days.
 */
import type { StrVec, Vec } from '../batch.js';
import { storageFor } from '../batch.js';
import type { DataType } from '../types.js';
import type { Expr } from '../expr.js';
import { DataError } from '../errors.js';
import { dictionaryEncode, formatDate, formatTimestamp, nullVec, parseDate, parseTimestamp } from '../kernels/index.js';
import { numVec, vecLength } from './util.js';
import { describeExpr } from './describe.js';
import { intBound } from './arithmetic.js';
import { doublesOf, int64FromNumbers, int64ToInt32, parseInt64Text } from './int64-ops.js';
import { int64Text, int64Words } from '../kernels/int64.js';

const DAY_MS = 86_400_000;

type Fixed = Exclude<DataType, 'utf8'>;

/** Evaluates a cast over its evaluated input. */
export function evalCast(e: Extract<Expr, { kind: 'cast' }>, v: Vec): Vec {
  return castVec(v, e.type, e);
}

function castError(e: Expr, msg: string, value: string): DataError {
  return new DataError(`${msg} in ${describeExpr(e)}`, { expression: describeExpr(e), value });
}

/** Casts a column to `to`; `e` names the expression in errors. */
export function castVec(v: Vec, to: DataType, e: Expr): Vec {
  if (v.type === to) return v;
  const n = vecLength(v);
  if (v.type === 'null' || to === 'null') return nullVec(to, n);
  if (v.kind === 'str') return fromString(v, to as Fixed, e);
  if (to === 'utf8') return toString(v, e);
  return numToNum(v, to, e);
}

function numToNum(v: Extract<Vec, { kind: 'num' }>, to: Fixed, e: Expr): Vec {
  const n = v.values.length;
  const valid = v.valid;
  const from = v.type;
  const fits = (i: number): DataError => castError(e, `value ${String(v.values[i])} (${from}) does not fit ${to}`, String(v.values[i]));
  // int64 exactly: to int32 by words, to bool by words, from other numbers through checked doubles.
  if (from === 'int64' && to === 'int32') return numVec(to, int64ToInt32(v.values, valid, fits), valid);
  if (from === 'int64' && to === 'bool') {
    const w = int64Words(v.values);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (w[2 * i]! | w[2 * i + 1]!) !== 0 ? 1 : 0;
    return numVec(to, out, valid);
  }
  const src = doublesOf(v);
  if (to === 'int64') {
    const secs = from === 'timestamp' ? Float64Array.from(src, (ms) => ms / 1000) : src;
    return numVec(to, int64FromNumbers(secs, valid, from === 'timestamp', fits), valid);
  }
  const out = new (storageFor(to))(n);
  if (to === 'bool') {
    for (let i = 0; i < n; i++) out[i] = src[i] !== 0 ? 1 : 0;
    return numVec(to, out, valid);
  }
  // Scale between units first: timestamp ↔ seconds (numbers), timestamp ↔ days (date).
  // (Divide rather than multiply by a reciprocal: 86400000 * (1 / 86400000) is not 1.)
  let scale = 1;
  let div = 1;
  if (from === 'timestamp' && to === 'date') div = DAY_MS;
  else if (from === 'date' && to === 'timestamp') scale = DAY_MS;
  else if (from === 'timestamp') div = 1000;
  else if (to === 'timestamp') scale = 1000;
  const bound = intBound(to);
  // Timestamps to dates and seconds floor (a day or second starts at its first instant); other
  // numbers to integers truncate toward zero.
  const floor = from === 'timestamp' && to !== 'float64';
  for (let i = 0; i < n; i++) {
    let x = src[i]!;
    if (scale !== 1) x *= scale;
    else if (div !== 1) x /= div;
    if (bound !== null || to === 'timestamp') x = floor ? Math.floor(x) : Math.trunc(x);
    if (bound !== null && !(x >= bound[0] && x <= bound[1]) && (valid === null || valid[i] !== 0)) {
      throw fits(i);
    }
    if (to === 'timestamp' && !Number.isFinite(x) && (valid === null || valid[i] !== 0)) {
      throw castError(e, `value ${String(src[i])} is not a valid timestamp`, String(src[i]));
    }
    out[i] = x + 0;
  }
  return numVec(to, out, valid);
}

/** Text of one value of a fixed-width type. */
export function formatValue(type: DataType, x: number): string {
  switch (type) {
    case 'bool':
      return x !== 0 ? 'true' : 'false';
    case 'date':
      return formatDate(x);
    case 'timestamp':
      return formatTimestamp(x);
    default:
      return String(x);
  }
}

function toString(v: Extract<Vec, { kind: 'num' }>, e: Expr): Vec {
  const n = v.values.length;
  const valid = v.valid;
  if (v.type === 'int64') return int64ToString(v.values, valid);
  const src = v.values;
  if (v.type === 'bool') {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = src[i] !== 0 ? 1 : 0;
    return { kind: 'str', type: 'utf8', dict: ['false', 'true'], codes, valid };
  }
  const dict: string[] = [];
  const index = new Map<number, number>();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = src[i]!;
    let c = index.get(x);
    if (c === undefined) {
      if ((v.type === 'date' || v.type === 'timestamp') && !Number.isFinite(new Date(v.type === 'date' ? x * DAY_MS : x).getTime())) {
        throw castError(e, `value ${x} is out of the ${v.type} range`, String(x));
      }
      c = dict.length;
      dict.push(formatValue(v.type, x));
      index.set(x, c);
    }
    codes[i] = c;
  }
  return { kind: 'str', type: 'utf8', dict, codes, valid };
}

/** int64 → text, exact: one dictionary entry per distinct value. */
function int64ToString(src: BigInt64Array, valid: Uint8Array | null): Vec {
  const n = src.length;
  const w = int64Words(src);
  const texts: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) texts[i] = valid !== null && valid[i] === 0 ? null : int64Text(src, w, i);
  return dictionaryEncode(texts);
}

const INT_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_FLOAT: Record<string, number> = {
  nan: NaN, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, inf: Infinity, '+inf': Infinity, '-inf': -Infinity,
};
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);
/** Parses one trimmed string as `to`; NaN-free result or undefined when it does not parse. */
function parseOne(s: string, to: Fixed): number | undefined {
  switch (to) {
    case 'bool': {
      const w = s.toLowerCase();
      return TRUE_WORDS.has(w) ? 1 : FALSE_WORDS.has(w) ? 0 : undefined;
    }
    case 'int32':
    case 'int64':
      return INT_RE.test(s) ? Math.trunc(Number(s)) + 0 : undefined;
    case 'float64': {
      if (FLOAT_RE.test(s)) return Number(s);
      const sp = SPECIAL_FLOAT[s.toLowerCase()];
      return sp;
    }
    case 'date': {
      const d = parseDate(s);
      return d === null ? undefined : d;
    }
    case 'timestamp': {
      const t = parseTimestamp(s);
      return t === null ? undefined : t;
    }
    default:
      return undefined;
  }
}

function fromString(v: StrVec, to: Fixed, e: Expr): Vec {
  if (to === 'int64') return stringToInt64(v, e);
  const n = v.codes.length;
  const dict = v.dict;
  // Once per dictionary entry; an entry that fails only matters if a non-null row uses it.
  const parsed = new Float64Array(dict.length);
  const ok = new Uint8Array(dict.length);
  const bound = intBound(to);
  for (let k = 0; k < dict.length; k++) {
    const x = parseOne(trimSpace(dict[k]!), to);
    if (x !== undefined) {
      parsed[k] = x;
      ok[k] = bound === null || (x >= bound[0] && x <= bound[1]) ? 1 : 2;
    }
  }
  const out = new (storageFor(to as Exclude<Fixed, 'int64'>))(n);
  const valid = v.valid;
  const codes = v.codes;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const c = codes[i]!;
    if (ok[c] !== 1) throw entryError(e, dict[c]!, ok[c] === 2, to);
    out[i] = parsed[c]!;
  }
  return numVec(to, out, valid);
}

/** The error for a dictionary entry that does not parse as `to`, or parses but does not fit it. */
function entryError(e: Expr, raw: string, outOfRange: boolean, to: string): DataError {
  return castError(e, outOfRange ? `value ${JSON.stringify(raw)} does not fit ${to}` : `cannot cast ${JSON.stringify(raw)} to ${to}`, raw);
}

/** Text → int64, exact (19-digit strings too); parsed once per dictionary entry. */
function stringToInt64(v: StrVec, e: Expr): Vec {
  const dict = v.dict;
  const parsed = new BigInt64Array(dict.length);
  const ok = new Uint8Array(dict.length);
  for (let k = 0; k < dict.length; k++) {
    const x = parseInt64Text(trimSpace(dict[k]!));
    if (x === undefined) continue;
    ok[k] = BigInt.asIntN(64, x) === x ? 1 : 2;
    if (ok[k] === 1) parsed[k] = x;
  }
  const n = v.codes.length;
  const out = new BigInt64Array(n);
  const w = int64Words(out);
  const pw = int64Words(parsed);
  const valid = v.valid;
  const codes = v.codes;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const c = codes[i]!;
    if (ok[c] !== 1) throw entryError(e, dict[c]!, ok[c] === 2, 'int64');
    w[2 * i] = pw[2 * c]!;
    w[2 * i + 1] = pw[2 * c + 1]!;
  }
  return numVec('int64', out, valid);
}

/** Trims whitespace as Spark's cast does (ASCII control and space characters). */
function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
