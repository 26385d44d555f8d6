import { expect } from 'chai';
import * as arrow from 'apache-arrow';
import { parquetWriteFile } from 'hyparquet-writer';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceError } from '../../../engine/errors.js';
import { planSplits, readArrowSchema, readParquetSchema } from '../../../engine/io/index.js';
import { days, readAll, rejection, tempDir } from './helpers.js';

describe('engine/io Arrow and Parquet files written by other writers', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = tempDir()));
  after(() => cleanup());

  function arrowTable(offset: number, n: number): arrow.Table {
    const ints = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : offset + i));
    const strs = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `s${(offset + i) % 13}`));
    return new arrow.Table({
      i: arrow.vectorFromArray(ints, new arrow.Int32()),
      l: arrow.vectorFromArray(ints.map((v) => (v === null ? null : BigInt(v) * 1000000n)), new arrow.Int64()),
      f: arrow.vectorFromArray(ints.map((v) => (v === null ? null : v / 4)), new arrow.Float64()),
      s: arrow.vectorFromArray(strs, new arrow.Utf8()),
      b: arrow.vectorFromArray(ints.map((v) => (v === null ? null : v % 2 === 0)), new arrow.Bool()),
      d: arrow.vectorFromArray(ints.map((v) => (v === null ? null : new Date(v * 86400000))), new arrow.DateDay()),
      t: arrow.vectorFromArray(ints.map((v) => (v === null ? null : v * 1000 + 7)), new arrow.TimestampMillisecond()),
    });
  }
  function expectedRows(offset: number, n: number): unknown[][] {
    return Array.from({ length: n }, (_, i) => {
      const v = i % 5 === 0 ? null : offset + i;
      const s = i % 7 === 0 ? null : `s${(offset + i) % 13}`;
      return v === null ? [null, null, null, s, null, null, null] : [v, v * 1000000, v / 4, s, v % 2 === 0 ? 1 : 0, v, v * 1000 + 7];
    });
  }

  it('reads an Arrow IPC file (several record batches) written by apache-arrow, in splits and projected', async () => {
    const t = arrowTable(0, 100).concat(arrowTable(100, 50)).concat(arrowTable(150, 30));
    const path = join(dir, 'a.arrow');
    writeFileSync(path, arrow.tableToIPC(t, 'file'));
    const schema = await readArrowSchema(path);
    expect(schema.map((f) => `${f.name}:${f.type}`)).to.deep.equal(['i:int32', 'l:int64', 'f:float64', 's:utf8', 'b:bool', 'd:date', 't:timestamp']);
    const all = [...expectedRows(0, 100), ...expectedRows(100, 50), ...expectedRows(150, 30)];
    const one = await planSplits('arrow', [path], { maxSplitBytes: 1 << 30 });
    expect(one).to.deep.equal([{ kind: 'arrow', path, batchStart: 0, batchEnd: 3 }]);
    expect(await readAll(one, schema, null, 40)).to.deep.equal(all);
    const many = await planSplits('arrow', [path], { maxSplitBytes: 10 });
    expect(many.length).to.equal(3);
    expect(await readAll(many, schema, [3, 0])).to.deep.equal(all.map((r) => [r[3], r[0]]));
  });

  it('reads dictionary-encoded strings from an Arrow file', async () => {
    const path = join(dir, 'dict.arrow');
    const s = arrow.vectorFromArray(['b', 'a', null, 'b', 'c'], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));
    writeFileSync(path, arrow.tableToIPC(new arrow.Table({ s }), 'file'));
    const schema = await readArrowSchema(path);
    expect(schema.map((f) => f.type)).to.deep.equal(['utf8']);
    const splits = await planSplits('arrow', [path], { maxSplitBytes: 1 << 20 });
    expect(await readAll(splits, schema, null, 2)).to.deep.equal([['b'], ['a'], [null], ['b'], ['c']]);
  });

  it('reads an Arrow IPC stream file', async () => {
    const path = join(dir, 's.arrows');
    writeFileSync(path, arrow.tableToIPC(arrowTable(0, 20).concat(arrowTable(20, 5)), 'stream'));
    const schema = await readArrowSchema(path);
    const splits = await planSplits('arrow', [path], { maxSplitBytes: 10 });
    expect(splits.length).to.equal(1);
    expect(await readAll(splits, schema)).to.deep.equal([...expectedRows(0, 20), ...expectedRows(20, 5)]);
  });

  it('reads a Parquet file written by hyparquet-writer, by row group', async () => {
    const path = join(dir, 'p.parquet');
    const n = 2500;
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: 'i', data: Array.from({ length: n }, (_, k) => (k % 9 === 0 ? null : k)), type: 'INT32' },
        { name: 'l', data: Array.from({ length: n }, (_, k) => BigInt(k) * 3n), type: 'INT64' },
        { name: 'f', data: Float64Array.from({ length: n }, (_, k) => k / 8), type: 'DOUBLE' },
        { name: 's', data: Array.from({ length: n }, (_, k) => (k % 4 === 0 ? null : `v${k % 10}`)), type: 'STRING' },
        { name: 'b', data: Array.from({ length: n }, (_, k) => k % 3 === 0), type: 'BOOLEAN' },
        { name: 't', data: Array.from({ length: n }, (_, k) => new Date(k * 1000)), type: 'TIMESTAMP' },
      ],
      rowGroupSize: 1000,
    });
    const schema = await readParquetSchema(path);
    expect(schema.map((f) => `${f.name}:${f.type}`)).to.deep.equal(['i:int32', 'l:int64', 'f:float64', 's:utf8', 'b:bool', 't:timestamp']);
    const expected = Array.from({ length: n }, (_, k) => [k % 9 === 0 ? null : k, k * 3, k / 8, k % 4 === 0 ? null : `v${k % 10}`, k % 3 === 0 ? 1 : 0, k * 1000]);
    const splits = await planSplits('parquet', [path], { maxSplitBytes: 1 });
    expect(splits.map((s) => (s.kind === 'parquet' ? [s.rowGroupStart, s.rowGroupEnd] : null))).to.deep.equal([[0, 1], [1, 2], [2, 3]]);
    expect(await readAll(splits, schema, null, 300)).to.deep.equal(expected);
    const whole = await planSplits('parquet', [path], { maxSplitBytes: 1 << 30 });
    expect(whole.length).to.equal(1);
    expect(await readAll(whole, schema, [5, 3])).to.deep.equal(expected.map((r) => [r[5], r[3]]));
  });

  it('fails with a SourceError on a missing or non-Arrow/Parquet file', async () => {
    const bad = join(dir, 'bad.bin');
    writeFileSync(bad, 'this is not a columnar file at all');
    for (const p of [() => readArrowSchema(bad), () => readParquetSchema(bad), () => readArrowSchema(join(dir, 'none.arrow')), () => readParquetSchema(join(dir, 'none.parquet'))]) {
      const e = await rejection(p());
      expect(e).to.be.instanceOf(SourceError);
      expect(e.message).to.match(/bad\.bin|none\./);
    }
    expect(days('1970-01-02')).to.equal(1);
  });
});
