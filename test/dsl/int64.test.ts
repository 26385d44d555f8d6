/**
 * int64 end to end, exact: seeded random values near and beyond ±2^53 and at the ±2^63 edges
 * (with nulls and duplicates) through group by, join, sum, min/max, sort, distinct, cast,
 * arithmetic, CSV/Parquet files and Arrow, compared with plain JavaScript BigInt computation.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { Session } from '../../dsl/session.js';
import { col, count, lit, max, min, sum } from '../../dsl/functions.js';
import { DataError, TaskFailedError } from '../../engine/errors.js';
import { prng } from './helpers.js';

const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);
const S53 = 2n ** 53n;

/** A random int64 near ±2^53, at the ±2^63 edges, or small. */
function randomInt64(r: () => number): bigint {
  const off = BigInt(Math.floor(r() * 7) - 3);
  switch (Math.floor(r() * 6)) {
    case 0: return S53 + off;
    case 1: return -S53 + off;
    case 2: return r() < 0.5 ? MAX - BigInt(Math.floor(r() * 3)) : MIN + BigInt(Math.floor(r() * 3));
    case 3: return BigInt(Math.floor(r() * 2000) - 1000);
    case 4: return 2n ** 60n + off;
    default: return BigInt(Math.floor(r() * 2 ** 31)) * 2n ** 22n + off; // around ±2^53 spread
  }
}

/** Rows: k (int64 key, duplicates and nulls), v (int64 within ±2^55 so sums of 400 fit int64). */
function rows(n: number, seed: number): { k: bigint | null; v: bigint | null }[] {
  const r = prng(seed);
  const keys = Array.from({ length: 12 }, () => randomInt64(r));
  const out: { k: bigint | null; v: bigint | null }[] = [];
  for (let i = 0; i < n; i++) {
    const k = r() < 0.1 ? null : keys[Math.floor(r() * keys.length)]!;
    const v = r() < 0.1 ? null : (S53 * 3n + BigInt(Math.floor(r() * 1e6))) * (r() < 0.5 ? -1n : 1n) + (r() < 0.3 ? 0n : BigInt(Math.floor(r() * 100)));
    out.push({ k, v });
  }
  out[0] = { k: 5n, v: 7n };
  return out;
}

const str = (x: unknown): string => (x === null || x === undefined ? 'null' : String(x));
const sortKey = (o: Record<string, unknown>): string => JSON.stringify(Object.keys(o).sort().map((k) => [k, str(o[k])]));
const sameRows = (a: Record<string, unknown>[], b: Record<string, unknown>[]): void => {
  expect(a.map(sortKey).sort()).to.deep.equal(b.map(sortKey).sort());
};
const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

