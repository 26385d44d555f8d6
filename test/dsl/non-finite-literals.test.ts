/**
 * lit(NaN), lit(±Infinity) and lit(-0) reach the executors as themselves (JSON has no such
 * numbers: a plan once carried NaN as null, so `eq(lit(NaN))` found no row on a cluster and
 * the in-process backend refused the task). Spark's semantics: NaN = NaN, NaN greatest.
 */
import { expect } from 'chai';
import { Session, col, lit } from '../../index.js';

const VALUES = [1.5, NaN, null, Infinity, -Infinity, -0, 0];

describe('dsl non-finite literals', () => {
  for (const mode of ['executors', 'in-process'] as const) {
    describe(`on ${mode}`, () => {
      let session: Session;
      before(async () => {
        session = await Session.local({ executors: 1, inProcess: mode === 'in-process' });
      });
      after(async () => { await session?.stop(); });
      const ds = () => session.fromRows(VALUES.map((v) => ({ v })), { partitions: 2 });
      // Spark's equality on doubles: NaN equals NaN, -0 equals 0; null is never equal.
      const sparkEq = (a: number | null, b: number): boolean => a !== null && (a === b || (Number.isNaN(a) && Number.isNaN(b)));

      for (const lv of [NaN, Infinity, -Infinity, -0]) {
        it(`filter eq / neq lit(${Object.is(lv, -0) ? '-0' : lv})`, async () => {
          const eq = (await ds().filter(col('v').eq(lit(lv))).collect()).map((r) => r.v as number);
          const neq = (await ds().filter(col('v').neq(lit(lv))).collect()).map((r) => r.v as number);
          const key = (x: number) => (Object.is(x, -0) ? '-0' : String(x));
          expect(eq.map(key).sort()).to.deep.equal(VALUES.filter((v) => sparkEq(v, lv)).map((v) => key(v!)).sort());
          expect(neq.map(key).sort()).to.deep.equal(VALUES.filter((v) => v !== null && !sparkEq(v, lv)).map((v) => key(v!)).sort());
        });
      }

      it('selects them as values, exactly (-0 stays -0), and computes with them', async () => {
        const rows = await ds().select(col('v'), lit(NaN).as('n'), lit(-0).as('z'), col('v').plus(lit(Infinity)).as('p')).collect();
        expect(rows).to.have.length(VALUES.length);
        for (const r of rows) {
          expect(Number.isNaN(r.n)).to.equal(true);
          expect(Object.is(r.z, -0)).to.equal(true);
          const v = r.v as number | null;
          if (v === null) expect(r.p).to.equal(null);
          else expect(Object.is(r.p, v + Infinity)).to.equal(true);
        }
      });
    });
  }
});
