/**
 * The db-benchmark join dataset J1, seeded. The left table x has N rows with int keys id1
 * (N/1e6 values), id2 (N/1e3 values), id3 (N values, unique), their string twins
 * id4 = "id" + id1, id5, id6, and a float v1. The right tables small (N/1e6 rows), medium
 * (N/1e3) and big (N) hold the keys up to their size (the last one unique) and a float v2.
 * 90% of each key range is shared by both sides; the rest occurs on one side only.
 * Key ranges are at least 10 values, so small sizes still join.
 *
 *   node dist/bench/data/gen-join.js --rows 1e7 [--formats arrow,csv,parquet] [--dir bench/data]
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, isMain } from './paths.js';
import { permutation, prng, uniformInt, value100 } from './prng.js';
import { parseRows, rowsLabel, writeTable, type DataFormat, type GenColumn, type GenTable } from './table-spec.js';

/** The key ranges: the left side uses 1..n, the right side shift+1..n+shift (10% apart). */
interface KeyRange { readonly n: number; readonly shift: number }

function keyRange(n: number): KeyRange {
  const size = Math.max(10, Math.round(n));
  return { n: size, shift: size - Math.round(size * 0.9) };
}

/** The four J1 tables of a left side of `rows` rows. */
export function generateJoin(rows: number, seed = 2): { x: GenTable; small: GenTable; medium: GenTable; big: GenTable } {
  const rnd = prng(seed);
  const k1 = keyRange(rows / 1e6), k2 = keyRange(rows / 1e3), k3 = keyRange(rows);
  const n3 = Math.max(rows, k3.n);
  const draw = (k: KeyRange, side: 0 | 1, n: number): Int32Array => {
    const out = new Int32Array(n);
    const from = side === 0 ? 1 : k.shift + 1;
    for (let i = 0; i < n; i++) out[i] = uniformInt(rnd, from, from + k.n - 1);
    return out;
  };
  const floats = (n: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = value100(rnd);
    return out;
  };
  const strings = (name: string, values: Int32Array, n: number): GenColumn => {
    // Repeating keys as dictionary strings, the unique key as plain strings.
    if (n >= values.length && values.length > 1e5) return { name, kind: 'prefixed', prefix: 'id', values };
    const dictionary = Array.from({ length: n }, (_, i) => `id${i + 1}`);
    const codes = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) codes[i] = values[i]! - 1;
    return { name, kind: 'dict', codes, dictionary };
  };
  // The dictionary holds every key value of both sides: 1 .. n + shift.
  const span = (k: KeyRange): number => k.n + k.shift;

  const xId1 = draw(k1, 0, rows), xId2 = draw(k2, 0, rows);
  const xId3 = permutation(rnd, 1, k3.n).subarray(0, rows);
  const x: GenTable = {
    rows,
    columns: [
      { name: 'id1', kind: 'int32', values: xId1 },
      { name: 'id2', kind: 'int32', values: xId2 },
      { name: 'id3', kind: 'int32', values: xId3 },
      strings('id4', xId1, span(k1)),
      strings('id5', xId2, span(k2)),
      strings('id6', xId3, span(k3)),
      { name: 'v1', kind: 'float64', values: floats(rows) },
    ],
  };
  const sId1 = permutation(rnd, k1.shift + 1, k1.n);
  const small: GenTable = {
    rows: k1.n,
    columns: [
      { name: 'id1', kind: 'int32', values: sId1 },
      strings('id4', sId1, span(k1)),
      { name: 'v2', kind: 'float64', values: floats(k1.n) },
    ],
  };
  const mId1 = draw(k1, 1, k2.n), mId2 = permutation(rnd, k2.shift + 1, k2.n);
  const medium: GenTable = {
    rows: k2.n,
    columns: [
      { name: 'id1', kind: 'int32', values: mId1 },
      { name: 'id2', kind: 'int32', values: mId2 },
      strings('id4', mId1, span(k1)),
      strings('id5', mId2, span(k2)),
      { name: 'v2', kind: 'float64', values: floats(k2.n) },
    ],
  };
  const bId1 = draw(k1, 1, n3), bId2 = draw(k2, 1, n3), bId3 = permutation(rnd, k3.shift + 1, n3);
  const big: GenTable = {
    rows: n3,
    columns: [
      { name: 'id1', kind: 'int32', values: bId1 },
      { name: 'id2', kind: 'int32', values: bId2 },
      { name: 'id3', kind: 'int32', values: bId3 },
      strings('id4', bId1, span(k1)),
      strings('id5', bId2, span(k2)),
      strings('id6', bId3, span(k3)),
      { name: 'v2', kind: 'float64', values: floats(n3) },
    ],
  };
  return { x, small, medium, big };
}

/** The base paths (without extension) of the J1 files of `rows` rows in `dir`. */
export function joinBases(dir: string, rows: number): { x: string; small: string; medium: string; big: string } {
  const l = rowsLabel(rows);
  return {
    x: path.join(dir, `J1_${l}_NA`),
    small: path.join(dir, `J1_${l}_small`),
    medium: path.join(dir, `J1_${l}_medium`),
    big: path.join(dir, `J1_${l}_big`),
  };
}

/** Generates J1 and writes its four tables in `formats` to `dir`; returns their base paths. */
export async function writeJoin(dir: string, rows: number, formats: readonly DataFormat[] = ['arrow', 'csv', 'parquet']): Promise<ReturnType<typeof joinBases>> {
  await mkdir(dir, { recursive: true });
  const bases = joinBases(dir, rows);
  const tables = generateJoin(rows);
  for (const k of ['x', 'small', 'medium', 'big'] as const) await writeTable(tables[k], bases[k], formats);
  return bases;
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1e7' }, formats: { type: 'string', default: 'arrow,csv,parquet' }, dir: { type: 'string' } } });
  const t0 = performance.now();
  writeJoin(values.dir ?? defaultDataDir(), parseRows(values.rows!), values.formats!.split(',') as DataFormat[])
    .then((b) => console.log(`wrote ${b.x}.* and the right tables in ${((performance.now() - t0) / 1000).toFixed(1)} s`))
    .catch((e) => { console.error(e); process.exit(1); });
}
