import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, SourceError } from '../../../engine/errors.js';
import { inferJsonSchema, planSplits } from '../../../engine/io/index.js';
import { field, type Schema } from '../../../engine/types.js';
import { days, prng, readAll, rejection, tempDir } from './helpers.js';

describe('engine/io JSON Lines', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = tempDir()));
  after(() => cleanup());
  let n = 0;
  async function read(text: string, schema?: Schema, max = 1 << 20) {
    const path = join(dir, `j${n++}.json`);
    writeFileSync(path, text);
    const sch = schema ?? (await inferJsonSchema([path]));
    const splits = await planSplits('json', [path], { maxSplitBytes: max });
    return { schema: sch, rows: await readAll(splits, sch), path };
  }

  it('infers fields in order of appearance with the narrowest types', async () => {
    const { schema, rows } = await read([
      '{"a":1,"b":"x","c":1.5,"d":true,"e":"2020-01-01","f":"2020-01-01T00:00:00Z"}',
      '',
      '{"b":"y","a":3000000000,"g":null,"h":[1,2]}',
      '{"c":2,"a":null,"h":{"k":1}}',
    ].join('\n'));
    expect(schema.map((f) => `${f.name}:${f.type}`)).to.deep.equal(['a:int64', 'b:utf8', 'c:float64', 'd:bool', 'e:date', 'f:timestamp', 'g:utf8', 'h:utf8']);
    expect(rows).to.deep.equal([
      [1, 'x', 1.5, 1, days('2020-01-01'), Date.UTC(2020, 0, 1), null, null],
      [3000000000, 'y', null, null, null, null, null, '[1,2]'],
      [null, null, 2, null, null, null, null, '{"k":1}'],
    ]);
  });

  it('keeps every digit of integers past ±2^53 (int64 exactly, beyond int64 a double), in nested values too', async () => {
    const { schema, rows } = await read([
      '{"id": 1234567890123456789, "f": 0.12345678901234567891, "s": "12345678901234567891", "n": {"k": -9007199254740993}}',
      '{"id": -9223372036854775808, "f": 1e12345678901234567, "s": "x", "n": [9223372036854775807]}',
      '{"id": 9007199254740993, "f": 2, "s": null, "n": 1}',
      '{"id": 7, "f": 99999999999999999999, "s": "y", "n": "z"}',
    ].join('\n'));
    expect(schema.map((f) => `${f.name}:${f.type}`)).to.deep.equal(['id:int64', 'f:float64', 's:utf8', 'n:utf8']);
    // Reference: the digits as written (BigInt), doubles as JSON.parse reads them.
    expect(rows).to.deep.equal([
      [1234567890123456789n, 0.12345678901234567891, '12345678901234567891', '{"k":-9007199254740993}'],
      [-9223372036854775808n, Infinity, 'x', '[9223372036854775807]'],
      [9007199254740993n, 2, null, '1'],
      [7, 1e20, 'y', 'z'],
    ]);
  });

  it('widens mixed kinds to utf8', async () => {
    const { schema, rows } = await read('{"a":1}\n{"a":"x"}\n');
    expect(schema).to.deep.equal([field('a', 'utf8')]);
    expect(rows).to.deep.equal([['1'], ['x']]);
  });

  it('reports a line that is not valid JSON with file and line', async () => {
    const e = await rejection(read('{"a":1}\n\n{"a":2}\n{"a":\n', [field('a', 'int32')]));
    expect(e).to.be.instanceOf(DataError);
    expect(e.message).to.match(/^invalid JSON in .*j\d+\.json line 4: /);
    const e2 = await rejection(read('{"a":1}\n[1]\n', [field('a', 'int32')]));
    expect(e2.message).to.match(/line 2: expected an object/);
  });

  it('reports a value of the wrong type with file, line and field', async () => {
    const e = await rejection(read('{"a":1}\r\n{"a":"no"}\n', [field('a', 'int32')]));
    expect(e).to.be.instanceOf(DataError);
    expect(e.message).to.match(/^bad JSON value in .*\.json line 2, field "a" \(int32\): cannot convert "no"$/);
    const e2 = await rejection(read('{"a":1.5}\n', [field('a', 'int64')]));
    expect(e2.message).to.match(/line 1, field "a" \(int64\)/);
  });

  it('fails on a missing file with a SourceError', async () => {
    const e = await rejection(inferJsonSchema([join(dir, 'missing.json')]));
    expect(e).to.be.instanceOf(SourceError);
    expect(e.message).to.contain('missing.json');
  });

  it('splits a large file into byte ranges without losing or doubling a line, and reports lines from a mid-file split', async () => {
    const rnd = prng(3);
    const expected: unknown[][] = [];
    const lines: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const s = rnd() < 0.2 ? null : `s${Math.floor(rnd() * 100)}\n"`;
      expected.push([i, s]);
      lines.push(JSON.stringify({ i, s }));
    }
    const schema = [field('i', 'int32'), field('s', 'utf8')];
    for (const max of [1 << 20, 5000, 333]) {
      const { rows } = await read(lines.join('\n') + '\n', schema, max);
      expect(rows).to.deep.equal(expected);
    }
    lines[15000] = '{"i": 15000, "s": nope}';
    const e = await rejection(read(lines.join('\n'), schema, 4000));
    expect(e.message).to.match(/line 15001: /);
  });
});