describe('dsl int64 exact end to end', () => {
  let session: Session;
  let plain: Session;
  const data = rows(400, 64);
  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 3, bigint: true } });
    plain = await Session.local({ executors: 1, conf: { shufflePartitions: 2 } });
  });
  after(async () => {
    await session.stop();
    await plain.stop();
  });
  const ds = () => session.fromRows(data, { partitions: 4 });

  it('group by an int64 key: sum (past 2^53), min, max, count exact', async () => {
    const got = await ds().groupBy('k').agg(sum('v').as('s'), min('v').as('lo'), max('v').as('hi'), count('v').as('n')).collect();
    const ref = new Map<string, { k: bigint | null; s: bigint | null; lo: bigint | null; hi: bigint | null; n: bigint }>();
    for (const { k, v } of data) {
      const g = ref.get(str(k)) ?? { k, s: null, lo: null, hi: null, n: 0n };
      if (v !== null) {
        g.s = (g.s ?? 0n) + v;
        g.lo = g.lo === null || v < g.lo ? v : g.lo;
        g.hi = g.hi === null || v > g.hi ? v : g.hi;
        g.n++;
      }
      ref.set(str(k), g);
    }
    sameRows(got as Record<string, unknown>[], [...ref.values()]);
    // sums of safe values past 2^53: the total of all the small ones and of everything
    const all = await session.fromRows(data.map((d) => ({ v: d.v === null ? null : d.v % 4_000_000_000_000_000n })), { partitions: 3 }).agg(sum('v').as('s')).collect();
    expect(all[0]!.s).to.equal(data.reduce((a, d) => a + (d.v === null ? 0n : d.v % 4_000_000_000_000_000n), 0n));
  });

  it('join on an int64 key matches exactly (2^53 and 2^53 + 1 are different keys)', async () => {
    const right = [...new Set(data.map((d) => d.k).filter((k): k is bigint => k !== null))].map((k, i) => ({ k2: k + (i % 3 === 0 ? 1n : 0n), tag: i }));
    const got = await ds().join(session.fromRows(right, { partitions: 2 }), col('k').eq(col('k2'))).select('k', 'v', 'tag').collect();
    const ref = data.flatMap((d) => right.filter((r) => d.k !== null && r.k2 === d.k).map((r) => ({ k: d.k, v: d.v, tag: BigInt(r.tag) })));
    sameRows(got as Record<string, unknown>[], ref.map((x) => ({ ...x, tag: Number(x.tag) })));
  });

  it('sort and distinct by exact value', async () => {
    const got = (await ds().select('k').distinct().orderBy(col('k').asc()).collect()).map((r) => r.k as bigint | null);
    const keys = [...new Set(data.map((d) => str(d.k)))].map((s) => (s === 'null' ? null : BigInt(s)));
    const nonNull = keys.filter((k): k is bigint => k !== null).sort(cmp);
    expect(got.map(str)).to.deep.equal([...(keys.includes(null) ? [null] : []), ...nonNull].map(str));
  });

  it('arithmetic and casts exact; overflow past int64 is a DataError naming the expression', async () => {
    const got = await ds().filter(col('v').isNotNull()).select(
      col('v'),
      col('v').plus(lit(2n ** 60n)).as('p'),
      col('v').minus(1).as('m'),
      col('v').cast('utf8').as('t'),
      col('v').cast('utf8').cast('int64').as('back'),
    ).collect();
    expect(got.length).to.be.greaterThan(300);
    for (const r of got) {
      const v = r.v as bigint;
      expect(r.p).to.equal(v + 2n ** 60n);
      expect(r.m).to.equal(v - 1n);
      expect(r.t).to.equal(v.toString());
      expect(r.back).to.equal(v);
    }
    const edge = await session.fromRows([{ x: '9223372036854775807' }, { x: '-9223372036854775808' }]).select(col('x').cast('int64').as('y')).collect();
    expect(edge.map((r) => r.y)).to.deep.equal([MAX, MIN]);
    let err: unknown;
    try {
      await session.fromRows([{ x: MAX }]).select(col('x').plus(1).as('y')).collect();
    } catch (e) {
      err = e;
    }
    // A data error inside a task reaches the user as the task's failure, with the engine's message.
    expect(err).to.be.instanceOf(TaskFailedError);
    expect((err as Error).message).to.match(/integer overflow in \(x \+ 1\).*does not fit int64/);
  });

  it('CSV and Parquet round trips keep every digit; a CSV integer past 2^53 infers as int64', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rondo-int64-'));
    try {
      for (const format of ['csv', 'parquet'] as const) {
        const target = path.join(dir, format);
        await ds().write[format](target);
        const back = await session.read[format](target);
        expect((await back.schema()).map((f) => f.type)).to.deep.equal(['int64', 'int64']);
        sameRows(await back.collect() as Record<string, unknown>[], data);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fromArrow and toArrow carry int64 bit-exact', async () => {
    const vals = data.map((d) => d.v ?? 0n);
    const t = tableFromArrays({ v: BigInt64Array.from(vals) });
    const back = await session.fromArrow(t).toArrow();
    expect(Array.from(back.getChild('v')!.toArray() as BigInt64Array)).to.deep.equal(vals);
  });

  it('without conf.bigint: numbers within ±2^53−1, else a DataError naming the column', async () => {
    expect(await plain.fromRows([{ a: 2n ** 53n - 1n }, { a: 3 }]).collect()).to.deep.equal([{ a: 2 ** 53 - 1 }, { a: 3 }]);
    let err: unknown;
    try {
      await plain.fromRows([{ big: 2n ** 53n + 1n }]).collect();
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(DataError);
    expect((err as Error).message).to.match(/big.*9007199254740993/);
    expect(await plain.fromRows([{ a: 2n ** 60n }]).select(col('a').minus(lit(2n ** 60n - 5n)).as('d')).collect()).to.deep.equal([{ d: 5 }]);
    // show() prints every digit, with or without conf.bigint
    expect(await plain.fromRows([{ a: 2n ** 60n + 1n }]).show(20, { print: false })).to.contain('1152921504606846977');
  });
});
