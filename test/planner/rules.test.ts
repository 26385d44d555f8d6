import { expect } from 'chai';
import { analyze, combineFilters, constantFolding, optimize, pruneProjections, pushDownFilters, pushDownLimit, schemaOf, printLogicalPlan, RULES } from '../../planner/index.js';
import type { LogicalPlan } from '../../planner/logical.js';
import { agg, as, asc, b, call, col, desc, lit, ORDERS, PEOPLE, shape } from './helpers.js';

const people = (): LogicalPlan => b.csv('/data/people.csv', PEOPLE);
const orders = (): LogicalPlan => b.csv('/data/orders.csv', ORDERS);
const text = (p: LogicalPlan): string => printLogicalPlan(p);

describe('planner rules', () => {
  describe('constant-folding', () => {
    it('folds literal arithmetic and comparisons', () => {
      const p = analyze(b.filter(people(), call('gt', col('v1'), call('mul', lit(2), call('add', lit(1), lit(2))))));
      expect(text(constantFolding.rewrite(p))).to.equal('Filter (v1 > 6)\n+- Scan csv [people.csv] [id, name, v1, v2, city]');
    });
    it('keeps the output name of a folded project column', () => {
      const p = analyze(b.project(people(), call('add', lit(1), lit(2)), as(call('div', lit(1), lit(0)), 'z')));
      const q = constantFolding.rewrite(p);
      expect(text(q).split('\n')[0]).to.equal('Project [3 AS (1 + 2), NULL AS z]');
      expect(schemaOf(q).map((f) => `${f.name}:${f.type}`)).to.deep.equal(['(1 + 2):int32', 'z:float64']);
    });
    it('simplifies AND/OR with a literal side and drops an always-true filter', () => {
      const p = analyze(b.filter(people(), call('or', call('and', call('gt', col('v1'), lit(1)), lit(true)), lit(false))));
      expect(text(constantFolding.rewrite(p))).to.equal('Filter (v1 > 1)\n+- Scan csv [people.csv] [id, name, v1, v2, city]');
      const t = analyze(b.filter(people(), call('or', col('v1').kind ? call('isNull', col('v1')) : lit(1), call('eq', lit(1), lit(1)))));
      expect(shape(constantFolding.rewrite(t))).to.equal('scan');
    });
    it('leaves an overflowing integer for the engine to raise', () => {
      const p = analyze(b.project(people(), call('add', lit(2147483647), lit(1))));
      expect(text(constantFolding.rewrite(p)).split('\n')[0]).to.equal('Project [(2147483647 + 1)]');
    });
    it('applies three-valued logic with nulls', () => {
      const p = analyze(b.project(people(), as(call('and', lit(null), lit(false)), 'a'), as(call('or', lit(null), lit(false)), 'o'), as(call('eq', lit(null), lit(1)), 'e')));
      expect(text(constantFolding.rewrite(p)).split('\n')[0]).to.equal('Project [false AS a, NULL AS o, NULL AS e]');
    });
  });

  describe('combine-filters', () => {
    it('merges adjacent filters, the lower one first', () => {
      const p = analyze(b.filter(b.filter(people(), call('gt', col('v1'), lit(1))), call('lt', col('v2'), lit(5))));
      expect(text(combineFilters.rewrite(p))).to.equal('Filter ((v1 > 1) AND (v2 < 5))\n+- Scan csv [people.csv] [id, name, v1, v2, city]');
    });
  });

  describe('push-down-filters', () => {
    it('goes through a project by substituting its aliases', () => {
      const p = analyze(b.filter(b.project(b.inline(PEOPLE), as(call('add', col('v1'), lit(1)), 'w'), col('name')), call('gt', col('w'), lit(3))));
      expect(text(pushDownFilters.rewrite(p))).to.equal([
        'Project [(v1 + 1) AS w, name]',
        '+- Filter ((v1 + 1) > 3)',
        '   +- Scan inline(partitions=2) [id, name, v1, v2, city]',
      ].join('\n'));
    });
    it('goes into the filters of a file scan', () => {
      const p = analyze(b.filter(people(), call('and', call('gt', col('v1'), lit(1)), call('eq', col('city'), lit('oslo')))));
      expect(text(pushDownFilters.rewrite(p))).to.equal("Scan csv [people.csv] [id, name, v1, v2, city] filters=[(v1 > 1), (city = 'oslo')]");
    });
    it('stays above an inline scan', () => {
      const p = analyze(b.filter(b.inline(PEOPLE), call('gt', col('v1'), lit(1))));
      expect(shape(pushDownFilters.rewrite(p))).to.equal('filter(scan)');
    });
    it('goes through sort and repartition', () => {
      const p = analyze(b.filter(b.sort(b.repartition(b.inline(PEOPLE), 3, col('city')), asc(col('v1'))), call('gt', col('v1'), lit(1))));
      expect(shape(pushDownFilters.rewrite(p))).to.equal('sort(repartition(filter(scan)))');
    });
    it('does not go through a limit', () => {
      const p = analyze(b.filter(b.limit(b.inline(PEOPLE), 3), call('gt', col('v1'), lit(1))));
      expect(shape(pushDownFilters.rewrite(p))).to.equal('filter(limit(scan))');
    });
    it('goes below an aggregate for conjuncts over group columns only', () => {
      const a = b.agg(b.inline(PEOPLE), [col('city'), as(call('add', col('v1'), lit(1)), 'w')], [as(agg('sum', col('v2')), 's')]);
      const pred = call('and', call('and', call('eq', col('city'), lit('oslo')), call('gt', col('s'), lit(3))), call('gt', col('w'), lit(2)));
      expect(text(pushDownFilters.rewrite(analyze(b.filter(a, pred))))).to.equal([
        'Filter (s > 3)',
        "+- Aggregate [city, (v1 + 1) AS w], [sum(v2) AS s]",
        "   +- Filter ((city = 'oslo') AND ((v1 + 1) > 2))",
        '      +- Scan inline(partitions=2) [id, name, v1, v2, city]',
      ].join('\n'));
      const g = analyze(b.filter(b.agg(b.inline(PEOPLE), [], [as(agg('count'), 'n')]), call('gt', col('n'), lit(0))));
      expect(shape(pushDownFilters.rewrite(g))).to.equal('filter(aggregate(scan))');
    });
    it('goes into each union input', () => {
      const p = analyze(b.filter(b.union(b.project(b.inline(PEOPLE), col('v1')), b.project(b.inline(ORDERS), col('oid'))), call('gt', col('v1'), lit(1))));
      const q = pushDownFilters.rewrite(p);
      expect(text(q)).to.equal([
        'Union',
        ':- Project [v1]',
        ':  +- Filter (v1 > 1)',
        ':     +- Scan inline(partitions=2) [id, name, v1, v2, city]',
        '+- Project [oid]',
        '   +- Filter (oid > 1)',
        '      +- Scan inline(partitions=2) [oid, pid, amount]',
      ].join('\n'));
    });
    it('splits conjuncts of an inner join to the sides and the condition', () => {
      const j = b.join(b.inline(PEOPLE), b.inline(ORDERS), 'inner', call('eq', col('id'), col('pid')));
      const pred = call('and', call('and', call('gt', col('v1'), lit(1)), call('lt', col('amount'), lit(5))), call('gt', col('amount'), col('v2')));
      const q = pushDownFilters.rewrite(analyze(b.filter(j, pred)));
      expect(text(q)).to.equal([
        'Join inner, ((id = pid) AND (amount > v2))',
        ':- Filter (v1 > 1)',
        ':  +- Scan inline(partitions=2) [id, name, v1, v2, city]',
        '+- Filter (amount < 5)',
        '   +- Scan inline(partitions=2) [oid, pid, amount]',
      ].join('\n'));
    });
    it('turns a filtered cross join into an inner join', () => {
      const q = pushDownFilters.rewrite(analyze(b.filter(b.join(b.inline(PEOPLE), b.inline(ORDERS), 'cross', null), call('eq', col('id'), col('pid')))));
      expect(text(q).split('\n')[0]).to.equal('Join inner, (id = pid)');
    });
    it('keeps a filter on the null-supplying side of an outer join above it', () => {
      const mk = (how: 'left' | 'right' | 'full'): LogicalPlan => analyze(b.filter(
        b.join(b.inline(PEOPLE), b.inline(ORDERS), how, call('eq', col('id'), col('pid'))),
        call('and', call('gt', col('v1'), lit(1)), call('isNull', col('amount'))),
      ));
      expect(shape(pushDownFilters.rewrite(mk('left')))).to.equal('filter(join(filter(scan), scan))');
      expect(shape(pushDownFilters.rewrite(mk('right')))).to.equal('filter(join(scan, filter(scan)))');
      expect(shape(pushDownFilters.rewrite(mk('full')))).to.equal('filter(join(scan, scan))');
      const f = pushDownFilters.rewrite(mk('left'));
      expect(f.node === 'filter' && text(f).split('\n')[0]).to.equal('Filter (amount IS NULL)');
    });
    it('pushes single-side conjuncts of a left join condition into the right side only', () => {
      const on = call('and', call('eq', col('id'), col('pid')), call('and', call('gt', col('amount'), lit(2)), call('gt', col('v1'), lit(1))));
      const q = pushDownFilters.rewrite(analyze(b.join(b.inline(PEOPLE), b.inline(ORDERS), 'left', on)));
      expect(text(q)).to.equal([
        'Join left, ((id = pid) AND (v1 > 1))',
        ':- Scan inline(partitions=2) [id, name, v1, v2, city]',
        '+- Filter (amount > 2)',
        '   +- Scan inline(partitions=2) [oid, pid, amount]',
      ].join('\n'));
    });
    it('pushes a filter on a using column of an inner join to the left side', () => {
      const r = b.project(b.inline(ORDERS), as(col('pid'), 'id'), col('amount'));
      const q = pushDownFilters.rewrite(analyze(b.filter(b.join(b.inline(PEOPLE), r, 'inner', ['id']), call('eq', col('id'), lit(2)))));
      expect(shape(q)).to.equal('join(filter(scan), project(scan))');
    });
  });

  describe('prune-projections', () => {
    it('reads only the used columns of a scan', () => {
      const p = analyze(b.project(b.filter(people(), call('gt', col('v2'), lit(1))), col('name')));
      const q = pruneProjections.rewrite(p);
      expect(text(q)).to.equal('Project [name]\n+- Filter (v2 > 1)\n   +- Scan csv [people.csv] [name, v2]');
      expect(q.node === 'project' && q.input.node === 'filter' && q.input.input.node === 'scan' && q.input.input.projection).to.deep.equal([1, 3]);
    });
    it('keeps the columns of pushed scan filters', () => {
      const p = optimize(analyze(b.project(b.filter(people(), call('gt', col('v2'), lit(1))), col('name'))));
      expect(text(p)).to.equal('Project [name]\n+- Scan csv [people.csv] [name, v2] filters=[(v2 > 1)]');
    });
    it('drops unused project columns and aggregates', () => {
      const a = b.agg(people(), [col('city')], [as(agg('sum', col('v1')), 's'), as(agg('max', col('v2')), 'm')]);
      const q = pruneProjections.rewrite(analyze(b.project(b.project(a, col('city'), col('s'), col('m')), col('s'))));
      expect(text(q)).to.equal([
        'Project [s]',
        '+- Aggregate [city], [sum(v1) AS s]',
        '   +- Scan csv [people.csv] [v1, city]',
      ].join('\n'));
    });
    it('prunes join sides to the used and key columns', () => {
      const j = b.join(people(), orders(), 'inner', call('eq', col('id'), col('pid')));
      const q = pruneProjections.rewrite(analyze(b.project(j, col('name'), col('amount'))));
      expect(text(q)).to.equal([
        'Project [name, amount]',
        '+- Join inner, (id = pid)',
        '   :- Scan csv [people.csv] [id, name]',
        '   +- Scan csv [orders.csv] [pid, amount]',
      ].join('\n'));
    });
    it('prunes union inputs by position', () => {
      const u = b.union(b.project(people(), col('id'), col('v1')), b.project(orders(), col('oid'), col('pid')));
      const q = pruneProjections.rewrite(analyze(b.project(u, col('v1'))));
      expect(text(q)).to.equal([
        'Union',
        ':- Scan csv [people.csv] [v1]',
        '+- Scan csv [orders.csv] [pid]',
      ].join('\n'));
    });
    it('keeps every column under a distinct and a cache', () => {
      const q = pruneProjections.rewrite(analyze(b.project(b.distinct(people()), col('name'))));
      expect(text(q)).to.contain('Scan csv [people.csv] [id, name, v1, v2, city]');
      const c = pruneProjections.rewrite(analyze(b.project(b.cache(people(), 'c1'), col('name'))));
      expect(text(c)).to.contain('Scan csv [people.csv] [id, name, v1, v2, city]');
    });
    it('keeps one column for count()', () => {
      const q = pruneProjections.rewrite(analyze(b.agg(people(), [], [agg('count')])));
      expect(text(q)).to.equal('Aggregate [], [count(1)]\n+- Scan csv [people.csv] [id]');
    });
  });

  describe('push-down-limit', () => {
    it('moves a limit below a project', () => {
      const q = pushDownLimit.rewrite(analyze(b.limit(b.project(people(), col('name')), 3)));
      expect(shape(q)).to.equal('project(limit(scan))');
    });
    it('copies a limit into each union input and keeps it on top', () => {
      const q = pushDownLimit.rewrite(analyze(b.limit(b.union(people(), people()), 3)));
      expect(shape(q)).to.equal('limit(union(limit(scan), limit(scan)))');
      expect(shape(pushDownLimit.rewrite(q))).to.equal('limit(union(limit(scan), limit(scan)))');
    });
    it('merges limits and keeps a limit over a sort', () => {
      expect(text(pushDownLimit.rewrite(analyze(b.limit(b.limit(people(), 5), 3)))).split('\n')[0]).to.equal('Limit 3');
      expect(shape(pushDownLimit.rewrite(analyze(b.limit(b.sort(people(), desc(col('v1'))), 3))))).to.equal('limit(sort(scan))');
    });
  });

  describe('optimizer', () => {
    it('reaches a fixed point: optimizing again changes nothing', () => {
      const j = b.join(b.project(people(), col('id'), as(call('mul', col('v1'), lit(2)), 'v')), orders(), 'left', call('eq', col('id'), col('pid')));
      const p = analyze(b.limit(b.project(b.filter(b.filter(j, call('gt', col('v'), call('add', lit(1), lit(1)))), call('gt', col('id'), lit(0))), col('v'), col('amount')), 10));
      const once = optimize(p);
      expect(JSON.stringify(optimize(once))).to.equal(JSON.stringify(once));
      for (const r of RULES) expect(JSON.stringify(r.rewrite(once)), r.name).to.equal(JSON.stringify(once));
      expect(text(once)).to.equal([
        'Project [v, amount]',
        '+- Limit 10',
        '   +- Join left, (id = pid)',
        '      :- Project [id, (v1 * 2) AS v]',
        '      :  +- Scan csv [people.csv] [id, v1] filters=[((v1 * 2) > 2), (id > 0)]',
        '      +- Scan csv [orders.csv] [pid, amount]',
      ].join('\n'));
      expect(schemaOf(once)).to.deep.equal(schemaOf(p));
    });
  });
});
