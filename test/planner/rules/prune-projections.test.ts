/**
 * Projection pruning through a window: the window's input keeps its partitionBy, orderBy and
 * argument columns plus what is needed above, whatever the input (a project when the input
 * cannot prune itself), so the exchange before the window moves nothing else.
 */
import { expect } from 'chai';
import { analyze, createPhysicalPlan, optimize, printLogicalPlan, printPhysicalPlan, schemaOf } from '../../../planner/index.js';
import type { LogicalPlan } from '../../../planner/logical.js';
import { agg, as, b, call, CONF, col, desc, fixture, lit, NO_CACHE, PEOPLE, win } from '../helpers.js';

const people = (): LogicalPlan => b.csv(fixture('people.csv'), PEOPLE);
const rn = as(win({ kind: 'rowNumber' }, [col('city')], [desc(col('v1'))]), 'rn');

describe('planner rule prune-projections through a window', () => {
  it('a cached input gets a project of the window\'s columns and those used above', async () => {
    const cached = b.cache(people(), 'c1');
    const q = optimize(analyze(b.project(b.filter(b.project(cached, col('id'), col('name'), col('v1'), col('v2'), col('city'), rn), call('lte', col('rn'), lit(2))), col('city'), col('v2'))));
    expect(printLogicalPlan(q)).to.equal([
      'Project [city, v2]',
      '+- Project [v2, city]',
      '   +- Filter (__w0 <= 2)',
      '      +- Window [row_number() OVER (PARTITION BY city ORDER BY v1 DESC NULLS LAST) AS __w0], groupLimit row_number() <= 2',
      '         +- Project [v1, v2, city]',
      '            +- Cache',
      '               +- Scan csv [people.csv] [id, name, v1, v2, city]',
    ].join('\n'));
    const physical = printPhysicalPlan(await createPhysicalPlan(q, CONF, NO_CACHE));
    expect(physical).to.contain('Project [v1, v2, city]');
    expect(physical.indexOf('Project [v1, v2, city]')).to.be.greaterThan(physical.indexOf('Exchange hash([city], 4)'));
  });

  it('a file scan reads only those columns (no project needed)', () => {
    const q = optimize(analyze(b.project(b.project(people(), col('name'), col('v2'), as(win({ kind: 'agg', agg: agg('max', col('v2')) }, [col('city')], []), 'm')), col('m'))));
    expect(printLogicalPlan(q)).to.equal([
      'Project [__w0 AS m]',
      '+- Window [max(v2) OVER (PARTITION BY city) AS __w0]',
      '   +- Scan csv [people.csv] [v2, city]',
    ].join('\n'));
  });

  it('a window column not needed above goes, with the columns only it read', () => {
    const p = b.project(b.cache(people(), 'c2'), col('name'), col('city'), rn, as(win({ kind: 'agg', agg: agg('sum', col('v2')) }, [col('city')], []), 's'));
    const q = optimize(analyze(b.project(p, col('name'), col('s'))));
    expect(printLogicalPlan(q)).to.equal([
      'Project [name, __w1 AS s]',
      '+- Window [sum(v2) OVER (PARTITION BY city) AS __w1]',
      '   +- Project [name, v2, city]',
      '      +- Cache',
      '         +- Scan csv [people.csv] [id, name, v1, v2, city]',
    ].join('\n'));
    expect(schemaOf(q).map((f) => f.name)).to.deep.equal(['name', 's']);
  });

  it('keeps every input column when all are used above, and reaches a fixed point', () => {
    const q = optimize(analyze(b.project(b.cache(people(), 'c3'), col('id'), col('name'), col('v1'), col('v2'), col('city'), rn)));
    expect(printLogicalPlan(q)).to.not.contain('+- Project');
    expect(JSON.stringify(optimize(q))).to.equal(JSON.stringify(q));
  });
});
