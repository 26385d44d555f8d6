/**
 * Fast paths that parse common number, bool and date spellings straight from UTF-8 bytes,
 * without making a string. Each returns NaN when the bytes are not in its simple form; the
 * caller then falls back to the string parsers of value-text.ts, which decide for good.
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** `-?digits` with at most 15 digits (so the value is exact), else NaN. */
export function intFromBytes(b: Uint8Array, s: number, e: number): number {
  let i = s, neg = false;
  if (i < e && b[i] === 45) { neg = true; i++; }
  const n = e - i;
  if (n === 0 || n > 15) return NaN;
  let v = 0;
  for (; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/**
 * `-?digits[.digits]` with at most 15 significant digits: the integer mantissa and the power of
 * ten are both exact doubles, so one division gives the correctly rounded value (Clinger's fast path).
 */
export function floatFromBytes(b: Uint8Array, s: number, e: number): number {
  let i = s, neg = false;
  if (i < e && b[i] === 45) { neg = true; i++; }
  let v = 0, digits = 0, frac = -1;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c === 46) {
      if (frac >= 0) return NaN;
      frac = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
    digits++;
    if (frac >= 0) frac++;
  }
  if (digits === 0 || digits > 15) return NaN;
  const r = frac > 0 ? v / POW10[frac]! : v;
  return neg ? -r : r;
}

/** 1 for `true`, 0 for `false` (any case), else NaN. */
export function boolFromBytes(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n === 4 && (b[s]! | 32) === 116 && (b[s + 1]! | 32) === 114 && (b[s + 2]! | 32) === 117 && (b[s + 3]! | 32) === 101) return 1;
  if (n === 5 && (b[s]! | 32) === 102 && (b[s + 1]! | 32) === 97 && (b[s + 2]! | 32) === 108 && (b[s + 3]! | 32) === 115 && (b[s + 4]! | 32) === 101) return 0;
  return NaN;
}

function digit(b: Uint8Array, i: number): number {
  const d = b[i]! - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

/** Days since epoch of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since epoch of exactly `YYYY-MM-DD` (a valid calendar date), else NaN. */
export function dateFromBytes(b: Uint8Array, s: number, e: number): number {
  if (e - s !== 10 || b[s + 4] !== 45 || b[s + 7] !== 45) return NaN;
  const y = digit(b, s) * 1000 + digit(b, s + 1) * 100 + digit(b, s + 2) * 10 + digit(b, s + 3);
  const m = digit(b, s + 5) * 10 + digit(b, s + 6);
  const d = digit(b, s + 8) * 10 + digit(b, s + 9);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= MONTH_DAYS[m - 1]!)) return NaN;
  if (m === 2 && d === 29 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return NaN;
  return daysFromCivil(y, m, d);
}
