import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Batch, Vec } from '../../../engine/batch.js';
import { AnalysisError } from '../../../engine/errors.js';
import {
  DEFAULT_CSV_OPTIONS, inferCsvSchema, inferJsonSchema, listInput, planSplits, readArrowSchema, readParquetSchema, writeFiles,
} from '../../../engine/io/index.js';
import { field, type Schema } from '../../../engine/types.js';
import { prng, readAll, rejection, tempDir } from './helpers.js';

const SCHEMA: Schema = [
  field('b', 'bool'), field('i', 'int32'), field('l', 'int64'), field('f', 'float64'),
  field('s', 'utf8'), field('d', 'date'), field('t', 'timestamp'), field('p', 'utf8'), field('q', 'int32'),
];
const STRINGS = ['plain', 'with,comma', 'with "quotes"', 'two\nlines', '', 'ünïcødé ✓', ' padded ', 'x'];

/** Random rows of stored values with nulls (plain JS), the reference of every round trip. */
function randomRows(n: number, seed: number): unknown[][] {
  const rnd = prng(seed);
  const nul = <T>(v: T): T | null => (rnd() < 0.15 ? null : v);
  return Array.from({ length: n }, (_, k) => [
    nul(rnd() < 0.5 ? 1 : 0),
    nul(Math.floor(rnd() * 2000) - 1000),
    nul(k === 0 ? 2 ** 52 : Math.floor(rnd() * 2 ** 40) * (rnd() < 0.5 ? -1 : 1) + 2 ** 33),
    nul(k === 1 ? NaN : k === 2 ? -Infinity : Math.floor(rnd() * 1e6) / 8 + 0.125),
    nul(STRINGS[Math.floor(rnd() * STRINGS.length)]!),
    nul(Math.floor(rnd() * 40000) - 10000),
    nul(Math.floor(rnd() * 4e12) - 1e12),
    nul(['a', 'b/c', 'd=e', ''][Math.floor(rnd() * 4)]!),
    nul(Math.floor(rnd() * 3)),
  ]);
}

/** Builds a batch from stored-value rows (plain typed arrays, one fresh dictionary per batch). */
function toBatch(schema: Schema, rows: unknown[][]): Batch {
  const columns: Vec[] = schema.map((f, c) => {
    const valid = new Uint8Array(rows.length);
    rows.forEach((r, i) => { valid[i] = r[c] === null ? 0 : 1; });
    if (f.type === 'utf8') {
      const dict: string[] = [];
      const codes = new Int32Array(rows.length);
      rows.forEach((r, i) => {
        if (r[c] === null) return;
        let k = dict.indexOf(r[c] as string);
        if (k < 0) k = dict.push(r[c] as string) - 1;
        codes[i] = k;
      });
      return { kind: 'str', type: 'utf8', dict, codes, valid };
    }
    if (f.type === 'int64') {
      return { kind: 'num', type: 'int64', values: BigInt64Array.from(rows, (r) => BigInt((r[c] as number | null) ?? 0)), valid };
    }
    const T = f.type === 'bool' ? Uint8Array : f.type === 'int32' || f.type === 'date' ? Int32Array : Float64Array;
    const values = new T(rows.length);
    rows.forEach((r, i) => { if (r[c] !== null) values[i] = r[c] as number; });
    return { kind: 'num', type: f.type as Exclude<typeof f.type, 'utf8' | 'int64'>, values, valid };
  });
  return { schema, columns, length: rows.length };
}

async function* batchesOf(schema: Schema, rows: unknown[][], size: number): AsyncGenerator<Batch> {
  for (let s = 0; s < rows.length; s += size) yield toBatch(schema, rows.slice(s, s + size));
}

async function readBack(format: 'csv' | 'json' | 'arrow' | 'parquet', paths: string[], schema?: Schema): Promise<{ schema: Schema; rows: unknown[][] }> {
  const sch = schema ?? (format === 'csv' ? await inferCsvSchema(paths, DEFAULT_CSV_OPTIONS)
    : format === 'json' ? await inferJsonSchema(paths)
      : format === 'arrow' ? await readArrowSchema(paths[0]!) : await readParquetSchema(paths[0]!));
  const splits = await planSplits(format, paths, { maxSplitBytes: 1 << 24, csv: DEFAULT_CSV_OPTIONS });
  return { schema: sch, rows: await readAll(splits, sch, null, 500) };
}

