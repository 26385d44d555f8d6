/**
 * The db-benchmark groupby dataset G1 (N rows, K = 100 groups), seeded:
 * id1, id2 strings "id001".."id100" uniform; id3 string "id0000000001".. with N/K values
 * uniform; id4, id5 ints 1..K; id6 int 1..N/K; v1 int 1..5; v2 int 1..15; v3 float uniform
 * in (0, 100) rounded to 6 decimals.
 *
 *   node dist/bench/data/gen-groupby.js --rows 1e7 [--formats arrow,csv,parquet] [--dir bench/data]
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, isMain } from './paths.js';
import { prng, uniformInt, value100 } from './prng.js';
import { parseRows, rowsLabel, writeTable, type DataFormat, type GenTable } from './table-spec.js';

/** The number of groups of the low-cardinality keys. */
export const K = 100;

/** The G1 table of `rows` rows. */
export function generateGroupBy(rows: number, seed = 1): GenTable {
  const rnd = prng(seed);
  const nk = Math.max(1, Math.round(rows / K));
  const small = Array.from({ length: K }, (_, i) => `id${String(i + 1).padStart(3, '0')}`);
  const large = Array.from({ length: nk }, (_, i) => `id${String(i + 1).padStart(10, '0')}`);
  const id1 = new Int32Array(rows), id2 = new Int32Array(rows), id3 = new Int32Array(rows);
  const id4 = new Int32Array(rows), id5 = new Int32Array(rows), id6 = new Int32Array(rows);
  const v1 = new Int32Array(rows), v2 = new Int32Array(rows), v3 = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    id1[i] = uniformInt(rnd, 0, K - 1);
    id2[i] = uniformInt(rnd, 0, K - 1);
    id3[i] = uniformInt(rnd, 0, nk - 1);
    id4[i] = uniformInt(rnd, 1, K);
    id5[i] = uniformInt(rnd, 1, K);
    id6[i] = uniformInt(rnd, 1, nk);
    v1[i] = uniformInt(rnd, 1, 5);
    v2[i] = uniformInt(rnd, 1, 15);
    v3[i] = value100(rnd);
  }
  return {
    rows,
    columns: [
      { name: 'id1', kind: 'dict', codes: id1, dictionary: small },
      { name: 'id2', kind: 'dict', codes: id2, dictionary: small },
      { name: 'id3', kind: 'dict', codes: id3, dictionary: large },
      { name: 'id4', kind: 'int32', values: id4 },
      { name: 'id5', kind: 'int32', values: id5 },
      { name: 'id6', kind: 'int32', values: id6 },
      { name: 'v1', kind: 'int32', values: v1 },
      { name: 'v2', kind: 'int32', values: v2 },
      { name: 'v3', kind: 'float64', values: v3 },
    ],
  };
}

/** The base path (without extension) of the G1 files of `rows` rows in `dir`. */
export function groupByBase(dir: string, rows: number): string {
  return path.join(dir, `G1_${rowsLabel(rows)}_1e2`);
}

/** Generates G1 and writes it in `formats` to `dir`; returns the base path. */
export async function writeGroupBy(dir: string, rows: number, formats: readonly DataFormat[] = ['arrow', 'csv', 'parquet']): Promise<string> {
  await mkdir(dir, { recursive: true });
  const base = groupByBase(dir, rows);
  await writeTable(generateGroupBy(rows), base, formats);
  return base;
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1e7' }, formats: { type: 'string', default: 'arrow,csv,parquet' }, dir: { type: 'string' } } });
  const t0 = performance.now();
  writeGroupBy(values.dir ?? defaultDataDir(), parseRows(values.rows!), values.formats!.split(',') as DataFormat[])
    .then((base) => console.log(`wrote ${base}.* in ${((performance.now() - t0) / 1000).toFixed(1)} s`))
    .catch((e) => { console.error(e); process.exit(1); });
}
