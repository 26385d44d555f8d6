import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../../engine/errors.js';
import { DEFAULT_CSV_OPTIONS, inferCsvSchema } from '../../../engine/io/index.js';
import { rejection, tempDir } from './helpers.js';

describe('engine/io CSV schema inference', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = tempDir()));
  after(() => cleanup());
  let n = 0;
  async function infer(text: string, o: { inferSchema?: boolean; sampleRows?: number } = {}, header = true) {
    const p = join(dir, `i${n++}.csv`);
    writeFileSync(p, text);
    return (await inferCsvSchema([p], { ...DEFAULT_CSV_OPTIONS, header }, o)).map((f) => `${f.name}:${f.type}`);
  }

  it('infers the narrowest type of every column', async () => {
    const text = [
      'i32,i64,f64,b,d,ts,s,mixnum,dt,nul,q',
      `1,3000000000,1.5,true,2020-01-01,2020-01-01T10:00:00Z,abc,1,2020-01-01,,"5"`,
      `-2,-1,2,FALSE,1999-12-31,2020-01-01 10:00:00,1,2.5,2020-01-02T00:00:00,,"6"`,
      `,,,,,,,,,,`,
    ].join('\n');
    expect(await infer(text)).to.deep.equal(['i32:int32', 'i64:int64', 'f64:float64', 'b:bool', 'd:date', 'ts:timestamp', 's:utf8', 'mixnum:float64', 'dt:timestamp', 'nul:utf8', 'q:int32']);
  });

  it('widens to utf8 for incompatible values; an integer beyond 2^53 is int64, beyond int64 float64', async () => {
    expect(await infer('a,b,c,d\n1,true,2020-01-01,9007199254740993\nx,1,3,1\n')).to.deep.equal(['a:utf8', 'b:utf8', 'c:utf8', 'd:int64']);
    expect(await infer('d,e\n-9223372036854775808,9223372036854775808\n')).to.deep.equal(['d:int64', 'e:float64']);
  });

  it('reads NaN and Infinity as float64', async () => {
    expect(await infer('a\n1.5\nNaN\n-Infinity\n')).to.deep.equal(['a:float64']);
  });

  it('gives all utf8 without inferSchema, and _cN names without a header', async () => {
    expect(await infer('a,b\n1,2\n', { inferSchema: false })).to.deep.equal(['a:utf8', 'b:utf8']);
    expect(await infer('1,2\n3,4\n', {}, false)).to.deep.equal(['_c0:int32', '_c1:int32']);
    expect(await infer('a,,a\n1,2,3\n')).to.deep.equal(['a0:int32', '_c1:int32', 'a2:int32']);
  });

  it('samples only sampleRows rows', async () => {
    expect(await infer('a\n1\n2\nx\n', { sampleRows: 2 })).to.deep.equal(['a:int32']);
  });

  it('reports a malformed row met while inferring', async () => {
    const e = await rejection(infer('a,b\n1,2\n3\n'));
    expect(e).to.be.instanceOf(DataError);
    expect(e.message).to.match(/line 3: expected 2 fields, found 1$/);
  });
});
