/**
 * Strings order by their UTF-8 bytes everywhere (Spark's order), not by UTF-16 code units: an
 * emoji (a surrogate pair) sorts after U+E000..U+FFFF such as 'ｱ' (U+FF71). Seeded random
 * strings of non-ASCII, astral and U+E000..U+FFFF characters, empty strings and nulls, through
 * orderBy (a range-partitioned global sort, asc and desc), top-k, comparisons (columns and
 * literals, folded literals too), between, greatest/least, min/max, window order (rank, running
 * aggregates, window min/max) and the window group limit, against a plain-JS reference that
 * compares bytes (Buffer.compare), and against DuckDB for orderBy, min/max and rank.
 */
import { expect } from 'chai';
import { DuckDBInstance } from '@duckdb/node-api';
import { Session } from '../../dsl/session.js';
import type { Dataset } from '../../dsl/dataset.js';
import { Window } from '../../dsl/window.js';
import { col, desc, greatest, least, lit, max, min, rank, rowNumber, sum } from '../../dsl/functions.js';
import { cmpUtf8, expectSameRows, groupRows, prng, type R } from './helpers.js';

/** Characters whose UTF-16 and UTF-8 orders disagree, with ASCII, Latin and CJK neighbours. */
const POOL = ['a', 'z', 'é', '中', 'ｱ', '\uE000', '\uF8FF', '\uFFFD', '\uFFFF', '😀', '𝄞', '\u{10FFFF}', '\u{10000}'];

function randomString(r: () => number): string {
  const len = Math.floor(r() * 4); // 0..3 characters: empty strings and shared prefixes
  let s = '';
  for (let i = 0; i < len; i++) {
    const u = r();
    if (u < 0.6) s += POOL[Math.floor(r() * POOL.length)]!;
    else if (u < 0.8) s += String.fromCodePoint(0xe000 + Math.floor(r() * 0x2000)); // private use .. specials
    else s += String.fromCodePoint(0x10000 + Math.floor(r() * 0x100000)); // astral: surrogate pairs
  }
  return s;
}

function makeRows(n: number, seed: number): R[] {
  const r = prng(seed);
  const maybe = (): string | null => (r() < 0.15 ? null : randomString(r));
  const rows: R[] = [];
  for (let id = 0; id < n; id++) {
    rows.push({ id, g: r() < 0.05 ? null : Math.floor(r() * 6), s: maybe(), t: maybe(), v: r() < 0.1 ? null : Math.floor(r() * 100) });
  }
  rows[0] = { id: 0, g: 0, s: 'ｱ', t: '😀', v: 1 }; // non-null first row: a stable inferred schema
  return rows;
}

type S = string | null;

/** Spark's order of nullable strings: asc nulls first, desc nulls last. */
function cmpNullable(a: S, b: S, asc = true): number {
  if (a === null || b === null) return a === b ? 0 : (a === null) === asc ? -1 : 1;
  return asc ? cmpUtf8(a, b) : -cmpUtf8(a, b);
}

/** Three-valued comparison: null when either side is null. */
function rel(a: S, b: S, holds: (c: number) => boolean): boolean | null {
  return a === null || b === null ? null : holds(cmpUtf8(a, b));
}

function pick(vals: S[], better: (c: number) => boolean): S {
  let best: S = null;
  for (const v of vals) if (v !== null && (best === null || better(cmpUtf8(v, best)))) best = v;
  return best;
}

const LITERALS = ['ｱ', '\uE000', '😀', 'é', ''];

