/**
 * Joins of every type, on names and on conditions, against a nested-loop reference. Run by
 * two test files: one whose conf lets small sides be broadcast, one that forces shuffles.
 */
import { expect } from 'chai';
import { Session } from '../../dsl/session.js';
import { col } from '../../dsl/functions.js';
import type { SessionConf } from '../../driver/index.js';
import { expectSameRows, prng, refJoin, sqlEq, type R } from './helpers.js';

const HOWS = ['inner', 'left', 'right', 'full', 'semi', 'anti'] as const;

function sides(seed: number): { left: R[]; right: R[] } {
  const r = prng(seed);
  const key = (): string | null => (r() < 0.12 ? null : ['a', 'b', 'c', 'd', 'e', 'f'][Math.floor(r() * 6)]!);
  const g = (): number | null => (r() < 0.1 ? null : Math.floor(r() * 3));
  const left = Array.from({ length: 60 }, (_, i) => ({ id: i, k: key(), g: g(), v: Math.floor(r() * 100) }));
  // 'f' exists only on the left and 'z' only on the right, so every outer side has unmatched rows.
  const right = Array.from({ length: 40 }, (_, i) => {
    const k = key();
    return { rid: i, k: k === 'f' ? 'z' : k, g: g(), w: Math.floor(r() * 100) };
  });
  return { left, right };
}

