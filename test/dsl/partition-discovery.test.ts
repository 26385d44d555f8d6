/**
 * Partition folders end to end: write.partitionBy → read gives the columns back (every
 * format, one and two levels, int/float/date/string/null, special characters); mixed layouts
 * are an error; filters on partition columns skip whole files (explain shows it, and the
 * skipped files are corrupt, so reading one would fail).
 */
import { expect } from 'chai';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Session } from '../../dsl/session.js';
import { col, lit } from '../../dsl/functions.js';
import { SourceError } from '../../engine/errors.js';
import { expectSameRows, type R } from './helpers.js';

const STATUSES = ['ok', 'a/b', 'x=y', '100%', 'two words', 'ünï ✓', 'q?#*:"\'\\{[]^', '%2F'];

/** Plain-JS rows: data columns id, v; partition candidates status (utf8, null), n (int), f (float), d (date). */
function makeRows(): R[] {
  return Array.from({ length: 60 }, (_, i) => ({
    id: i,
    v: i % 7 === 0 ? null : i * 0.5,
    status: i % 11 === 0 ? null : STATUSES[i % STATUSES.length]!,
    n: i % 3 === 0 ? -5 : i % 3 === 1 ? 40000 : 7,
    f: [1.5, -0.25, 1e-3][i % 3]!,
    d: new Date(['2021-01-31', '1999-12-01'][i % 2]!),
  }));
}

