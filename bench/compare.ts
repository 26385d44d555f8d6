/**
 * Answers of the three engines in one plain form (columns of JavaScript values), and their
 * comparison: answers up to SORT_COMPARE_ROWS rows are sorted and compared row by row (float
 * aggregates within a relative 1e-9); larger ones (the joins' ~0.9 N rows) by an
 * order-independent fingerprint, so checking a 1e7-row answer takes seconds, not minutes.
 */
import type { Question } from './questions.js';

/** An answer: its row count and one array of values per output column. */
export interface Answer {
  readonly rows: number;
  readonly cols: Readonly<Record<string, ArrayLike<unknown>>>;
}

/** Answers with more rows than this are compared by fingerprint. */
export const SORT_COMPARE_ROWS = 2_000_000;

/** The relative tolerance of float aggregates. */
export const FLOAT_TOLERANCE = 1e-9;

/** Float aggregates this close to each other are equal whatever their size. */
export const ABSOLUTE_FLOOR = 1e-12;

function normalizeArray(a: ArrayLike<unknown>): ArrayLike<unknown> {
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) return Array.from(a as ArrayLike<bigint>, Number);
  if (ArrayBuffer.isView(a)) return a;
  const out = new Array<unknown>(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out[i] = v === undefined ? null : typeof v === 'bigint' ? Number(v) : v;
  }
  return out;
}

/** An apache-arrow Table (rondo's toArrow()) as an Answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function answerFromArrow(table: any, columns: readonly string[]): Answer {
  const cols: Record<string, ArrayLike<unknown>> = {};
  for (const name of columns) {
    const v = table.getChild(name);
    if (v === null) throw new Error(`rondo answer has no column ${name}; it has ${table.schema.fields.map((f: { name: string }) => f.name).join(', ')}`);
    const primitive = v.nullCount === 0 && ArrayBuffer.isView(v.data[0]?.values) && v.data[0]?.dictionary === undefined && !/Utf8|Dictionary/.test(String(v.type));
    cols[name] = normalizeArray(primitive ? v.toArray() : Array.from(v as Iterable<unknown>));
  }
  return { rows: table.numRows, cols };
}

/** A DuckDB result reader as an Answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function answerFromDuckDB(reader: any, columns: readonly string[]): Answer {
  const obj = reader.getColumnsObjectJS() as Record<string, unknown[]>;
  const cols: Record<string, ArrayLike<unknown>> = {};
  for (const name of columns) {
    if (!(name in obj)) throw new Error(`DuckDB answer has no column ${name}; it has ${Object.keys(obj).join(', ')}`);
    cols[name] = normalizeArray(obj[name]!);
  }
  return { rows: reader.currentRowCount as number, cols };
}

/** An Arquero table as an Answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function answerFromArquero(table: any, columns: readonly string[]): Answer {
  const cols: Record<string, ArrayLike<unknown>> = {};
  for (const name of columns) {
    if (!table.columnNames().includes(name)) throw new Error(`Arquero answer has no column ${name}; it has ${table.columnNames().join(', ')}`);
    cols[name] = normalizeArray(table.array(name));
  }
  return { rows: table.numRows() as number, cols };
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

function cmpValues(a: unknown, b: unknown): number {
  const ma = isMissing(a), mb = isMissing(b);
  if (ma || mb) return ma === mb ? 0 : ma ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a), sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function sortedOrder(ans: Answer, keys: readonly string[]): number[] {
  const order = Array.from({ length: ans.rows }, (_, i) => i);
  const cols = keys.map((k) => ans.cols[k]!);
  order.sort((i, j) => {
    for (const c of cols) {
      const d = cmpValues(c[i], c[j]);
      if (d !== 0) return d;
    }
    return 0;
  });
  return order;
}

function floatEqual(a: unknown, b: unknown): boolean {
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b);
  if (typeof a !== 'number' || typeof b !== 'number') return a === b;
  // Relative, with an absolute floor for values that cancel to about zero (r2 of ~1e-34).
  return Math.abs(a - b) <= Math.max(FLOAT_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)), ABSOLUTE_FLOOR);
}

function exactEqual(a: unknown, b: unknown): boolean {
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b);
  return a === b;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Two 32-bit hashes of a value; integers and equal floats hash alike in every engine. */
