/**
 * Golden explain() texts: each query's four sections are compared exactly with
 * test/planner/golden/NAME.txt; `UPDATE_GOLDEN=1` rewrites the files (review the diff).
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, explain, optimize, schemaOf } from '../../planner/index.js';
import type { LogicalPlan } from '../../planner/logical.js';
import { agg, as, asc, b, call, CONF, col, desc, fixture, lit, NO_CACHE, ORDERS, PEOPLE, win } from './helpers.js';

const GOLDEN = resolve('test/planner/golden');
// Tiny splits so the fixtures (about 100 bytes) read as several partitions.
const SPLIT_CONF = { ...CONF, maxSplitBytes: 40 };

const people = (size = 1_000_000): LogicalPlan => b.csv(fixture('people.csv'), PEOPLE, size);
const orders = (size = 1_000_000): LogicalPlan => b.csv(fixture('orders.csv'), ORDERS, size);

const QUERIES: Record<string, () => LogicalPlan> = {
  'scan-filter-project': () => b.project(b.filter(people(), call('gt', col('v1'), call('add', lit(1), lit(2)))), col('name'), as(call('add', col('v1'), lit(1)), 'v1p')),
  'csv-pruned-columns': () => b.project(people(), col('city')),
  'group-by-agg': () => b.agg(people(), [col('city')], [agg('sum', col('v1')), as(agg('count'), 'n'), agg('avg', col('v2'))]),
  'agg-arithmetic': () => b.agg(people(), [col('city')], [as(call('sub', agg('max', col('v1')), agg('min', col('v2'))), 'spread'), agg('max', col('v1'))]),
  'count-distinct': () => b.agg(people(), [col('city')], [agg('countDistinct', col('name')), agg('median', col('v2'))]),
  'global-agg': () => b.agg(people(), [], [agg('sum', col('v1')), agg('count')]),
  'join-broadcast': () => b.join(people(), orders(300), 'inner', call('eq', col('id'), col('pid'))),
  'join-shuffled': () => b.join(people(), orders(), 'left', call('and', call('eq', col('id'), col('pid')), call('gt', col('amount'), col('v2')))),
  'join-right-broadcast-left': () => b.join(people(500), orders(), 'right', call('eq', col('id'), col('pid'))),
  'join-using-full': () => b.join(b.project(people(), col('id'), col('name')), b.project(orders(), as(col('pid'), 'id'), col('amount')), 'full', ['id']),
  'join-semi': () => b.join(people(), orders(), 'semi', call('eq', col('id'), col('pid'))),
  'join-anti': () => b.join(people(), orders(200), 'anti', call('eq', col('id'), col('pid'))),
  'cross-join': () => b.join(people(), orders(), 'cross', null),
  'full-join-no-keys': () => b.join(people(), orders(), 'full', call('lt', col('id'), col('pid'))),
  'order-by': () => b.sort(people(), desc(col('v1')), asc(col('name'))),
  'order-by-limit': () => b.limit(b.sort(people(), desc(col('v1'))), 3),
  'limit': () => b.limit(b.project(b.range(0, 100, 4), col('id')), 5),
  'union': () => b.union(b.project(people(), col('id'), col('name')), b.project(orders(), col('oid'), as(cast('utf8'), 'name'))),
  'distinct': () => b.distinct(b.project(people(), col('city'))),
  'window': () => b.project(people(), col('name'), as(win({ kind: 'rowNumber' }, [col('city')], [desc(col('v1'))]), 'rn'), as(win({ kind: 'agg', agg: agg('sum', col('v1')) }, [], []), 'total')),
  // groupby q8's shape: the two largest per group, a group limit on both sides of the exchange.
  'window-group-limit': () => b.project(
    b.filter(b.project(people(), col('city'), col('v1'), as(win({ kind: 'rowNumber' }, [col('city')], [desc(col('v1'))]), 'order_v1')), call('lte', col('order_v1'), lit(2))),
    col('city'), as(col('v1'), 'largest2_v1'),
  ),
  'window-group-limit-rank': () => b.filter(b.project(people(), col('name'), col('city'), col('v2'), as(win({ kind: 'rank' }, [col('city')], [asc(col('v2'))]), 'rk')), call('lte', col('rk'), lit(3))),
  'repartition': () => b.repartition(b.repartition(people(), 3, col('city')), 2),
  'coalesce': () => b.coalesce(b.range(0, 1000, 5), 2),
};

function cast(type: 'utf8'): ReturnType<typeof col> {
  return { kind: 'cast', expr: col('amount'), type };
}

describe('planner golden explain', () => {
  for (const [name, build] of Object.entries(QUERIES)) {
    it(name, async () => {
      const text = `${await explain(build(), SPLIT_CONF, NO_CACHE)}\n`;
      const file = resolve(GOLDEN, `${name}.txt`);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, text);
        if (process.env.UPDATE_GOLDEN === '1') return;
        throw new Error(`golden file ${name}.txt was missing; written now, review it and run again`);
      }
      expect(text).to.equal(readFileSync(file, 'utf8'));
    });
  }
});

describe('planner analyze and optimize are idempotent', () => {
  for (const [name, build] of Object.entries(QUERIES)) {
    it(name, () => {
      const a = analyze(build());
      expect(JSON.stringify(analyze(a))).to.equal(JSON.stringify(a));
      const o = optimize(a);
      expect(JSON.stringify(optimize(o))).to.equal(JSON.stringify(o));
      expect(schemaOf(o)).to.deep.equal(schemaOf(a));
    });
  }
});