describe('dsl partition discovery on read', function () {
  let session: Session;
  let dir: string;
  const rows = makeRows();

  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 2 } });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rondo-partdisc-'));
  });
  after(async () => {
    await session.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const ds = () => session.fromRows(rows, { partitions: 3, schema: { id: 'int32', v: 'float64', status: 'utf8', n: 'int32', f: 'float64', d: 'date' } });

  for (const format of ['csv', 'json', 'arrow', 'parquet'] as const) {
    for (const by of [['status'], ['n', 'd'], ['f', 'status']]) {
      it(`${format}: partitionBy [${by.join(', ')}] round-trips, partition columns last with Spark's types`, async () => {
        const target = path.join(dir, `${format}-${by.join('-')}`);
        await ds().write[format](target, { partitionBy: by });
        const back = session.read[format](target);
        const data = ['id', 'v', 'status', 'n', 'f', 'd'].filter((c) => !by.includes(c));
        const order = [...data, ...by];
        expect(back.columns).to.deep.equal(order);
        const types: Record<string, string> = { id: 'int32', v: 'float64', status: 'utf8', n: 'int32', f: 'float64', d: 'date' };
        expect((await back.schema()).map((f) => `${f.name}:${f.type}`)).to.deep.equal(order.map((c) => `${c}:${types[c]}`));
        expectSameRows(await back.collect(), rows, order);
      });
    }
  }

  it('int64 partition values, and int32 widening to float64 across folders', async () => {
    const target = path.join(dir, 'wide');
    const big = [{ k: 5_000_000_000, w: 1, x: 'a' }, { k: 2, w: 2.5, x: 'b' }, { k: null, w: 3, x: 'c' }];
    await session.fromRows(big, { schema: { k: 'int64', w: 'float64', x: 'utf8' } }).write.parquet(target, { partitionBy: ['k', 'w'] });
    const back = session.read.parquet(target);
    expect((await back.schema()).map((f) => `${f.name}:${f.type}`)).to.deep.equal(['x:utf8', 'k:int64', 'w:float64']);
    expectSameRows(await back.collect(), big);
  });

  it('a single partition folder has no partition column, unless basePath names the table folder', async () => {
    const target = path.join(dir, 'base');
    await ds().write.json(target, { partitionBy: ['n'] });
    const one = session.read.json(path.join(target, 'n=7'));
    expect(one.columns).to.not.include('n');
    const withBase = session.read.json(path.join(target, 'n=7'), { basePath: target });
    expect(withBase.columns.at(-1)).to.equal('n');
    expectSameRows(await withBase.select('id', 'n').collect(), rows.filter((r) => r.n === 7).map((r) => ({ id: r.id, n: 7 })));
    expect(() => session.read.json(path.join(target, 'n=7'), { basePath: path.join(dir, 'elsewhere') })).to.throw(SourceError, /does not hold the input file/);
  });

  it('a folder mixing partitioned and unpartitioned files is a SourceError naming both layouts', async () => {
    const target = path.join(dir, 'mixed');
    await fs.mkdir(path.join(target, 'k=1'), { recursive: true });
    await fs.writeFile(path.join(target, 'k=1', 'a.csv'), 'x\n1\n');
    await fs.writeFile(path.join(target, 'b.csv'), 'x\n2\n');
    expect(() => session.read.csv(target)).to.throw(SourceError, /b\.csv has no partition folders but .*k=1\/a\.csv has partition folders k=/);
    await fs.mkdir(path.join(target, 'j=1'), { recursive: true });
    await fs.rename(path.join(target, 'b.csv'), path.join(target, 'j=1', 'b.csv'));
    expect(() => session.read.csv(target)).to.throw(SourceError, /mix of partition layouts/);
  });

  for (const format of ['csv', 'parquet'] as const) {
    it(`${format}: a filter on a partition column skips whole files (explain shows it; skipped files are corrupt)`, async () => {
      const target = path.join(dir, `prune-${format}`);
      await ds().write[format](target, { partitionBy: ['status', 'n'] });
      // The Datasets are made (schemas read) first; then every file that a filter on
      // status = 'ok' and n > 0 must not open is corrupted.
      const table = session.read[format](target);
      const q = table.filter(col('status').eq(lit('ok')).and(col('n').gt(0))).select('id', 'v');
      const all = await fs.readdir(target, { recursive: true });
      let corrupted = 0, kept = 0;
      for (const rel of all.map(String)) {
        if (!rel.endsWith(`.${format}`)) continue;
        if (rel.startsWith('status=ok') && !rel.includes('n=-5')) { kept++; continue; }
        await fs.writeFile(path.join(target, rel), format === 'csv' ? 'id,v\n"unterminated\n' : 'not parquet at all');
        corrupted++;
      }
      expect(corrupted).to.be.greaterThan(5);
      const plan = await q.explain();
      expect(kept).to.be.greaterThan(0);
      expect(plan).to.contain(`files=${kept}/${kept + corrupted}`);
      expect(plan).to.match(/partitionFilters=\[[^\]]*status = 'ok'/);
      expect(plan).to.match(/partitionFilters=\[[^\]]*n > 0/);
      expectSameRows(await q.collect(), rows.filter((r) => r.status === 'ok' && (r.n as number) > 0).map((r) => ({ id: r.id, v: r.v })));
      const nothing = table.filter(col('status').eq(lit('no such status')));
      expect(await nothing.explain()).to.contain(`files=0/${kept + corrupted}`);
      expect(await nothing.collect()).to.deep.equal([]);
      // Without the filter the corrupt files are read, and fail: the pruning above is what avoided them.
      let err: unknown;
      try {
        await table.count();
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(Error);
    });
  }

  it('gzip CSV and JSON Lines files in partition folders read through session.read', async () => {
    const target = path.join(dir, 'gz');
    const expected: R[] = [];
    for (const day of ['2024-01-01', '2024-01-02']) {
      await fs.mkdir(path.join(target, `day=${day}`), { recursive: true });
      const part = Array.from({ length: 50 }, (_, k) => ({ k, s: k % 4 === 0 ? null : `s${k}` }));
      await fs.writeFile(path.join(target, `day=${day}`, 'a.csv.gz'), gzipSync('k,s\r\n' + part.map((r) => `${r.k},${r.s ?? ''}`).join('\r\n')));
      await fs.writeFile(path.join(target, `day=${day}`, 'a.jsonl.gz'), gzipSync(part.map((r) => JSON.stringify(r)).join('\n')));
      expected.push(...part.map((r) => ({ ...r, day: new Date(day) })));
    }
    const csv = session.read.csv(path.join(target, '**', '*.csv.gz'), { basePath: target });
    expect((await csv.schema()).map((f) => `${f.name}:${f.type}`)).to.deep.equal(['k:int32', 's:utf8', 'day:date']);
    expectSameRows(await csv.collect(), expected);
    const json = session.read.json(path.join(target, '**', '*.jsonl.gz'), { basePath: target });
    expectSameRows(await json.collect(), expected);
    expect(() => session.read.csv('https://example.com/x.csv')).to.throw(SourceError, /https:\/\/example\.com\/x\.csv.*local files/);
  });

  it('a query not reading a partition column reads it not at all; count over partition columns only', async () => {
    const target = path.join(dir, 'proj');
    await ds().write.arrow(target, { partitionBy: ['status'] });
    const q = session.read.arrow(target).select('id');
    expect(await q.explain()).to.match(/projection=\[id\]/);
    expectSameRows(await q.collect(), rows.map((r) => ({ id: r.id })));
    const byStatus = await session.read.arrow(target).groupBy('status').count().collect();
    const expected = new Map<unknown, number>();
    for (const r of rows) expected.set(r.status, (expected.get(r.status) ?? 0) + 1);
    expectSameRows(byStatus, [...expected].map(([status, count]) => ({ status, count })));
  });
});
