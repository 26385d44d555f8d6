/**
 * Compares a rondo answer with DuckDB's: as multisets of rows, or in order when the program ends
 * in a total order. Doubles agree within a relative 1e-9; −0 equals 0; NaN equals NaN; an
 * integer beyond ±2^53 from DuckDB stays exact (a bigint) and matches no rondo number.
 */

/** A cell value after normalization. */
export type Cell = number | string | boolean | bigint | null;
/** A row after normalization, its cells in the order of the expected columns. */
export type NRow = readonly Cell[];

/** A value as the comparison sees it: bigints that fit become numbers, undefined null. */
export function normalizeCell(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new Error(`compare: unexpected value ${String(v)} (${typeof v})`);
}

/** Rows as arrays of normalized cells in the order of `names`. */
export function normalizeRows(rows: readonly Record<string, unknown>[], names: readonly string[]): NRow[] {
  return rows.map((r) => names.map((n) => normalizeCell(r[n])));
}

/**
 * Whether two cells agree; `abs` is an absolute tolerance for a value of known scale (a
 * correlation in [−1, 1], whose uncorrelated value 0 comes out as ±1e-17 by summation order).
 */
export function sameCell(a: Cell, b: Cell, abs = 0): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (a === b) return true; // also −0 === 0 and equal infinities
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    return Math.abs(a - b) <= Math.max(1e-9 * Math.max(Math.abs(a), Math.abs(b)), abs);
  }
  if (typeof a === 'bigint' || typeof b === 'bigint') return typeof a === typeof b && a === b;
  return a === b;
}

function sameRow(a: NRow, b: NRow, abs: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => sameCell(x, b[i]!, abs[i] ?? 0));
}

/** A sort key for a row that equal-within-tolerance rows share (floats to 8 significant digits). */
function rowKey(r: NRow, abs: readonly number[]): string {
  return JSON.stringify(r.map((c, i) => {
    if (typeof c === 'number' && abs[i] && Math.abs(c) <= abs[i]!) return 0;
    if (typeof c === 'number') return Number.isNaN(c) ? 'NaN' : c === 0 ? 0 : Number.isFinite(c) ? Number(c.toPrecision(8)) : String(c);
    if (typeof c === 'bigint') return `${c}n`;
    return c;
  }));
}

/** Text of a row for messages (NaN, −0, bigints and infinities visible). */
export function showRow(r: NRow): string {
  return `(${r.map((c) => (c === null ? 'null' : typeof c === 'bigint' ? `${c}n` : typeof c === 'number' ? (Object.is(c, -0) ? '-0' : String(c)) : JSON.stringify(c))).join(', ')})`;
}

/**
 * Null when the answers agree, else a description of the first differences; `abs` holds an
 * absolute tolerance per column (0: relative only).
 */
export function compareAnswers(actual: readonly NRow[], expected: readonly NRow[], ordered: boolean, abs: readonly number[] = []): string | null {
  const a = ordered ? actual : [...actual].sort((x, y) => cmp(rowKey(x, abs), rowKey(y, abs)));
  const e = ordered ? expected : [...expected].sort((x, y) => cmp(rowKey(x, abs), rowKey(y, abs)));
  const diffs: string[] = [];
  for (let i = 0; i < Math.max(a.length, e.length) && diffs.length < 6; i++) {
    const x = a[i];
    const y = e[i];
    if (x === undefined || y === undefined || !sameRow(x, y, abs)) diffs.push(`  ${ordered ? 'row' : 'sorted row'} ${i}: rondo ${x ? showRow(x) : '—'}  DuckDB ${y ? showRow(y) : '—'}`);
  }
  if (diffs.length === 0) return null;
  return `${a.length} rows from rondo, ${e.length} from DuckDB${ordered ? ' (in order)' : ' (as multisets)'}:\n${diffs.join('\n')}`;
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