describe('engine/io writing and reading back', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = tempDir()));
  after(() => cleanup());
  const rows = randomRows(1500, 11);

  for (const format of ['csv', 'json', 'arrow', 'parquet'] as const) {
    it(`round-trips every type with nulls through ${format}`, async () => {
      const out = join(dir, `rt-${format}`);
      const res = await writeFiles(format, out, 'part-00000', SCHEMA, batchesOf(SCHEMA, rows, 400), []);
      expect(res).to.deep.equal({ files: [`part-00000.${format}`], rows: rows.length });
      const back = await readBack(format, [join(out, res.files[0]!)]);
      // Text formats infer: a column of '' / strings with '=' stays utf8, every other type comes back.
      expect(back.schema.map((f) => `${f.name}:${f.type}`)).to.deep.equal(SCHEMA.map((f) => `${f.name}:${f.type}`));
      expect(back.rows).to.deep.equal(rows);
    });

    it(`writes no file for empty input, as Spark for an empty partition (${format})`, async () => {
      const out = join(dir, `none-${format}`);
      const res = await writeFiles(format, out, 'part-0', SCHEMA, batchesOf(SCHEMA, [], 10), []);
      expect(res).to.deep.equal({ files: [], rows: 0 });
      expect(readdirSync(out)).to.deep.equal([]);
    });

    it(`writes a file with only the header or schema for empty input when asked (${format})`, async () => {
      const out = join(dir, `empty-${format}`);
      const res = await writeFiles(format, out, 'part-0', SCHEMA, batchesOf(SCHEMA, [], 10), [], true);
      expect(res.rows).to.equal(0);
      expect(res.files).to.have.length(1);
      const path = join(out, res.files[0]!);
      if (format === 'csv') expect(readFileSync(path, 'utf8')).to.equal('b,i,l,f,s,d,t,p,q\n');
      if (format === 'arrow') expect((await readArrowSchema(path)).map((f) => f.name)).to.deep.equal(SCHEMA.map((f) => f.name));
      if (format === 'parquet') expect((await readParquetSchema(path)).map((f) => f.type)).to.deep.equal(SCHEMA.map((f) => f.type));
      expect((await readBack(format, [path], SCHEMA)).rows).to.deep.equal([]);
    });

    it(`writes Hive-style partition folders with partitionBy (${format})`, async () => {
      const out = join(dir, `part-${format}`);
      const res = await writeFiles(format, out, 'part-00003', SCHEMA, batchesOf(SCHEMA, rows, 333), ['p', 'q']);
      const seg = (v: unknown) => (v === null || v === '' ? '__HIVE_DEFAULT_PARTITION__' : String(v).replace('/', '%2F').replace('=', '%3D'));
      const groups = new Map<string, unknown[][]>();
      for (const r of rows) {
        const key = `p=${seg(r[7])}/q=${seg(r[8])}`;
        groups.set(key, [...(groups.get(key) ?? []), r.slice(0, 7)]);
      }
      expect([...res.files].sort()).to.deep.equal([...groups.keys()].map((k) => `${k}/part-00003.${format}`).sort());
      expect(res.rows).to.equal(rows.length);
      const dataSchema = SCHEMA.slice(0, 7);
      for (const [key, expected] of groups) {
        const back = await readBack(format, [join(out, key, `part-00003.${format}`)], dataSchema);
        expect(back.rows).to.deep.equal(expected, key);
      }
      // reading the folder back finds every data file and adds the partition columns at the end
      const parts = await listInput(out);
      const files = [...parts.files];
      expect(files.length).to.equal(groups.size);
      let schema: Schema;
      if (format === 'csv') schema = await inferCsvSchema(files, DEFAULT_CSV_OPTIONS);
      else if (format === 'json') schema = await inferJsonSchema(files);
      else schema = format === 'arrow' ? await readArrowSchema(files[0]!) : await readParquetSchema(files[0]!);
      schema = [...schema, ...parts.schema];
      expect(schema.map((f) => `${f.name}:${f.type}`)).to.deep.equal(SCHEMA.map((f) => `${f.name}:${f.type}`));
      const splits = await planSplits(format, files, { maxSplitBytes: 1 << 20, csv: DEFAULT_CSV_OPTIONS, partitionValues: parts.values });
      const key = (r: unknown[]) => JSON.stringify(r);
      const all = (await readAll(splits, schema)).map(key).sort();
      expect(all).to.deep.equal(rows.map((r) => [...r.slice(0, 7), r[7] === '' ? null : r[7], r[8]]).map(key).sort());
      const projected = (await readAll(splits, schema, [8, 1, 7])).map(key).sort();
      expect(projected).to.deep.equal(rows.map((r) => [r[8], r[1], r[7] === '' ? null : r[7]]).map(key).sort());
    });
  }

  for (const format of ['parquet', 'arrow', 'csv'] as const) {
    it(`round-trips columns without nulls (${format})`, async () => {
      const full = rows.map((r, k) => r.map((v, c) => (v !== null ? v : c === 4 || c === 7 ? 'z' : c === 0 ? 1 : k + 0.5 * Number(c === 3))));
      const out = join(dir, `nonull-${format}`);
      const res = await writeFiles(format, out, 'p', SCHEMA, batchesOf(SCHEMA, full, 700), []);
      expect((await readBack(format, [join(out, res.files[0]!)], SCHEMA)).rows).to.deep.equal(full);
    });
  }

  it('writes nothing for an empty input with partitionBy', async () => {
    const out = join(dir, 'part-empty');
    const res = await writeFiles('csv', out, 'x', SCHEMA, batchesOf(SCHEMA, [], 10), ['p']);
    expect(res).to.deep.equal({ files: [], rows: 0 });
  });

  it('rejects an unknown partition column naming the columns that exist', async () => {
    const e = await rejection(writeFiles('csv', join(dir, 'bad'), 'x', SCHEMA, batchesOf(SCHEMA, rows.slice(0, 5), 10), ['nope']));
    expect(e).to.be.instanceOf(AnalysisError);
    expect(e.message).to.contain('"nope"').and.to.contain('b, i, l');
  });

  it('writes CSV quoting only what needs it, null as an empty field and "" for the empty string', async () => {
    const schema = [field('s', 'utf8'), field('n', 'int32')];
    const out = join(dir, 'quoting');
    await writeFiles('csv', out, 'f', schema, batchesOf(schema, [['a,b', 1], ['say "hi"', null], ['', 2], [null, 3], ['x\ny', 4]], 10), []);
    expect(readFileSync(join(out, 'f.csv'), 'utf8')).to.equal('s,n\n"a,b",1\n"say ""hi""",\n"",2\n,3\n"x\ny",4\n');
  });

  it('round-trips a one-column CSV with nulls (a blank line is a null there)', async () => {
    const schema = [field('s', 'utf8')];
    const out = join(dir, 'onecol');
    const data = [['a'], [null], [''], [null], ['b']];
    await writeFiles('csv', out, 'f', schema, batchesOf(schema, data, 10), []);
    expect(readFileSync(join(out, 'f.csv'), 'utf8')).to.equal('s\na\n\n""\n\nb\n');
    expect((await readBack('csv', [join(out, 'f.csv')])).rows).to.deep.equal(data);
  });

  it('writes JSON Lines with keys in schema order, nulls, dates and timestamps as ISO text', async () => {
    const schema = [field('d', 'date'), field('t', 'timestamp'), field('f', 'float64'), field('b', 'bool')];
    const out = join(dir, 'jsonfmt');
    await writeFiles('json', out, 'f', schema, batchesOf(schema, [[1, 1500, 0.5, 1], [null, null, NaN, null]], 10), []);
    expect(readFileSync(join(out, 'f.json'), 'utf8')).to.equal('{"d":"1970-01-02","t":"1970-01-01T00:00:01.500Z","f":0.5,"b":true}\n{"d":null,"t":null,"f":"NaN","b":null}\n');
  });

  it('a retried attempt replaces the file of an earlier one; a failed write leaves no file behind', async () => {
    const out = join(dir, 'retry');
    const schema = [field('n', 'int32')];
    await writeFiles('csv', out, 'f', schema, batchesOf(schema, [[1]], 10), []);
    await writeFiles('csv', out, 'f', schema, batchesOf(schema, [[2]], 10), []);
    expect(readFileSync(join(out, 'f.csv'), 'utf8')).to.equal('n\n2\n');
    for (const format of ['csv', 'json', 'arrow', 'parquet'] as const) {
      const failing = async function* (): AsyncGenerator<Batch> {
        yield toBatch(schema, [[1], [2]]);
        throw new Error('task failed');
      };
      const e = await rejection(writeFiles(format, join(dir, `fail-${format}`), 'f', schema, failing(), []));
      expect(e.message).to.equal('task failed');
      expect(readdirSync(join(dir, `fail-${format}`))).to.deep.equal([]);
      const e2 = await rejection(writeFiles(format, join(dir, `failp-${format}`), 'f', [field('n', 'int32'), field('k', 'int32')], (async function* () {
        yield toBatch([field('n', 'int32'), field('k', 'int32')], [[1, 1], [2, 2]]);
        throw new Error('task failed');
      })(), ['k']));
      expect(e2.message).to.equal('task failed');
      expect(readdirSync(join(dir, `failp-${format}`, 'k=1'))).to.deep.equal([]);
    }
  });
});
