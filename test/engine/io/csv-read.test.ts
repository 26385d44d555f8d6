import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, SourceError } from '../../../engine/errors.js';
import { DEFAULT_CSV_OPTIONS, inferCsvSchema, planSplits, readSplit, resolvePaths } from '../../../engine/io/index.js';
import type { CsvOptions, SourceSplit } from '../../../engine/plan.js';
import { field, type Schema } from '../../../engine/types.js';
import { days, readAll, rejection, tempDir } from './helpers.js';

const opts = (o: Partial<CsvOptions> = {}): CsvOptions => ({ ...DEFAULT_CSV_OPTIONS, ...o });

describe('engine/io CSV reading', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = tempDir()));
  after(() => cleanup());

  let n = 0;
  async function read(text: string | Buffer, o: Partial<CsvOptions> = {}, schema?: Schema, projection: readonly number[] | null = null) {
    const path = join(dir, `f${n++}.csv`);
    writeFileSync(path, text);
    const options = opts(o);
    const sch = schema ?? (await inferCsvSchema([path], options));
    const splits = await planSplits('csv', [path], { maxSplitBytes: 1 << 20, csv: options });
    return { schema: sch, rows: await readAll(splits, sch, projection), path };
  }

  it('reads a header and infers names and types', async () => {
    const { schema, rows } = await read('a,b,c\n1,x,2.5\n2,y,3\n');
    expect(schema.map((f) => [f.name, f.type])).to.deep.equal([['a', 'int32'], ['b', 'utf8'], ['c', 'float64']]);
    expect(rows).to.deep.equal([[1, 'x', 2.5], [2, 'y', 3]]);
  });

  it('names columns _c0, _c1 … without a header and keeps the first line as data', async () => {
    const { schema, rows } = await read('1,x\n2,y', { header: false });
    expect(schema.map((f) => f.name)).to.deep.equal(['_c0', '_c1']);
    expect(rows).to.deep.equal([[1, 'x'], [2, 'y']]);
  });

  it('handles other delimiters', async () => {
    expect((await read('a;b\n1;x,y\n', { delimiter: ';' })).rows).to.deep.equal([[1, 'x,y']]);
    expect((await read('a\tb\n1\tz\n', { delimiter: '\t' })).rows).to.deep.equal([[1, 'z']]);
    expect((await read('a|b\n1|"p|q"\n', { delimiter: '|' })).rows).to.deep.equal([[1, 'p|q']]);
  });

  it('handles quotes, doubled quotes, delimiters and newlines inside quotes', async () => {
    const { rows } = await read('k,v\n1,"a,b"\n2,"say ""hi"""\n3,"two\nlines"\n4,"crlf\r\ninside"\n5,""""\n"6"  ,"sp" \n');
    expect(rows).to.deep.equal([[1, 'a,b'], [2, 'say "hi"'], [3, 'two\nlines'], [4, 'crlf\r\ninside'], [5, '"'], [6, 'sp']]);
  });

  it('handles a separate escape character', async () => {
    const { rows } = await read('k,v\n1,"a\\"b"\n2,"back\\\\slash"\n3,"plain"\n', { escape: '\\' });
    expect(rows).to.deep.equal([[1, 'a"b'], [2, 'back\\slash'], [3, 'plain']]);
  });

  it('handles a different quote character', async () => {
    const { rows } = await read("k,v\n1,'a,b'\n2,'it''s'\n", { quote: "'", escape: "'" });
    expect(rows).to.deep.equal([[1, 'a,b'], [2, "it's"]]);
  });

  it('handles CRLF, no trailing newline, blank lines and a BOM', async () => {
    expect((await read('a,b\r\n1,x\r\n2,y')).rows).to.deep.equal([[1, 'x'], [2, 'y']]);
    expect((await read('a,b\r\n1,x\r\n\r\n2,y\r\n')).rows).to.deep.equal([[1, 'x'], [2, 'y']]);
    const bom = await read('\ufeffname,v\nq,1\n');
    expect(bom.schema[0]!.name).to.equal('name');
    expect(bom.rows).to.deep.equal([['q', 1]]);
  });

  it('reads an empty unquoted field as null and an empty quoted field as the empty string', async () => {
    const { rows } = await read('s,n\n,\n"",1\nx,\n');
    expect(rows).to.deep.equal([[null, null], ['', 1], ['x', null]]);
  });

  it('reads the nullValue text as null (unquoted only)', async () => {
    const { schema, rows } = await read('s,n\nNA,NA\n"NA",2\n,3\n', { nullValue: 'NA' });
    expect(schema.map((f) => f.type)).to.deep.equal(['utf8', 'int32']);
    expect(rows).to.deep.equal([[null, null], ['NA', 2], ['', 3]]);
  });

  it('reads with an explicit schema, parsing every type', async () => {
    const schema = [field('b', 'bool'), field('i', 'int32'), field('l', 'int64'), field('f', 'float64'), field('s', 'utf8'), field('d', 'date'), field('t', 'timestamp')];
    const { rows } = await read('b,i,l,f,s,d,t\ntrue,-5,9007199254740991,1e3,007,1999-12-31,2021-06-01T12:30:00.250+02:00\nFalse,7,-3,-0.5,x,2000-01-01,2021-06-01 00:00:00\n,,,,,,\n', {}, schema);
    expect(rows).to.deep.equal([
      [1, -5, 9007199254740991, 1000, '007', days('1999-12-31'), Date.UTC(2021, 5, 1, 10, 30, 0, 250)],
      [0, 7, -3, -0.5, 'x', days('2000-01-01'), Date.UTC(2021, 5, 1)],
      [null, null, null, null, null, null, null],
    ]);
  });

  it('converts only projected columns but checks every row\'s field count', async () => {
    const { rows } = await read('a,b,c\n1,notanumber,3\n4,x,6\n', {}, [field('a', 'int32'), field('b', 'int32'), field('c', 'int32')], [2, 0]);
    expect(rows).to.deep.equal([[3, 1], [6, 4]]);
    const e = await rejection(read('a,b,c\n1,2,3\n4,5\n', {}, [field('a', 'int32'), field('b', 'int32'), field('c', 'int32')], [0]));
    expect(e).to.be.instanceOf(DataError);
    expect(e.message).to.match(/line 3: expected 3 fields, found 2$/);
  });

  it('reports a row with the wrong number of fields with file and line', async () => {
    const text = 'a,b,c,d\n1,2,3,4\n"x\ny",2,3,4\n1,2,3,4,5\n';
    const e = await rejection(read(text));
    expect(e).to.be.instanceOf(DataError);
    expect(e.message).to.match(/^malformed CSV row in .*f\d+\.csv line 5: expected 4 fields, found 5$/);
  });

  it('reports a value that does not parse with file, line, column and type', async () => {
    const schema = [field('id', 'int32'), field('price', 'float64')];
    const e = await rejection(read('id,price\n1,2.5\n2,3\n\n3,abc\n', {}, schema));
    expect(e).to.be.instanceOf(DataError);
    expect(e.message).to.match(/^bad CSV value in .*\.csv line 5, column "price" \(float64\): cannot parse "abc"$/);
    const e2 = await rejection(read('id,price\n99999999999,1\n', {}, schema));
    expect(e2.message).to.match(/line 2, column "id" \(int32\): cannot parse "99999999999"$/);
    const e3 = await rejection(read('d\n2021-02-30\n', {}, [field('d', 'date')]));
    expect(e3.message).to.match(/line 2, column "d" \(date\): cannot parse "2021-02-30"$/);
  });

  it('reports an unclosed quote and a stray character after a closing quote', async () => {
    const e = await rejection(read('a,b\n1,"open\n2,3\n'));
    expect(e).to.be.instanceOf(DataError);
    expect(e.message).to.match(/line 2: a quoted field is not closed/);
    const e2 = await rejection(read('a,b\n1,2\n1,"x"y\n'));
    expect(e2.message).to.match(/line 3: a closing quote must be followed/);
  });

  it('gives the exact line of an error found by a split that starts mid-file', async () => {
    const lines = ['id,v'];
    for (let i = 0; i < 5000; i++) lines.push(`${i},${i * 2}`);
    lines[4321] = '4320,oops';
    const path = join(dir, 'mid.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const schema = [field('id', 'int32'), field('v', 'int32')];
    const splits = await planSplits('csv', [path], { maxSplitBytes: 4096, csv: opts() });
    expect(splits.length).to.be.greaterThan(5);
    const e = await rejection(readAll(splits, schema));
    expect(e).to.be.instanceOf(DataError);
    expect(e.message).to.equal(`bad CSV value in ${path} line 4322, column "v" (int32): cannot parse "oops"`);
    // and only the split holding that line fails
    let failures = 0;
    for (const s of splits) {
      try { await readAll([s], schema); } catch { failures++; }
    }
    expect(failures).to.equal(1);
  });

  it('fails on a missing file with a SourceError naming it', async () => {
    const path = join(dir, 'nope.csv');
    const split: SourceSplit = { kind: 'csv', path, start: 0, end: 10, options: opts() };
    const e = await rejection(readAll([split], [field('a', 'utf8')]));
    expect(e).to.be.instanceOf(SourceError);
    expect(e.message).to.contain(path);
    const e2 = await rejection(inferCsvSchema([path], opts()));
    expect(e2).to.be.instanceOf(SourceError);
  });

  it('reads globs and lists of files', async () => {
    const sub = join(dir, 'glob');
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(dir, `g${i}.csv`), `x\n${i}\n`);
    }
    const paths = await resolvePaths(join(dir, 'g*.csv'));
    expect(paths.map((p) => p.slice(-6))).to.deep.equal(['g0.csv', 'g1.csv', 'g2.csv']);
    const schema = await inferCsvSchema(paths, opts());
    const splits = await planSplits('csv', paths, { maxSplitBytes: 1 << 20, csv: opts() });
    expect(await readAll(splits, schema)).to.deep.equal([[0], [1], [2]]);
    const two = await resolvePaths([join(dir, 'g2.csv'), join(dir, 'g0.csv')]);
    expect(two.map((p) => p.slice(-6))).to.deep.equal(['g0.csv', 'g2.csv']);
    expect(sub).to.be.a('string');
  });

  it('reads a record longer than the read chunk, in one split and across split boundaries', async () => {
    const big = 'x'.repeat(3_000_000);
    const text = `a,b\n1,"${big},\n"\n2,short\n3,"${big.slice(0, 1_500_000)}"\n`;
    const one = join(dir, 'long1.csv');
    writeFileSync(one, text);
    // One split: a quoted newline may not sit on a split boundary (as with Spark's default).
    const rows = await readAll([{ kind: 'csv', path: one, start: 0, end: Buffer.byteLength(text), options: opts() }], [field('a', 'int32'), field('b', 'utf8')]);
    expect(rows.map((r) => [r[0], (r[1] as string).length])).to.deep.equal([[1, 3_000_002], [2, 5], [3, 1_500_000]]);
    const path = join(dir, 'long.csv');
    writeFileSync(path, `a,b\n1,${big}\n2,y\n3,${big}\n4,z\n`);
    const splits = await planSplits('csv', [path], { maxSplitBytes: 1_000_000, csv: opts() });
    expect(splits.length).to.equal(7);
    const got = await readAll(splits, [field('a', 'int32'), field('b', 'utf8')], [0]);
    expect(got).to.deep.equal([[1], [2], [3], [4]]);
  });

  it('cuts batches at batchSize', async () => {
    const path = join(dir, 'bs.csv');
    writeFileSync(path, 'a\n' + Array.from({ length: 25 }, (_, i) => i).join('\n') + '\n');
    const sizes: number[] = [];
    for await (const b of readSplit({ kind: 'csv', path, start: 0, end: 1 << 20, options: opts() }, [field('a', 'int32')], null, { batchSize: 10 })) sizes.push(b.length);
    expect(sizes).to.deep.equal([10, 10, 5]);
  });
});
