/**
 * Row-level equality and order between cells of two columns (hash tables, sort comparators).
 */
import type { Vec } from '../batch.js';
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
  const x = a.values[i]!;
  const y = b.values[j]!;
  return x === y || (x !== x && y !== y);
}

/**
 * Order of two non-null cells: numbers, dates and timestamps by value (NaN last, as in Spark),
 * strings by UTF-8 bytes (compareStrings), bool false < true. Nulls are the caller's business.
 */
export function compareValues(a: Vec, i: number, b: Vec, j: number): number {
  if (a.kind === 'str' && b.kind === 'str') return compareStrings(a.dict[a.codes[i]!]!, b.dict[b.codes[j]!]!);
  if (a.kind === 'num' && b.kind === 'num') return compareNumbers(a.values[i]!, b.values[j]!);
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
