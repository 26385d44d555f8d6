/**
 * Compressed text inputs: gzip CSV and JSON Lines are read (one split per file), other codecs
 * and URLs are clear SourceErrors, a corrupt gzip file is a DataError naming it.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DataError, SourceError } from '../../../engine/errors.js';
import { DEFAULT_CSV_OPTIONS, inferCsvSchema, inferJsonSchema, planSplits, resolvePaths } from '../../../engine/io/index.js';
import { field } from '../../../engine/types.js';
import { readAll, rejection, tempDir } from './helpers.js';

/** Plain-JS rows [id, name, x] and their CSV text (with `eol` line ends). */
function csvOf(n: number, eol: string, from = 0): { rows: unknown[][]; text: string } {
  const rows = Array.from({ length: n }, (_, k) => [from + k, (from + k) % 5 === 0 ? null : `n,${from + k}`, (from + k) / 4]);
  const text = rows.map((r) => `${r[0]},${r[1] === null ? '' : `"${r[1]}"`},${r[2]}`).join(eol) + eol;
  return { rows, text };
}

describe('engine/io compressed inputs', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = tempDir()));
  after(() => cleanup());
  const schema = [field('id', 'int32'), field('name', 'utf8'), field('x', 'float64')];

  it('reads a gzip CSV larger than maxSplitBytes as one split, CRLF line ends, two gzip members', async () => {
    const a = csvOf(3000, '\r\n');
    const b = csvOf(2000, '\r\n', 3000);
    const path = join(dir, 'big.csv.gz');
    writeFileSync(path, Buffer.concat([gzipSync('id,name,x\r\n' + a.text), gzipSync(b.text)]));
    expect(await inferCsvSchema([path], DEFAULT_CSV_OPTIONS)).to.deep.equal(schema);
    const splits = await planSplits('csv', [path], { maxSplitBytes: 1000, csv: DEFAULT_CSV_OPTIONS });
    expect(splits.length).to.equal(1);
    expect(await readAll(splits, schema, null, 700)).to.deep.equal([...a.rows, ...b.rows]);
  });

  it('reads gzip JSON Lines', async () => {
    const rows = Array.from({ length: 500 }, (_, k) => ({ k, s: k % 3 === 0 ? null : `v${k}` }));
    const path = join(dir, 'events.jsonl.gz');
    writeFileSync(path, gzipSync(rows.map((r) => JSON.stringify(r)).join('\n')));
    const s = await inferJsonSchema([path]);
    expect(s).to.deep.equal([field('k', 'int32'), field('s', 'utf8')]);
    const splits = await planSplits('json', [path], { maxSplitBytes: 100 });
    expect(splits.length).to.equal(1);
    expect(await readAll(splits, s)).to.deep.equal(rows.map((r) => [r.k, r.s]));
  });

  it('names the file and the line (of the decompressed text) of a bad value in a gzip file', async () => {
    const path = join(dir, 'bad-value.csv.gz');
    writeFileSync(path, gzipSync('id,name,x\n1,a,2\n2,b,oops\n'));
    const splits = await planSplits('csv', [path], { maxSplitBytes: 1 << 20, csv: DEFAULT_CSV_OPTIONS });
    const err = await rejection(readAll(splits, schema));
    expect(err).to.be.instanceOf(DataError);
    expect(err.message).to.contain(path).and.to.contain('line 3');
  });

  it('a corrupt or truncated gzip file is a DataError naming the file', async () => {
    const corrupt = join(dir, 'corrupt.csv.gz');
    writeFileSync(corrupt, Buffer.from('id,name,x\n1,a,2\n'));
    const truncated = join(dir, 'truncated.json.gz');
    const full = gzipSync(Array.from({ length: 2000 }, (_, k) => JSON.stringify({ k })).join('\n'));
    writeFileSync(truncated, full.subarray(0, full.length - 40));
    for (const [path, run] of [
      [corrupt, () => inferCsvSchema([corrupt], DEFAULT_CSV_OPTIONS)],
      [truncated, async () => readAll(await planSplits('json', [truncated], { maxSplitBytes: 1 << 20 }), [field('k', 'int32')])],
    ] as const) {
      const err = await rejection(run());
      expect(err, path).to.be.instanceOf(DataError);
      expect(err.message).to.contain(path).and.to.contain('gzip');
    }
  });

  it('other codecs are a SourceError naming the file and what is supported', async () => {
    for (const name of ['a.csv.bz2', 'b.csv.zst', 'c.json.xz']) {
      const path = join(dir, name);
      writeFileSync(path, 'whatever');
      const err = await rejection(name.includes('json') ? inferJsonSchema([path]) : inferCsvSchema([path], DEFAULT_CSV_OPTIONS));
      expect(err, name).to.be.instanceOf(SourceError);
      expect(err.message).to.contain(path).and.to.contain('gzip');
      const err2 = await rejection(planSplits('csv', [path], { maxSplitBytes: 100, csv: DEFAULT_CSV_OPTIONS }));
      expect(err2, name).to.be.instanceOf(SourceError);
    }
  });

  it('URLs are a SourceError saying only local files are read; file:// URLs are local paths', async () => {
    for (const url of ['http://example.com/a.csv', 'https://example.com/data/*.csv', 's3://bucket/key.csv', 'hdfs://nn/x']) {
      const err = await rejection(resolvePaths(url));
      expect(err, url).to.be.instanceOf(SourceError);
      expect(err.message).to.contain(url).and.to.contain('local files');
    }
    const path = join(dir, 'local.csv');
    writeFileSync(path, 'a\n1\n');
    expect(await resolvePaths(pathToFileURL(path).href)).to.deep.equal([path]);
  });
});
