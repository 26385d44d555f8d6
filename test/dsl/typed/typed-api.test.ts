/**
 * Every typed call of API.md end to end on real executor processes, against a plain-JS
 * reference over the same rows (Array.prototype.map/filter/flatMap/reduce, a Map for groupBy).
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Session } from '../../../dsl/session.js';
import { col } from '../../../dsl/functions.js';
import { expectSameRows, randomRows, type R } from '../helpers.js';

/** The rows of helpers.randomRows, typed. */
interface Rw { id: number; k: string | null; g: number | null; v: number | null; x: number | null; s: string | null }

/** Exact comparison ignoring order (no float rounding). */
function sameExactly(actual: readonly unknown[], expected: readonly unknown[]): void {
  const key = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x instanceof Date ? `D:${x.toISOString()}` : x));
  expect(actual.map(key).sort()).to.deep.equal(expected.map(key).sort());
}

describe('typed API (row functions) end to end', function () {
  let session: Session;
  const rows = randomRows(600, 4242) as unknown as Rw[];
  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 3 } });
  });
  after(async () => {
    await session.stop();
  });
  const ds = () => session.fromRows(rows as unknown as R[], { partitions: 3 }).as<Rw>();

  it('map to objects (compiled) and to bare values; the row type flows', async () => {
    const m = ds().map((r) => ({ id: r.id, w: (r.v ?? 0) * 2 }));
    sameExactly(await m.collect(), rows.map((r) => ({ id: r.id, w: (r.v ?? 0) * 2 })));
    const ids: number[] = await ds().map((r) => r.id * 10).collect();
    sameExactly(ids, rows.map((r) => r.id * 10));
    const names: (string | null)[] = await ds().map((r) => r.s).collect();
    sameExactly(names, rows.map((r) => r.s));
  });

  it('map that runs row by row infers its schema from a sample (pass-through ints keep their type)', async () => {
    const m = ds().map((r) => ({ id: r.id, tag: String(r.id).padStart(4, '0'), half: r.id / 2, up: r.k === null ? null : r.k.toUpperCase() }));
    sameExactly(await m.collect(), rows.map((r) => ({ id: r.id, tag: String(r.id).padStart(4, '0'), half: r.id / 2, up: r.k === null ? null : r.k.toUpperCase() })));
    expect((await m.schema()).map((f) => `${f.name}:${f.type}`)).to.deep.equal(['id:int32', 'tag:utf8', 'half:float64', 'up:utf8']);
    // Column API after an inferred schema: names resolved at the action.
    const out = await m.filter(col('half').gt(100)).select('id', 'tag').orderBy('id').collect();
    expect(out).to.deep.equal(rows.filter((r) => r.id / 2 > 100).map((r) => ({ id: r.id, tag: String(r.id).padStart(4, '0') })));
    const wc = await m.withColumn('twice', col('half').mul(2)).select('id', 'twice').collect();
    sameExactly(wc, rows.map((r) => ({ id: r.id, twice: r.id })));
  });

  it('map of a map, and a map over bare values', async () => {
    const twice = ds().map((r) => ({ id: r.id, s: r.s === null ? '' : r.s.repeat(2) })).map((r) => `${r.id}:${r.s.length}`);
    sameExactly(await twice.collect(), rows.map((r) => `${r.id}:${r.s === null ? 0 : r.s.length * 2}`));
    const vals = ds().map((r) => r.x).map((x) => (x === null ? -1 : Math.round(x)));
    sameExactly(await vals.collect(), rows.map((r) => (r.x === null ? -1 : Math.round(r.x))));
  });

  it('flatMap', async () => {
    const f = ds().flatMap((r) => (r.s === null ? [] : [{ id: r.id, c: r.s }, { id: r.id, c: `${r.s}!` }]));
    sameExactly(await f.collect(), rows.flatMap((r) => (r.s === null ? [] : [{ id: r.id, c: r.s }, { id: r.id, c: `${r.s}!` }])));
    const words = session.fromRows([{ t: 'a b c' }, { t: 'b c' }, { t: '' }]).as<{ t: string }>().flatMap((r) => r.t.split(' ').filter((w) => w !== ''));
    sameExactly(await words.collect(), ['a', 'b', 'c', 'b', 'c']);
  });

  it('filter with a function, compiled or not, with captures; where is the same', async () => {
    sameExactly(await ds().filter((r) => r.v !== null && r.v > 5).collect(), rows.filter((r) => r.v !== null && r.v > 5));
    sameExactly(await ds().filter((r) => /7/.test(String(r.id))).collect(), rows.filter((r) => /7/.test(String(r.id))));
    const lo = 3;
    sameExactly(await ds().where((r) => r.g !== null && r.g >= lo, { lo }).collect(), rows.filter((r) => r.g !== null && r.g >= 3));
    // A function filter composes with a column filter and typed maps.
    const out = await ds().filter(col('k').isNotNull()).filter((r) => r.k!.length > 1).map((r) => r.id).collect();
    sameExactly(out, rows.filter((r) => r.k !== null && r.k.length > 1).map((r) => r.id));
  });

  it('mapPartitions with a generator sees every row once', async () => {
    const parts = await ds().mapPartitions(function* (rs) {
      let n = 0;
      let s = 0;
      for (const r of rs) { n++; s += r.id; }
      yield { n, s };
    }).collect();
    expect(parts.length).to.equal(3);
    expect(parts.reduce((a, p) => a + p.n, 0)).to.equal(rows.length);
    expect(parts.reduce((a, p) => a + p.s, 0)).to.equal(rows.reduce((a, r) => a + r.id, 0));
    const doubled = await ds().mapPartitions((rs) => [...rs].map((r) => ({ id: r.id * 2 }))).collect();
    sameExactly(doubled, rows.map((r) => ({ id: r.id * 2 })));
  });

  it('reduce (action) over rows and over bare values; reduce of nothing is an error', async () => {
    const top = await ds().reduce((a, b) => ((a.v ?? -999) > (b.v ?? -999) || ((a.v ?? -999) === (b.v ?? -999) && a.id < b.id) ? a : b));
    const ref = rows.reduce((a, b) => ((a.v ?? -999) > (b.v ?? -999) || ((a.v ?? -999) === (b.v ?? -999) && a.id < b.id) ? a : b));
    expect(top).to.deep.equal(ref);
    expect(await ds().map((r) => r.id).reduce((a, b) => a + b)).to.equal(rows.reduce((a, r) => a + r.id, 0));
    let err: unknown;
    try { await ds().filter((r) => r.id < 0).reduce((a) => a); } catch (e) { err = e; }
    expect((err as Error)?.name).to.equal('DataError');
  });

  it('foreach runs on the executors over every row', async () => {
    await ds().foreach((r) => { if (typeof r.id !== 'number') throw new Error('bad row'); });
    let err: unknown;
    try { await ds().foreach((r) => { if (r.id === 321) throw new Error('saw 321'); }); } catch (e) { err = e; }
    expect((err as Error).message).to.include('saw 321');
  });

  it('groupBy(fn): reduce, mapGroups and collect against a Map', async () => {
    const byK = new Map<string | null, Rw[]>();
    for (const r of rows) byK.set(r.k, [...(byK.get(r.k) ?? []), r]);
    const red = await ds().groupBy((r) => r.k).reduce((a, b) => (a.id > b.id ? a : b)).collect();
    sameExactly(red, [...byK.values()].map((g) => g.reduce((a, b) => (a.id > b.id ? a : b))));
    const mg = await ds().groupBy((r) => r.k).mapGroups((k, rs) => ({ k, n: rs.length, sv: rs.reduce((s, r) => s + (r.v ?? 0), 0) })).collect();
    sameExactly(mg, [...byK].map(([k, g]) => ({ k, n: g.length, sv: g.reduce((s, r) => s + (r.v ?? 0), 0) })));
    const groups = await ds().groupBy((r) => r.k).collect();
    expect(groups.length).to.equal(byK.size);
    for (const g of groups) sameExactly(g.rows, byK.get(g.key)!);
  });

  it('groupBy(columns) has reduce, mapGroups and collect too (API.md GroupedDataset)', async () => {
    const byK = new Map<string | null, Rw[]>();
    for (const r of rows) byK.set(r.k, [...(byK.get(r.k) ?? []), r]);
    const red = await ds().groupBy('k').reduce((a, b) => ((a.id as number) < (b.id as number) ? a : b)).collect();
    sameExactly(red, [...byK.values()].map((g) => g[0]));
    const mg = await ds().groupBy('k').mapGroups((k: string | null, rs) => ({ k, n: rs.length })).collect();
    sameExactly(mg, [...byK].map(([k, g]) => ({ k, n: g.length })));
    const two = await ds().groupBy('k', 'g').collect();
    const ref = new Map<string, number>();
    for (const r of rows) ref.set(JSON.stringify({ k: r.k, g: r.g }), (ref.get(JSON.stringify({ k: r.k, g: r.g })) ?? 0) + 1);
    expect(new Map(two.map((t) => [JSON.stringify(t.key), t.rows.length]))).to.deep.equal(ref);
    expect(two.every((t) => t.rows.every((r) => r.k === t.key.k && r.g === t.key.g && Object.keys(r).length === 6))).to.equal(true);
  });

  it('groupBy with a key that runs row by row: compound keys compare by value', async () => {
    const key = (r: Rw) => ({ k: r.k, even: r.id % 2 === 0 });
    const ref = new Map<string, { key: { k: string | null; even: boolean }; n: number }>();
    for (const r of rows) {
      const kk = key(r);
      const s = JSON.stringify(kk);
      ref.set(s, { key: kk, n: (ref.get(s)?.n ?? 0) + 1 });
    }
    const out = await ds().groupBy((r) => ({ k: r.k, even: r.id % 2 === 0 })).mapGroups((k, rs) => ({ k: k.k, even: k.even, n: rs.length })).collect();
    sameExactly(out, [...ref.values()].map((g) => ({ k: g.key.k, even: g.key.even, n: g.n })));
    const sums = await ds().map((r) => r.id).groupBy((id) => id % 3).reduce((a, b) => a + b).collect();
    sameExactly(sums, [0, 1, 2].map((m) => rows.filter((r) => r.id % 3 === m).reduce((a, r) => a + r.id, 0)));
  });

  it('a Dataset whose schema is inferred composes with the column API: join, union, agg, cache, write', async () => {
    const tagged = ds().map((r) => ({ id: r.id, tag: `t${String(r.id % 4).padStart(2, '0')}` }));
    const joined = await tagged.join(ds().select('id', 'v'), 'id').filter(col('tag').eq('t01')).collect();
    sameExactly(joined, rows.filter((r) => r.id % 4 === 1).map((r) => ({ id: r.id, tag: 't01', v: r.v })));
    const both = await tagged.union(tagged).count();
    expect(both).to.equal(rows.length * 2);
    const perTag = await tagged.groupBy('tag').count().collect();
    sameExactly(perTag, [0, 1, 2, 3].map((m) => ({ tag: `t0${m}`, count: rows.filter((r) => r.id % 4 === m).length })));
    const cached = ds().map((r) => ({ id: r.id, sq: String(r.id * r.id) })).cache();
    expect(await cached.count()).to.equal(rows.length);
    expect((await cached.filter(col('id').lt(3)).collect()).sort((a, b) => a.id - b.id)).to.deep.equal([{ id: 0, sq: '0' }, { id: 1, sq: '1' }, { id: 2, sq: '4' }]);
    await cached.unpersist();
    // A write is the first action of this one: its schema is inferred there.
    const dir = mkdtempSync(path.join(tmpdir(), 'rondo-typed-write-'));
    try {
      await ds().map((r) => ({ id: r.id, half: r.id / 2 })).write.json(path.join(dir, 'out'));
      const back = await session.read.json(path.join(dir, 'out')).collect();
      sameExactly(back, rows.map((r) => ({ id: r.id, half: r.id / 2 })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a compiled key that is a plain field (the same column twice in a batch)', async () => {
    const out = await ds().groupBy((r) => r.g).collect();
    const ref = new Map<number | null, number>();
    for (const r of rows) ref.set(r.g, (ref.get(r.g) ?? 0) + 1);
    expect(new Map(out.map((g) => [g.key, g.rows.length]))).to.deep.equal(ref);
    expect(out.every((g) => g.rows.every((r) => r.g === g.key && !('__key' in r)))).to.equal(true);
  });

  it('dates come in as Date and go out as timestamps', async () => {
    const d0 = Date.UTC(2024, 0, 1);
    const dated = session.fromRows(rows.slice(0, 50).map((r) => ({ id: r.id, at: new Date(d0 + r.id * 3_600_000) }))).as<{ id: number; at: Date }>();
    const out = await dated.map((r) => ({ id: r.id, at: r.at, next: new Date(r.at.getTime() + 86_400_000), h: r.at.getUTCHours() })).collect();
    sameExactly(out, rows.slice(0, 50).map((r) => {
      const at = new Date(d0 + r.id * 3_600_000);
      return { id: r.id, at, next: new Date(at.getTime() + 86_400_000), h: at.getUTCHours() };
    }));
    expect(out[0]!.next).to.be.instanceOf(Date);
  });

  it('select narrows, withColumn adds, collect gives the rows; take/first/count work on typed Datasets', async () => {
    const sel = await ds().select('id', 'k').orderBy('id').take(3);
    expect(sel).to.deep.equal(rows.slice(0, 3).map((r) => ({ id: r.id, k: r.k })));
    expect(await ds().map((r) => r.id).count()).to.equal(rows.length);
    const firstId = await ds().map((r) => ({ id: r.id })).orderBy('id').first();
    expect(firstId).to.deep.equal({ id: 0 });
    expectSameRows(await ds().withColumn('v2', col('v').mul(2)).select('id', 'v2').collect(), rows.map((r) => ({ id: r.id, v2: r.v === null ? null : r.v * 2 })));
  });
});