function hashValue(v: unknown, seed: number): number {
  if (isMissing(v)) return mix(seed ^ 0x9e3779b9);
  if (typeof v === 'number') {
    f64[0] = v;
    return mix(mix(seed ^ u32[0]!) ^ u32[1]!);
  }
  const s = String(v);
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h ^ s.length);
}

interface Fingerprint { readonly a: number; readonly b: number; readonly floats: number[]; readonly mags: number[] }

function fingerprint(ans: Answer, exact: readonly string[], floats: readonly string[]): Fingerprint {
  const ec = exact.map((k) => ans.cols[k]!);
  const fc = floats.map((k) => ans.cols[k]!);
  let a = 0, b = 0;
  const sums = floats.map(() => 0), mags = floats.map(() => 0);
  for (let i = 0; i < ans.rows; i++) {
    let h1 = 0x12345678, h2 = 0x6789abcd;
    for (const c of ec) {
      h1 = mix(h1 ^ hashValue(c[i], 1));
      h2 = mix(h2 ^ hashValue(c[i], 2));
    }
    a = (a + h1) % 4294967296;
    b = (b + h2) % 4294967296;
    const w = 1 + h2 / 4294967296;
    for (let j = 0; j < fc.length; j++) {
      const v = fc[j]![i];
      if (typeof v === 'number' && !Number.isNaN(v)) {
        sums[j]! += w * v;
        mags[j]! += Math.abs(w * v);
      }
    }
  }
  return { a, b, floats: sums, mags };
}

/**
 * The reference answer in the form checks need: the sorted answer when it is small, only its
 * fingerprint when it is large (so a 1e7-row reference does not stay in memory as JS values).
 */
export type Reference =
  | { readonly kind: 'sorted'; readonly rows: number; readonly ans: Answer; readonly order: number[] }
  | { readonly kind: 'fingerprint'; readonly rows: number; readonly fp: Fingerprint };

/** Prepares DuckDB's answer to `q` as the reference. */
export function makeReference(q: Question, ans: Answer): Reference {
  const exact = q.columns.filter((c) => !q.floatColumns.includes(c));
  if (ans.rows > SORT_COMPARE_ROWS) return { kind: 'fingerprint', rows: ans.rows, fp: fingerprint(ans, exact, q.floatColumns) };
  return { kind: 'sorted', rows: ans.rows, ans, order: sortedOrder(ans, [...exact, ...q.floatColumns]) };
}

/** What is wrong with `got` compared to the reference `ref` for question `q`, or null when they agree. */
export function compareAnswers(q: Question, reference: Answer | Reference, got: Answer): string | null {
  const ref: Reference = 'kind' in reference ? reference : makeReference(q, reference);
  if (ref.rows !== got.rows) return `${got.rows} rows, expected ${ref.rows}`;
  const exact = q.columns.filter((c) => !q.floatColumns.includes(c));
  if (ref.kind === 'fingerprint') {
    const fr = ref.fp, fg = fingerprint(got, exact, q.floatColumns);
    if (fr.a !== fg.a || fr.b !== fg.b) return `the multiset of (${exact.join(', ')}) rows differs (fingerprint)`;
    for (let j = 0; j < q.floatColumns.length; j++) {
      // A weighted sum over 1e7 values: allow the summation's own rounding on top of 1e-9.
      if (Math.abs(fr.floats[j]! - fg.floats[j]!) > 1e-7 * Math.max(fr.mags[j]!, 1e-300)) return `column ${q.floatColumns[j]} differs (weighted sum ${fg.floats[j]} vs ${fr.floats[j]})`;
    }
    return null;
  }
  const ro = ref.order, go = sortedOrder(got, [...exact, ...q.floatColumns]);
  const refAns = ref.ans;
  for (let r = 0; r < ref.rows; r++) {
    const i = ro[r]!, j = go[r]!;
    for (const c of q.columns) {
      const a = refAns.cols[c]![i], b = got.cols[c]![j];
      const ok = q.floatColumns.includes(c) ? floatEqual(a, b) : exactEqual(a, b);
      if (!ok) {
        const row = (ans: Answer, k: number): string => JSON.stringify(Object.fromEntries(q.columns.map((n) => [n, ans.cols[n]![k]])));
        return `row ${r} (sorted) differs in ${c}: got ${row(got, j)}, expected ${row(refAns, i)}`;
      }
    }
  }
  return null;
}