/** Registers the join tests for a session made with `conf`; `broadcast` says whether small sides should be broadcast. */
export function joinSuite(title: string, conf: Partial<SessionConf>, broadcast: boolean): void {
  describe(title, function () {
    let session: Session;
    const { left, right } = sides(5);
    before(async () => {
      session = await Session.local({ executors: 2, conf });
    });
    after(async () => {
      await session.stop();
    });
    const L = () => session.fromRows(left, { partitions: 3 });
    const R_ = () => session.fromRows(right, { partitions: 2 });

    it(`plans the equi-join ${broadcast ? 'with a broadcast side' : 'with both sides shuffled'}`, async () => {
      const text = await L().join(R_(), 'k').explain();
      const physical = text.slice(text.indexOf('== Physical Plan =='), text.indexOf('== Stages =='));
      expect(physical).to.match(/HashJoin/);
      if (broadcast) expect(physical).to.match(/broadcast/i);
      else expect(physical).to.not.match(/broadcast/i);
    });

    for (const how of HOWS) {
      it(`${how} join on a column name (using: the key kept once)`, async () => {
        const ds = L().join(R_().select('k', 'rid', 'w'), 'k', how);
        const out = await ds.collect();
        // Reference of a using join: the key first (from whichever side has it), then the others.
        const expected = refJoin(left, right.map((r) => ({ ...r, rk: r.k })), (l, r) => sqlEq(l.k, r.rk), how, ['id', 'k', 'g', 'v'], ['rid', 'w', 'rk'])
          .map((x) => (how === 'semi' || how === 'anti' ? x : { k: x.k ?? x.rk ?? null, id: x.id, g: x.g, v: x.v, rid: x.rid, w: x.w }));
        // Spark's order: the using key first, also for semi and anti joins.
        if (how === 'semi' || how === 'anti') expect(ds.columns).to.deep.equal(['k', 'id', 'g', 'v']);
        else expect(ds.columns).to.deep.equal(['k', 'id', 'g', 'v', 'rid', 'w']);
        expectSameRows(out, expected);
      });

      it(`${how} join on a Column condition with a residual`, async () => {
        const l = L();
        const r = R_().withColumnRenamed('k', 'rk').withColumnRenamed('g', 'rg');
        const out = await l.join(r, col('k').eq(col('rk')).and(col('v').lt(col('w'))), how).collect();
        const rightCols = ['rid', 'rk', 'rg', 'w'];
        const rr = right.map((x) => ({ rid: x.rid, rk: x.k, rg: x.g, w: x.w }));
        const expected = refJoin(left, rr, (a, b) => sqlEq(a.k, b.rk) && (a.v as number) < (b.w as number), how, ['id', 'k', 'g', 'v'], rightCols);
        expectSameRows(out, expected);
      });
    }

    it('join on a list of names', async () => {
      const out = await L().join(R_().select('k', 'g', 'w'), ['k', 'g']).collect();
      const expected = refJoin(left, right, (a, b) => sqlEq(a.k, b.k) && sqlEq(a.g, b.g), 'inner', ['id', 'k', 'g', 'v'], ['w']);
      expectSameRows(out, expected.map((x) => ({ k: x.k, g: x.g, id: x.id, v: x.v, w: x.w })));
    });

    it('non-equi joins (nested loop), including the outer ones', async () => {
      const r = R_().select(col('rid'), col('w'));
      for (const how of ['inner', 'left', 'right', 'full'] as const) {
        const out = await L().select('id', 'v').join(r, col('v').gt(col('w').plus(60)), how).collect();
        const expected = refJoin(left, right, (a, b) => (a.v as number) > (b.w as number) + 60, how, ['id', 'v'], ['rid', 'w']);
        expectSameRows(out, expected);
      }
    });

    it('cross join: no condition, or how "cross"', async () => {
      const a = L().select('id');
      const b = R_().select('rid');
      const expected = refJoin(left, right, () => true, 'cross', ['id'], ['rid']);
      expectSameRows(await a.join(b).collect(), expected);
      expectSameRows(await a.crossJoin(b).collect(), expected);
      expect(await a.join(b, undefined, 'cross').count()).to.equal(left.length * right.length);
    });

    it('a join of pinned same-named columns, then a select of both sides', async () => {
      const a = L().select('id', 'k');
      const b = R_().select('rid', 'k');
      const out = await a.join(b, a.col('k').eq(b.col('k')), 'left').select('id', a.col('k').as('lk'), b.col('k').as('rk'), 'rid').collect();
      const expected = refJoin(left, right.map((x) => ({ rid: x.rid, rk: x.k })), (x, y) => sqlEq(x.k, y.rk), 'left', ['id', 'k'], ['rk', 'rid'])
        .map((x) => ({ id: x.id, lk: x.k, rk: x.rk, rid: x.rid }));
      expectSameRows(out, expected);
    });

    it('a join whose output holds same-named string columns crosses the wire intact', async () => {
      const a = session.fromRows([{ k: 'x', v: 'left1' }, { k: 'y', v: 'left2' }, { k: null, v: 'left3' }]);
      const b = session.fromRows([{ k: 'x', v: 'right1' }, { k: 'x', v: 'right2' }, { k: 'z', v: 'right3' }]);
      const t = await a.join(b, a.col('k').eq(b.col('k')), 'left').toArrow();
      expect(t.schema.fields.map((f) => f.name)).to.deep.equal(['k', 'v', 'k', 'v']);
      const got = Array.from({ length: t.numRows }, (_, i) => [0, 1, 2, 3].map((c) => t.getChildAt(c)!.get(i)).join('|')).sort();
      expect(got).to.deep.equal(['|left3||', 'x|left1|x|right1', 'x|left1|x|right2', 'y|left2||'].sort());
    });

    it('join then aggregate', async () => {
      const out = await L().join(R_().select('k', 'w'), 'k').groupBy('k').agg({ w: 'sum', id: 'count' }).collect();
      const pairs = refJoin(left, right, (a, b) => sqlEq(a.k, b.k), 'inner', ['id', 'k'], ['w']);
      const byK = new Map<string, { s: number; n: number }>();
      for (const p of pairs) {
        const e = byK.get(p.k as string) ?? { s: 0, n: 0 };
        e.s += p.w as number;
        e.n += 1;
        byK.set(p.k as string, e);
      }
      expectSameRows(out, [...byK].map(([k, e]) => ({ k, 'sum(w)': e.s, 'count(id)': e.n })));
    });
  });
}
