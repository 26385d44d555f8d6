/**
 * Text ↔ stored values for the text formats (CSV, JSON strings, partition folder names).
 *
 * Stored values follow types.ts: bool 0/1, int32/float64 numbers, int64 a number within ±2^53
 * and a bigint beyond, date days since epoch, timestamp ms since epoch. Parsers return
 * `undefined` for text that does not parse.
 */
import type { DataType } from '../types.js';
import { daysFromCivil } from './parse-bytes.js';

const MS_PER_DAY = 86_400_000;
const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TS_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since epoch of a valid calendar date, else undefined (rejects 2021-02-30). */
function civilDays(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > MONTH_DAYS[m - 1]!) return undefined;
  if (m === 2 && d === 29 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return undefined;
  return daysFromCivil(y, m, d);
}

/** Parses `YYYY-MM-DD` into days since epoch. */
export function parseDate(s: string): number | undefined {
  const m = DATE_RE.exec(s);
  if (m === null) return undefined;
  return civilDays(+m[1]!, +m[2]!, +m[3]!);
}

/** Parses an ISO 8601 timestamp (`YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM]`, UTC when no zone) into ms. */
export function parseTimestamp(s: string): number | undefined {
  const m = TS_RE.exec(s);
  if (m === null) return undefined;
  const days = civilDays(+m[1]!, +m[2]!, +m[3]!);
  if (days === undefined) return undefined;
  const hh = +m[4]!, mi = +m[5]!, ss = m[6] === undefined ? 0 : +m[6];
  if (hh > 23 || mi > 59 || ss > 59) return undefined;
  const frac = m[7] === undefined ? 0 : Math.floor(+(m[7] + '000').slice(0, 3));
  let offsetMin = 0;
  const z = m[8];
  if (z !== undefined && z !== 'Z') {
    const digits = z.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2), om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (z[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return days * MS_PER_DAY + ((hh * 60 + mi - offsetMin) * 60 + ss) * 1000 + frac;
}

/** Parses a float64: decimal or exponent notation, `NaN`, `Infinity`, `-Infinity` (also `inf`). */
export function parseFloat64(s: string): number | undefined {
  if (FLOAT_RE.test(s)) return Number(s);
  switch (s.toLowerCase()) {
    case 'nan': return NaN;
    case 'infinity': case '+infinity': case 'inf': case '+inf': return Infinity;
    case '-infinity': case '-inf': return -Infinity;
    default: return undefined;
  }
}

/** Parses text into the stored value of `type` (trimmed; utf8 is not handled here). */
export function parseText(type: DataType, raw: string): number | bigint | undefined {
  const s = raw.trim();
  switch (type) {
    case 'int32': {
      if (!INT_RE.test(s)) return undefined;
      const v = Number(s);
      return v >= -2147483648 && v <= 2147483647 ? v : undefined;
    }
    case 'int64': {
      if (!INT_RE.test(s)) return undefined;
      const v = Number(s);
      if (Number.isSafeInteger(v)) return v;
      // Exactly, from the digits (a double would round 19-digit values).
      const b = BigInt(s);
      return BigInt.asIntN(64, b) === b ? b : undefined;
    }
    case 'float64': return parseFloat64(s);
    case 'bool': {
      const l = s.toLowerCase();
      return l === 'true' ? 1 : l === 'false' ? 0 : undefined;
    }
    case 'date': return parseDate(s);
    case 'timestamp': return parseTimestamp(s);
    default: return undefined;
  }
}

/** The narrowest type that a non-null text value fits, for schema inference. */
export function inferTextType(raw: string): DataType {
  const s = raw.trim();
  if (s.length === 0) return 'utf8';
  if (INT_RE.test(s)) {
    const v = Number(s);
    if (v >= -2147483648 && v <= 2147483647) return 'int32';
    // Beyond the int64 range a column reads as float64 (as Spark reads it as a double).
    if (Number.isSafeInteger(v)) return 'int64';
    const b = BigInt(s);
    return BigInt.asIntN(64, b) === b ? 'int64' : 'float64';
  }
  if (parseFloat64(s) !== undefined) return 'float64';
  const l = s.toLowerCase();
  if (l === 'true' || l === 'false') return 'bool';
  if (parseDate(s) !== undefined) return 'date';
  if (parseTimestamp(s) !== undefined) return 'timestamp';
  return 'utf8';
}

const NUM_RANK: Partial<Record<DataType, number>> = { int32: 1, int64: 2, float64: 3 };

/** Widens two inferred types (Spark's rules): numbers to the wider, date+timestamp to timestamp, else utf8. `null` is the identity. */
export function mergeTypes(a: DataType, b: DataType): DataType {
  if (a === b || b === 'null') return a;
  if (a === 'null') return b;
  const ra = NUM_RANK[a], rb = NUM_RANK[b];
  if (ra !== undefined && rb !== undefined) return ra > rb ? a : b;
  if ((a === 'date' && b === 'timestamp') || (a === 'timestamp' && b === 'date')) return 'timestamp';
  return 'utf8';
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** Days since epoch → `YYYY-MM-DD`. */
export function formatDate(days: number): string {
  const d = new Date(days * MS_PER_DAY);
  const y = d.getUTCFullYear();
  return `${y < 0 ? '-' + pad(-y, 4) : pad(y, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Ms since epoch → ISO 8601 in UTC (`2021-01-02T03:04:05.006Z`). */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** A stored non-null value of `type` as text (numbers like JS `String`, int64 exact, bool true/false). */
export function formatValue(type: DataType, v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  switch (type) {
    case 'bool': return v !== 0 ? 'true' : 'false';
    case 'date': return formatDate(v);
    case 'timestamp': return formatTimestamp(v);
    default: return String(v);
  }
}