describe('dsl string order (UTF-8 bytes) end to end', function () {
  this.timeout(120000);
  let session: Session;
  const rows = makeRows(700, 2026);
  const ds = (): Dataset => session.fromRows(rows, { partitions: 4 });
  const str = (r: R, c: string): S => (r[c] ?? null) as S;

  before(async () => {
    session = await Session.local({ executors: 2, conf: { batchSize: 16, shufflePartitions: 4 } });
  });
  after(async () => {
    await session.stop();
  });

  it('the data holds the cases where the two orders disagree', () => {
    const strings = rows.flatMap((r) => [str(r, 's'), str(r, 't')]).filter((x): x is string => x !== null);
    const disagree = strings.filter((a, i) => i < 200 && strings.some((b) => (a < b) !== (cmpUtf8(a, b) < 0) && a !== b));
    expect(disagree.length).to.be.greaterThan(20);
    expect(strings).to.include('');
  });

  it('orderBy asc and desc over a range-partitioned global sort', async () => {
    const ids = (rs: readonly R[]): unknown[] => rs.map((r) => r.id);
    const asc = rows.slice().sort((a, b) => cmpNullable(str(a, 's'), str(b, 's')) || (a.id as number) - (b.id as number));
    expect(ids(await ds().orderBy('s', 'id').select('id').collect())).to.deep.equal(ids(asc));
    const dsc = rows.slice().sort((a, b) => cmpNullable(str(a, 's'), str(b, 's'), false) || (b.id as number) - (a.id as number));
    expect(ids(await ds().orderBy(desc('s'), desc('id')).select('id').collect())).to.deep.equal(ids(dsc));
  });

  it('top-k (orderBy then limit), asc and desc', async () => {
    const asc = rows.slice().sort((a, b) => cmpNullable(str(a, 't'), str(b, 't')) || (a.id as number) - (b.id as number)).slice(0, 25);
    expect(await ds().orderBy('t', 'id').limit(25).select('id', 't').collect()).to.deep.equal(asc.map((r) => ({ id: r.id, t: r.t })));
    const dsc = rows.slice().sort((a, b) => cmpNullable(str(a, 't'), str(b, 't'), false) || (a.id as number) - (b.id as number)).slice(0, 25);
    expect(await ds().orderBy(desc('t'), 'id').limit(25).select('id', 't').collect()).to.deep.equal(dsc.map((r) => ({ id: r.id, t: r.t })));
  });

  it('lt, lte, gt, gte between columns and against literals on either side; between; greatest and least', async () => {
    const cols = [
      col('s').lt(col('t')).as('lt'), col('s').lte(col('t')).as('lte'), col('s').gt(col('t')).as('gt'), col('s').gte(col('t')).as('gte'),
      col('s').between(lit('\uE000'), lit('😀')).as('btw'), col('s').between(col('t'), lit('\u{10000}')).as('btw2'),
      greatest(col('s'), col('t')).as('gr'), least(col('s'), col('t')).as('le'),
      ...LITERALS.flatMap((l, i) => [col('s').lt(l).as(`sl${i}`), col('s').gte(l).as(`sge${i}`), lit(l).lt(col('s')).as(`ls${i}`)]),
    ];
    const out = await ds().select('id', ...cols).collect();
    const expected = rows.map((r) => {
      const s = str(r, 's');
      const t = str(r, 't');
      const e: R = {
        id: r.id, lt: rel(s, t, (c) => c < 0), lte: rel(s, t, (c) => c <= 0), gt: rel(s, t, (c) => c > 0), gte: rel(s, t, (c) => c >= 0),
        btw: s === null ? null : cmpUtf8(s, '\uE000') >= 0 && cmpUtf8(s, '😀') <= 0,
        btw2: s === null ? null : cmpUtf8(s, '\u{10000}') > 0 ? false : t === null ? null : cmpUtf8(s, t) >= 0,
        gr: pick([s, t], (c) => c > 0), le: pick([s, t], (c) => c < 0),
      };
      LITERALS.forEach((l, i) => {
        e[`sl${i}`] = rel(s, l, (c) => c < 0);
        e[`sge${i}`] = rel(s, l, (c) => c >= 0);
        e[`ls${i}`] = rel(l, s, (c) => c < 0);
      });
      return e;
    });
    expectSameRows(out, expected);
  });

  it('comparisons of two literals (folded by the planner)', async () => {
    const pairs: [string, string][] = [['😀', 'ｱ'], ['\uE000', '\u{10000}'], ['\uFFFF', '\u{10000}'], ['a😀', 'aｱ'], ['', '😀']];
    const out = await session.fromRows([{ x: 1 }]).select(...pairs.map(([a, b], i) => lit(a).lt(lit(b)).as(`c${i}`)), greatest(lit('😀'), lit('ｱ')).as('g')).collect();
    const want: R = { g: '😀' };
    pairs.forEach(([a, b], i) => (want[`c${i}`] = cmpUtf8(a, b) < 0));
    expect(out).to.deep.equal([want]);
  });

  it('min and max, grouped and global', async () => {
    const grouped = await ds().groupBy('g').agg(min('s').as('mn'), max('s').as('mx'), min('t').as('mt'), max('t').as('xt')).collect();
    expectSameRows(grouped, groupRows(rows, ['g']).map(({ key, rows: rs }) => ({
      g: key.g,
      mn: pick(rs.map((r) => str(r, 's')), (c) => c < 0), mx: pick(rs.map((r) => str(r, 's')), (c) => c > 0),
      mt: pick(rs.map((r) => str(r, 't')), (c) => c < 0), xt: pick(rs.map((r) => str(r, 't')), (c) => c > 0),
    })));
    const global = await ds().agg(min('s').as('mn'), max('s').as('mx')).collect();
    expect(global).to.deep.equal([{ mn: pick(rows.map((r) => str(r, 's')), (c) => c < 0), mx: pick(rows.map((r) => str(r, 's')), (c) => c > 0) }]);
  });

  it('window order: rank, running sum, running min/max, and min/max over the whole partition', async () => {
    const w = Window.partitionBy('g').orderBy('s');
    const out = await ds().select('id', rank().over(w).as('rk'), sum('v').over(w).as('rs'), max('t').over(w).as('rmx'), min('t').over(w).as('rmn'),
      max('s').over(Window.partitionBy('g')).as('pmx'), min('s').over(Window.partitionBy('g')).as('pmn')).collect();
    const expected: R[] = [];
    for (const { rows: rs } of groupRows(rows, ['g'])) {
      for (const r of rs) {
        const s = str(r, 's');
        // Spark's default frame with an ordering: the partition's start through the current row's peers.
        const frame = rs.filter((o) => cmpNullable(str(o, 's'), s) <= 0);
        const vs = frame.map((o) => o.v).filter((v): v is number => v !== null);
        expected.push({
          id: r.id,
          rk: 1 + rs.filter((o) => cmpNullable(str(o, 's'), s) < 0).length,
          rs: vs.length === 0 ? null : vs.reduce((a, b) => a + b, 0),
          rmx: pick(frame.map((o) => str(o, 't')), (c) => c > 0), rmn: pick(frame.map((o) => str(o, 't')), (c) => c < 0),
          pmx: pick(rs.map((o) => str(o, 's')), (c) => c > 0), pmn: pick(rs.map((o) => str(o, 's')), (c) => c < 0),
        });
      }
    }
    expectSameRows(out, expected);
  });

  it('window group limit: rank() <= 3 by s desc, rowNumber() <= 2 by (t, id)', async () => {
    const byS = Window.partitionBy('g').orderBy(col('s').desc());
    const rk = await ds().withColumn('rk', rank().over(byS)).filter(col('rk').lte(3)).select('id', 'rk').collect();
    const byT = Window.partitionBy('g').orderBy('t', 'id');
    const rn = await ds().withColumn('rn', rowNumber().over(byT)).filter(col('rn').lte(2)).select('id', 'rn').collect();
    const wantRk: R[] = [];
    const wantRn: R[] = [];
    for (const { rows: rs } of groupRows(rows, ['g'])) {
      for (const r of rs) {
        const k = 1 + rs.filter((o) => cmpNullable(str(o, 's'), str(r, 's'), false) < 0).length;
        if (k <= 3) wantRk.push({ id: r.id, rk: k });
      }
      const sorted = rs.slice().sort((a, b) => cmpNullable(str(a, 't'), str(b, 't')) || (a.id as number) - (b.id as number));
      sorted.slice(0, 2).forEach((r, i) => wantRn.push({ id: r.id, rn: i + 1 }));
    }
    expectSameRows(rk, wantRk);
    expectSameRows(rn, wantRn);
  });

  it('orderBy, min/max and rank agree with DuckDB', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const duck = await db.connect();
    try {
      const q = (x: unknown): string => (x === null ? 'NULL' : typeof x === 'string' ? `'${x.replace(/'/g, "''")}'` : String(x));
      await duck.run('CREATE TABLE x (id INTEGER, g INTEGER, s VARCHAR, t VARCHAR, v INTEGER)');
      await duck.run(`INSERT INTO x VALUES ${rows.map((r) => `(${[r.id, r.g, r.s, r.t, r.v].map(q).join(', ')})`).join(', ')}`);
      const read = async (sql: string): Promise<unknown[][]> => (await duck.runAndReadAll(sql)).getRows().map((row) => row.map((c) => (typeof c === 'bigint' ? Number(c) : c)));

      const order = await read('SELECT id FROM x ORDER BY s DESC NULLS LAST, id');
      expect((await ds().orderBy(desc('s'), 'id').select('id').collect()).map((r) => [r.id])).to.deep.equal(order);

      const mm = await read('SELECT g, min(s), max(s), min(t), max(t) FROM x GROUP BY g');
      const ours = await ds().groupBy('g').agg(min('s').as('a'), max('s').as('b'), min('t').as('c'), max('t').as('d')).collect();
      expectSameRows(ours, mm.map(([g, a, b, c, d]) => ({ g, a, b, c, d })));

      const rk = await read('SELECT id, rank() OVER (PARTITION BY g ORDER BY s NULLS FIRST) FROM x');
      const ourRk = await ds().select('id', rank().over(Window.partitionBy('g').orderBy('s')).as('rk')).collect();
      expectSameRows(ourRk, rk.map(([id, k]) => ({ id, rk: k })));
    } finally {
      duck.closeSync();
      db.closeSync();
    }
  });
});
