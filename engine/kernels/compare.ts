/**
 * Row-level equality and order between cells of two columns (hash tables, sort comparators).
 */
import type { NumVec, Vec } from '../batch.js';
import { compareWords, int64Words, TWO32 } from './int64.js';
import { compareStrings } from './string-order.js';

/**
 * True when row i of a and row j of b are both non-null and equal: numbers by value across
 * storages (NaN equals NaN, as Spark groups it), strings by content.
 */
export function valueEquals(a: Vec, i: number, b: Vec, j: number): boolean {
  if ((a.valid !== null && a.valid[i] === 0) || (b.valid !== null && b.valid[j] === 0)) return false;
  if (a.type === 'null' || b.type === 'null') return false;
  if (a.kind === 'str') return b.kind === 'str' && a.dict[a.codes[i]!] === b.dict[b.codes[j]!];
  if (b.kind === 'str') return false;
  if (a.type === 'int64' || b.type === 'int64') return int64Equals(a, i, b, j);
  const x = a.values[i]!;
  const y = b.values[j]!;
  return x === y || (x !== x && y !== y);
}

/** valueEquals of two numeric cells where one (or both) is an int64: by exact value. */
function int64Equals(a: NumVec, i: number, b: NumVec, j: number): boolean {
  if (a.type !== 'int64') return int64Equals(b, j, a, i);
  const w = int64Words(a.values);
  const lo = w[2 * i]!;
  const hi = w[2 * i + 1]!;
  if (b.type === 'int64') {
    const u = int64Words(b.values);
    return lo === u[2 * j] && hi === u[2 * j + 1];
  }
  // A double equals the int64 when it is the int64's (exact) double.
  const y = b.values[j]!;
  if (hi * TWO32 + (lo >>> 0) !== y) return false;
  const yh = Math.floor(y / TWO32);
  return yh === hi && ((y - yh * TWO32) | 0) === lo;
}

/**
 * Order of two non-null cells: numbers, dates and timestamps by value (NaN last, as in Spark),
 * strings by UTF-8 bytes (compareStrings), bool false < true. Nulls are the caller's business.
 */
export function compareValues(a: Vec, i: number, b: Vec, j: number): number {
  if (a.kind === 'str' && b.kind === 'str') return compareStrings(a.dict[a.codes[i]!]!, b.dict[b.codes[j]!]!);
  if (a.kind === 'num' && b.kind === 'num') {
    if (a.type === 'int64' && b.type === 'int64') {
      const x = int64Words(a.values);
      const y = int64Words(b.values);
      return compareWords(x[2 * i]!, x[2 * i + 1]!, y[2 * j]!, y[2 * j + 1]!);
    }
    return compareNumbers(numberAt(a, i), numberAt(b, j));
  }
  // A string against a number should not happen after analysis; order strings after numbers.
  return a.kind === 'str' ? 1 : -1;
}

/** Total order of numbers as Spark sorts them: NaN above every number and equal to itself. */
export function compareNumbers(x: number, y: number): number {
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  const xn = x !== x;
  const yn = y !== y;
  return xn === yn ? 0 : xn ? 1 : -1;
}

/** Row i of a numeric column as a number (an int64 as its double, rounded beyond ±2^53). */
export function numberAt(v: NumVec, i: number): number {
  if (v.type !== 'int64') return v.values[i]!;
  const w = int64Words(v.values);
  return w[2 * i + 1]! * TWO32 + (w[2 * i]! >>> 0);
}
