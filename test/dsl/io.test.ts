/** Reading and writing files end to end: every format, modes, partitionBy, CSV options. */
import { expect } from 'chai';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Session } from '../../dsl/session.js';
import { col } from '../../dsl/functions.js';
import { AnalysisError, SinkError, SourceError } from '../../engine/errors.js';
import { expectSameRows, type R } from './helpers.js';

describe('dsl read and write end to end', function () {
  let session: Session;
  let dir: string;
  const rows: R[] = Array.from({ length: 90 }, (_, i) => ({
    id: i,
    name: i % 9 === 0 ? null : `n${i % 13}`,
    score: i % 7 === 0 ? null : i * 1.25,
    big: i % 5 === 0 ? null : 5_000_000_000 + i,
    ok: i % 4 === 0 ? null : i % 3 === 0,
    day: ['mon', 'tue', 'wed'][i % 3],
  }));

  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 3 } });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rondo-dsl-io-'));
  });
  after(async () => {
    await session.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });
  const ds = () => session.fromRows(rows, { partitions: 3 });

  for (const format of ['csv', 'json', 'arrow', 'parquet'] as const) {
    it(`${format}: write, read back, and the modes error / overwrite / append`, async () => {
      const target = path.join(dir, `out-${format}`);
      const res = await ds().write[format](target);
      expect(res.rows).to.equal(rows.length);
      expect(res.files.length).to.be.greaterThan(0);
      const back = await session.read[format](target);
      expect(back.columns).to.deep.equal(['id', 'name', 'score', 'big', 'ok', 'day']);
      expectSameRows(await back.collect(), rows);

      let err: unknown;
      try {
        await ds().write[format](target);
      } catch (e) {
        err = e;
      }
      expect(err, 'mode error on an existing target').to.be.instanceOf(SinkError);
      expect(String((err as Error).message)).to.contain(target);

      await ds().filter(col('id').lt(10)).write[format](target, { mode: 'overwrite' });
      expectSameRows(await (await session.read[format](target)).collect(), rows.filter((r) => (r.id as number) < 10));

      await ds().filter(col('id').gte(80)).write.mode('append')[format](target);
      expectSameRows(await (await session.read[format](target)).collect(), rows.filter((r) => (r.id as number) < 10 || (r.id as number) >= 80));
    });
  }

  it('partitionBy writes col=value folders and reading back the folders gives the other columns', async () => {
    const target = path.join(dir, 'by-day');
    const res = await ds().write.parquet(target, { partitionBy: ['day'] });
    expect(res.rows).to.equal(rows.length);
    const entries = (await fs.readdir(target)).filter((e) => !e.startsWith('_')).sort();
    expect(entries).to.deep.equal(['day=mon', 'day=tue', 'day=wed']);
    const tue = await session.read.parquet(path.join(target, 'day=tue'));
    expect(tue.columns).to.deep.equal(['id', 'name', 'score', 'big', 'ok']);
    expectSameRows(await tue.collect(), rows.filter((r) => r.day === 'tue').map(({ day: _d, ...rest }) => rest));
  });

  it('CSV options: no header, delimiter, quotes, nullValue, explicit schema, no inference, globs and lists', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    await fs.writeFile(a, 'k;v;t\nx;1;"semi;colon"\ny;NA;"say ""hi"""\n');
    await fs.writeFile(b, 'k;v;t\nz;3;\n');
    const both = await session.read.csv([a, b], { delimiter: ';', nullValue: 'NA' });
    expect(await both.schema()).to.deep.equal([
      { name: 'k', type: 'utf8', nullable: true }, { name: 'v', type: 'int32', nullable: true }, { name: 't', type: 'utf8', nullable: true },
    ]);
    // With nullValue set to 'NA', an empty field is the empty string (API.md: "unless nullValue says otherwise").
    expectSameRows(await both.collect(), [{ k: 'x', v: 1, t: 'semi;colon' }, { k: 'y', v: null, t: 'say "hi"' }, { k: 'z', v: 3, t: '' }]);
    const glob = await session.read.csv(path.join(dir, '[ab].csv'), { delimiter: ';', nullValue: 'NA' });
    expect(await glob.count()).to.equal(3);
    const strings = await session.read.csv(a, { delimiter: ';', inferSchema: false });
    expect((await strings.schema()).map((f) => f.type)).to.deep.equal(['utf8', 'utf8', 'utf8']);
    const typed = await session.read.csv(a, { delimiter: ';', nullValue: 'NA', schema: { k: 'utf8', v: 'float64', t: 'utf8' } });
    expectSameRows(await typed.select('v').collect(), [{ v: 1 }, { v: null }]);
    const c = path.join(dir, 'c.txt');
    await fs.writeFile(c, '1,2\n3,4\n');
    const noHeader = await session.read.csv(c, { header: false });
    expect(noHeader.columns).to.deep.equal(['_c0', '_c1']);
    expectSameRows(await noHeader.collect(), [{ _c0: 1, _c1: 2 }, { _c0: 3, _c1: 4 }]);
  });

  it('JSON Lines read with inference', async () => {
    const f = path.join(dir, 'events.jsonl');
    await fs.writeFile(f, '{"a":1,"b":"x"}\n{"a":2.5,"b":null}\n{"b":"z"}\n');
    const d = await session.read.json(f);
    expect((await d.schema()).map((x) => [x.name, x.type])).to.deep.equal([['a', 'float64'], ['b', 'utf8']]);
    expectSameRows(await d.collect(), [{ a: 1, b: 'x' }, { a: 2.5, b: null }, { a: null, b: 'z' }]);
  });

  it('errors: missing file, malformed CSV row with file and line, bad write mode, unknown partition column', async () => {
    const missing = path.join(dir, 'nope', 'missing.csv');
    let err: unknown;
    try {
      await session.read.csv(missing);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(SourceError);
    expect((err as Error).message).to.contain(missing);

    const bad = path.join(dir, 'bad.csv');
    await fs.writeFile(bad, 'a,b\n1,2\n3,4\n5,6,7\n8,9\n');
    err = undefined;
    try {
      // Found while inferring the schema (read.csv), or else while reading (collect).
      await (await session.read.csv(bad)).collect();
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(Error);
    const text = `${(err as Error).message} ${String(((err as Error).cause as Error | undefined)?.message ?? '')}`;
    expect(text).to.contain(bad);
    expect(text).to.match(/line 4/);

    const unparsable = path.join(dir, 'unparsable.csv');
    await fs.writeFile(unparsable, 'a,b\n1,2\nx,4\n');
    err = undefined;
    try {
      // An explicit schema skips inference: the bad value is found by the task reading it.
      await (await session.read.csv(unparsable, { schema: { a: 'int32', b: 'int32' } })).collect();
    } catch (e) {
      err = e;
    }
    const text2 = `${(err as Error).message} ${String(((err as Error).cause as Error | undefined)?.message ?? '')}`;
    expect(text2).to.contain('line 3').and.to.contain('"x"');

    expect(() => ds().write.mode('sometimes' as 'error')).to.throw(AnalysisError, /unknown mode/);
    err = undefined;
    try {
      await ds().write.csv(path.join(dir, 'x'), { partitionBy: ['nope'] });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(AnalysisError);
    expect((err as Error).message).to.contain('"nope"').and.to.contain('id, name, score');
  });
});
