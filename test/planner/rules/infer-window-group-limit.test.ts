/**
 * The infer-window-group-limit rule: which filters over which windows get a group limit, and
 * how the physical planner places the limit on both sides of the window's exchange.
 */
import { expect } from 'chai';
import type { PhysicalNode } from '../../../engine/plan.js';
import { analyze, createPhysicalPlan, optimize, printLogicalPlan, printPhysicalPlan } from '../../../planner/index.js';
import type { LExpr, LogicalPlan, LWindowFn, WindowGroupLimit } from '../../../planner/logical.js';
import { inferWindowGroupLimit, MAX_WINDOW_GROUP_LIMIT } from '../../../planner/rules/index.js';
import { agg, as, b, call, CONF, col, desc, lit, NO_CACHE, PEOPLE, win } from '../helpers.js';

const people = (partitions = 2): LogicalPlan => b.inline(PEOPLE, partitions);
const byCity = (fn: LWindowFn): LExpr => win(fn, [col('city')], [desc(col('v1'))]);
const rowNumber: LWindowFn = { kind: 'rowNumber' };
const rank: LWindowFn = { kind: 'rank' };
const denseRank: LWindowFn = { kind: 'denseRank' };

/** `filter(pred)` over `select(name, city, v1, <window columns>)`, optimized. */
function query(windows: Record<string, LExpr>, pred: LExpr, input = people()): LogicalPlan {
  const cols = Object.entries(windows).map(([name, w]) => as(w, name));
  return optimize(analyze(b.filter(b.project(input, col('name'), col('city'), col('v1'), ...cols), pred)));
}

/** The window node of a plan. */
function windowOf(p: LogicalPlan): Extract<LogicalPlan, { node: 'window' }> {
  if (p.node === 'window') return p;
  if (p.node === 'scan') throw new Error('no window in the plan');
  return windowOf(p.node === 'join' ? p.left : p.node === 'union' ? p.inputs[0]! : p.input);
}

const limitOf = (p: LogicalPlan): WindowGroupLimit | undefined => windowOf(p).groupLimit;
const lte = (c: string, k: number): LExpr => call('lte', col(c), lit(k));

describe('planner rule infer-window-group-limit', () => {
  describe('sets a group limit for', () => {
    const cases: [string, LExpr, WindowGroupLimit][] = [
      ['rn <= 2', lte('rn', 2), { fn: 'rowNumber', limit: 2 }],
      ['rn < 3', call('lt', col('rn'), lit(3)), { fn: 'rowNumber', limit: 2 }],
      ['rn = 1', call('eq', col('rn'), lit(1)), { fn: 'rowNumber', limit: 1 }],
      ['rn = 4 (every row numbered ≤ 4 is needed to find the 4th)', call('eq', col('rn'), lit(4)), { fn: 'rowNumber', limit: 4 }],
      ['2 >= rn', call('gte', lit(2), col('rn')), { fn: 'rowNumber', limit: 2 }],
      ['3 > rn', call('gt', lit(3), col('rn')), { fn: 'rowNumber', limit: 2 }],
      ['1 = rn', call('eq', lit(1), col('rn')), { fn: 'rowNumber', limit: 1 }],
      ['rn <= 2.7', call('lte', col('rn'), lit(2.7)), { fn: 'rowNumber', limit: 2 }],
      ['rn < 2.5', call('lt', col('rn'), lit(2.5)), { fn: 'rowNumber', limit: 2 }],
      ['rn <= 3 AND v1 > 1 (one conjunct)', call('and', lte('rn', 3), call('gt', col('v1'), lit(1))), { fn: 'rowNumber', limit: 3 }],
      ['rn <= 5 AND rn <= 2 (the narrowest)', call('and', lte('rn', 5), lte('rn', 2)), { fn: 'rowNumber', limit: 2 }],
    ];
    for (const [name, pred, want] of cases) {
      it(name, () => {
        expect(limitOf(query({ rn: byCity(rowNumber) }, pred))).to.deep.equal(want);
      });
    }
    it('rank <= 3 and denseRank <= 2', () => {
      expect(limitOf(query({ rk: byCity(rank) }, lte('rk', 3)))).to.deep.equal({ fn: 'rank', limit: 3 });
      expect(limitOf(query({ dr: byCity(denseRank) }, lte('dr', 2)))).to.deep.equal({ fn: 'denseRank', limit: 2 });
    });
    it('several ranking functions over one spec: the filtered one (rowNumber on a tie of limits)', () => {
      const w = { rn: byCity(rowNumber), rk: byCity(rank), dr: byCity(denseRank) };
      expect(limitOf(query(w, lte('rk', 3)))).to.deep.equal({ fn: 'rank', limit: 3 });
      expect(limitOf(query(w, call('and', lte('dr', 2), lte('rk', 2))))).to.deep.equal({ fn: 'rank', limit: 2 });
      expect(limitOf(query(w, call('and', lte('dr', 1), lte('rn', 4))))).to.deep.equal({ fn: 'denseRank', limit: 1 });
    });
    it('a filter written above the project of withColumn (pushed down to the window first)', () => {
      const p = b.project(people(), col('city'), col('v1'), as(byCity(rowNumber), 'rn'));
      const q = optimize(analyze(b.project(b.filter(p, lte('rn', 2)), col('city'), col('v1'))));
      expect(limitOf(q)).to.deep.equal({ fn: 'rowNumber', limit: 2 });
      expect(printLogicalPlan(q)).to.contain('Window [row_number() OVER (PARTITION BY city ORDER BY v1 DESC NULLS LAST) AS __w0], groupLimit row_number() <= 2');
    });
  });

  describe('leaves the window alone for', () => {
    const cases: [string, Record<string, LExpr>, LExpr][] = [
      ['an aggregate window function', { s: byCity({ kind: 'agg', agg: agg('sum', col('v1')) }) }, lte('s', 2)],
      ['a ranking function beside an aggregate one', { rn: byCity(rowNumber), s: byCity({ kind: 'agg', agg: agg('sum', col('v1')) }) }, lte('rn', 2)],
      ['ranking functions over different specs', { rn: byCity(rowNumber), rk: win(rank, [col('name')], [desc(col('v1'))]) }, lte('rn', 2)],
      ['ranking functions with different orders', { rn: byCity(rowNumber), rk: win(rank, [col('city')], [desc(col('v2'))]) }, lte('rn', 2)],
      ['a bound that is not a literal', { rn: byCity(rowNumber) }, call('lte', col('rn'), col('v1'))],
      ['rn > 2', { rn: byCity(rowNumber) }, call('gt', col('rn'), lit(2))],
      ['rn >= 2', { rn: byCity(rowNumber) }, call('gte', col('rn'), lit(2))],
      ['rn <> 1', { rn: byCity(rowNumber) }, call('neq', col('rn'), lit(1))],
      ['rn = 2.5 (nothing passes)', { rn: byCity(rowNumber) }, call('eq', col('rn'), lit(2.5))],
      ['rn <= 0', { rn: byCity(rowNumber) }, lte('rn', 0)],
      ['rn <= NULL', { rn: byCity(rowNumber) }, call('lte', col('rn'), lit(null))],
      ['rn <= 2 OR v1 > 1 (not a conjunct)', { rn: byCity(rowNumber) }, call('or', lte('rn', 2), call('gt', col('v1'), lit(1)))],
      ['a filter on a plain column', { rn: byCity(rowNumber) }, lte('v1', 2)],
      [`a limit above ${MAX_WINDOW_GROUP_LIMIT}`, { rn: byCity(rowNumber) }, lte('rn', MAX_WINDOW_GROUP_LIMIT + 1)],
    ];
    for (const [name, windows, pred] of cases) {
      it(name, () => {
        const q = query(windows, pred);
        expect(limitOf(q)).to.equal(undefined);
        expect(printLogicalPlan(q)).to.not.contain('groupLimit');
      });
    }
    it('a window with no filter above it', () => {
      const q = optimize(analyze(b.project(people(), col('city'), as(byCity(rowNumber), 'rn'))));
      expect(limitOf(q)).to.equal(undefined);
    });
  });

  it('is idempotent and the optimizer reaches a fixed point', () => {
    const q = query({ rn: byCity(rowNumber) }, lte('rn', 2));
    expect(inferWindowGroupLimit.rewrite(q)).to.equal(q);
    expect(JSON.stringify(optimize(q))).to.equal(JSON.stringify(q));
  });

  describe('physical planning', () => {
    const find = (n: PhysicalNode, op: string): PhysicalNode[] => {
      const kids = n.op === 'scan' || n.op === 'shuffleRead' ? [] : n.op === 'hashJoin' || n.op === 'nestedLoopJoin' ? [n.left, n.right] : n.op === 'union' ? n.inputs : [n.input];
      return [...(n.op === op ? [n] : []), ...kids.flatMap((k) => find(k, op))];
    };

    it('puts a partial limit before the hash exchange and a final one below the window', async () => {
      const plan = await createPhysicalPlan(query({ rk: byCity(rank) }, lte('rk', 3)), CONF, NO_CACHE);
      const text = printPhysicalPlan(plan).split('\n').map((l) => l.replace(/^[\s:+-]*/, ''));
      const at = (prefix: string): number => text.findIndex((l) => l.startsWith(prefix));
      expect(at('Window ')).to.be.lessThan(at('WindowGroupLimit(final)'));
      expect(at('WindowGroupLimit(final)')).to.equal(at('Window ') + 1);
      expect(at('Exchange hash([city], 4)')).to.equal(at('WindowGroupLimit(final)') + 1);
      expect(at('WindowGroupLimit(partial)')).to.equal(at('Exchange hash') + 1);
      const limits = find(plan, 'windowGroupLimit') as Extract<PhysicalNode, { op: 'windowGroupLimit' }>[];
      expect(limits.map((l) => [l.mode, l.fn, l.limit, l.partitions])).to.deep.equal([['final', 'rank', 3, 4], ['partial', 'rank', 3, 2]]);
      expect(limits[0]!.orderBy.map((k) => [k.expr, k.asc, k.nullsFirst])).to.deep.equal([[{ kind: 'col', index: 1, type: 'int32', name: 'v1' }, false, false]]);
    });

    it('one partition: no exchange, one limit right below the window', async () => {
      const plan = await createPhysicalPlan(query({ rn: byCity(rowNumber) }, lte('rn', 2), people(1)), CONF, NO_CACHE);
      expect(find(plan, 'exchange')).to.have.length(0);
      const limits = find(plan, 'windowGroupLimit') as Extract<PhysicalNode, { op: 'windowGroupLimit' }>[];
      expect(limits.map((l) => l.mode)).to.deep.equal(['final']);
      expect(find(plan, 'window')[0]!).to.have.property('input', limits[0]);
    });

    it('no partitionBy: a partial top-k per task before the single exchange', async () => {
      const q = query({ rn: win(rowNumber, [], [desc(col('v1'))]) }, lte('rn', 3));
      const plan = await createPhysicalPlan(q, CONF, NO_CACHE);
      expect(printPhysicalPlan(plan)).to.match(/WindowGroupLimit\(final\) partitionBy=\[\] orderBy=\[v1 DESC NULLS LAST\] row_number\(\) <= 3 partitions=1\n.*Exchange single partitions=1\n.*WindowGroupLimit\(partial\)/);
    });
  });
});
