import { expect } from 'chai';
import type { PhysicalNode, Task } from '../../engine/plan.js';
import { decodeTaskFrame, encodeTaskFrame } from '../../engine/task-frame.js';
import { analyze, schemaOf, createPhysicalPlan, cutStages, findUncachedCaches, optimize, specializeForPartition, type PlanContext } from '../../planner/index.js';
import type { LogicalPlan } from '../../planner/logical.js';
import type { PlannerConf } from '../../planner/stage-graph.js';
import { agg, as, asc, b, call, cast, CONF, col, fields, fixture, lit, NO_CACHE, ORDERS, PEOPLE } from './helpers.js';

/** Operators top-down, children in brackets; exchanges show their partitioning. */
function ops(n: PhysicalNode): string {
  const label = n.op === 'exchange' ? `exchange:${n.broadcast ? 'broadcast' : n.partitioning.kind}` : n.op === 'aggregate' ? `aggregate:${n.mode}` : n.op === 'sort' && n.limit !== null ? `topk:${n.limit}` : n.op;
  const kids = n.op === 'scan' || n.op === 'shuffleRead' ? [] : n.op === 'hashJoin' || n.op === 'nestedLoopJoin' ? [n.left, n.right] : n.op === 'union' ? n.inputs : [n.input];
  return kids.length ? `${label}(${kids.map(ops).join(', ')})` : label;
}

async function physical(p: LogicalPlan, conf: PlannerConf = CONF, ctx: PlanContext = NO_CACHE): Promise<PhysicalNode> {
  return createPhysicalPlan(optimize(analyze(p)), conf, ctx);
}

/** An inline source with `partitions` partitions and an estimated size. */
const people = (partitions = 2, size = 100_000): LogicalPlan => b.inline(PEOPLE, partitions, size);
const orders = (partitions = 2, size = 100_000): LogicalPlan => b.inline(ORDERS, partitions, size);
const on = call('eq', col('id'), col('pid'));

describe('planner physical planning', () => {
  describe('scans', () => {
    it('cuts a range into contiguous splits', async () => {
      const n = await physical(b.range(0, 10, 3));
      expect(n.op === 'scan' && n.splits).to.deep.equal([
        { kind: 'range', start: 0, end: 3, step: 1 }, { kind: 'range', start: 3, end: 6, step: 1 }, { kind: 'range', start: 6, end: 10, step: 1 },
      ]);
      expect(n.partitions).to.equal(3);
    });
    it('makes one split per inline partition', async () => {
      const n = await physical(people(3));
      expect(n.op === 'scan' && n.splits.map((s) => s.kind === 'inline' && new TextDecoder().decode(s.ipc))).to.deep.equal(['part0', 'part1', 'part2']);
    });
    it('reads a materialized cache through cached splits', async () => {
      const plan = b.project(b.cache(people(), 'c1'), col('name'));
      const ctx: PlanContext = { cacheLocations: (id) => (id === 'c1' ? ['http://a', 'http://b'] : undefined) };
      const n = await physical(plan, CONF, ctx);
      expect(ops(n)).to.equal('project(scan)');
      const scan = n.op === 'project' ? n.input : n;
      expect(scan.op === 'scan' && scan.splits).to.deep.equal([
        { kind: 'cached', cacheId: 'c1', partition: 0, location: 'http://a' },
        { kind: 'cached', cacheId: 'c1', partition: 1, location: 'http://b' },
      ]);
      expect(scan.schema.map((f) => f.name)).to.deep.equal(PEOPLE.map((f) => f.name));
      expect(ops(await physical(plan))).to.equal('project(scan)');
    });
    it('binds pushed filters and projection of a file scan', async () => {
      const n = await physical(b.project(b.filter(b.csv(fixture('people.csv'), PEOPLE), call('gt', col('v2'), lit(1))), col('name')));
      const scan = n.op === 'project' ? n.input : n;
      expect(scan.op).to.equal('scan');
      if (scan.op !== 'scan') return;
      expect(scan.projection).to.deep.equal([1, 3]);
      expect(scan.filters).to.deep.equal([{ kind: 'call', fn: 'gt', type: 'bool', args: [{ kind: 'col', index: 1, type: 'float64', name: 'v2' }, { kind: 'lit', value: 1, type: 'int32' }] }]);
    });
  });

  describe('aggregates', () => {
    it('splits into partial, hash exchange, final', async () => {
      const n = await physical(b.agg(people(), [col('city')], [agg('sum', col('v1'))]));
      expect(ops(n)).to.equal('aggregate:final(exchange:hash(aggregate:partial(scan)))');
      if (n.op !== 'aggregate' || n.input.op !== 'exchange') throw new Error('shape');
      const partial = n.input.input;
      expect(partial.schema.map((f) => `${f.name}:${f.type}`)).to.deep.equal(['city:utf8', 'sum(v1)#sum:int64']);
      expect(n.input.partitioning).to.deep.equal({ kind: 'hash', keys: [{ kind: 'col', index: 0, type: 'utf8', name: 'city' }], partitions: 4 });
      expect(n.schema.map((f) => `${f.name}:${f.type}`)).to.deep.equal(['city:utf8', 'sum(v1):int64']);
    });
    it('uses a single exchange without group keys', async () => {
      const n = await physical(b.agg(people(), [], [agg('count')]));
      expect(ops(n)).to.equal('aggregate:final(exchange:single(aggregate:partial(scan)))');
    });
    it('aggregates a single-partition input in place', async () => {
      expect(ops(await physical(b.agg(people(1), [col('city')], [agg('sum', col('v1'))])))).to.equal('aggregate:single(scan)');
    });
    it('projects expressions over aggregates and the output names', async () => {
      const n = await physical(b.agg(people(), [col('city')], [as(call('sub', agg('max', col('v1')), agg('min', col('v2'))), 'spread'), agg('max', col('v1'))]));
      expect(ops(n)).to.equal('project(aggregate:final(exchange:hash(aggregate:partial(scan))))');
      expect(n.schema.map((f) => `${f.name}:${f.type}`)).to.deep.equal(['city:utf8', 'spread:float64', 'max(v1):int32']);
      if (n.op !== 'project' || n.input.op !== 'aggregate') throw new Error('shape');
      expect(n.input.aggs.map((a) => a.fn)).to.deep.equal(['max', 'min']);
      expect(n.exprs[1]).to.deep.equal({
        kind: 'call', fn: 'sub', type: 'float64',
        args: [{ kind: 'col', index: 1, type: 'int32', name: 'max(v1)' }, { kind: 'col', index: 2, type: 'float64', name: 'min(v2)' }],
      });
    });
    it('plans countDistinct as project, hash exchange, single aggregate', async () => {
      const n = await physical(b.agg(people(), [col('city')], [agg('countDistinct', col('name')), agg('sum', col('v1'))]));
      expect(ops(n)).to.equal('aggregate:single(exchange:hash(project(scan)))');
      if (n.op !== 'aggregate') throw new Error('shape');
      expect(n.aggs.map((a) => a.args.map((x) => x.kind === 'col' && x.index))).to.deep.equal([[1], [2]]);
      expect(ops(await physical(b.agg(people(), [], [agg('median', col('v1'))])))).to.equal('aggregate:single(exchange:single(project(scan)))');
    });
    it('plans distinct as an aggregate on all columns', async () => {
      const n = await physical(b.distinct(people()));
      expect(ops(n)).to.equal('aggregate:final(exchange:hash(aggregate:partial(scan)))');
      expect(n.op === 'aggregate' && n.groupBy.length).to.equal(5);
    });
  });

  describe('joins', () => {
    it('broadcasts a small right side for inner/left/semi/anti', async () => {
      for (const how of ['inner', 'left', 'semi', 'anti'] as const) {
        const n = await physical(b.join(people(2), orders(3, 10), how, on));
        expect(ops(n), how).to.equal('hashJoin(scan, exchange:broadcast(scan))');
        expect(n.op === 'hashJoin' && n.build).to.equal('right');
        expect(n.partitions).to.equal(2);
      }
    });
    it('broadcasts a small left side for inner/right', async () => {
      for (const how of ['inner', 'right'] as const) {
        const n = await physical(b.join(people(2, 10), orders(3), how, on));
        expect(ops(n), how).to.equal('hashJoin(exchange:broadcast(scan), scan)');
        expect(n.op === 'hashJoin' && n.build).to.equal('left');
        expect(n.partitions).to.equal(3);
      }
    });
    it('never broadcasts the preserved side of an outer join', async () => {
      expect(ops(await physical(b.join(people(2, 10), orders(3), 'left', on)))).to.equal('hashJoin(exchange:hash(scan), exchange:hash(scan))');
      expect(ops(await physical(b.join(people(2), orders(3, 10), 'right', on)))).to.equal('hashJoin(exchange:hash(scan), exchange:hash(scan))');
      expect(ops(await physical(b.join(people(2, 10), orders(3, 10), 'full', on)))).to.equal('hashJoin(exchange:hash(scan), exchange:hash(scan))');
    });
    it('shuffles both sides to the same partition count when neither is small, or broadcasting is off', async () => {
      const n = await physical(b.join(people(), orders(), 'inner', on));
      expect(ops(n)).to.equal('hashJoin(exchange:hash(scan), exchange:hash(scan))');
      if (n.op !== 'hashJoin' || n.left.op !== 'exchange' || n.right.op !== 'exchange') throw new Error('shape');
      expect(n.left.partitions).to.equal(4);
      expect(n.right.partitions).to.equal(4);
      const off = await physical(b.join(people(2, 10), orders(2, 10), 'inner', on), { ...CONF, broadcastThresholdBytes: 0 });
      expect(ops(off)).to.equal('hashJoin(exchange:hash(scan), exchange:hash(scan))');
    });
    it('casts keys of different types to a common type', async () => {
      const r = b.project(orders(), as(cast(col('pid'), 'int64'), 'pid'));
      const n = await physical(b.join(people(), r, 'inner', on));
      if (n.op !== 'hashJoin' || n.left.op !== 'exchange' || n.left.partitioning.kind !== 'hash') throw new Error('shape');
      expect(n.leftKeys).to.deep.equal([{ kind: 'cast', type: 'int64', expr: { kind: 'col', index: 0, type: 'int32', name: 'id' } }]);
      expect(n.left.partitioning.keys).to.deep.equal(n.leftKeys);
      expect(n.rightKeys[0]!.type).to.equal('int64');
    });
    it('splits an on condition into equi keys and a residual filter over left+right', async () => {
      const cond = call('and', call('eq', col('pid'), col('id')), call('gt', col('amount'), col('v2')));
      const n = await physical(b.join(people(), orders(), 'inner', cond));
      if (n.op !== 'hashJoin') throw new Error('shape');
      expect(n.leftKeys.map((k) => k.kind === 'col' && k.name)).to.deep.equal(['id']);
      expect(n.rightKeys.map((k) => k.kind === 'col' && k.name)).to.deep.equal(['pid']);
      expect(n.filter).to.deep.include({ fn: 'gt' });
      expect(n.filter && n.filter.kind === 'call' && n.filter.args.map((a) => a.kind === 'col' && a.index)).to.deep.equal([7, 3]);
    });
    it('uses a nested-loop join with the right side broadcast without equi keys', async () => {
      expect(ops(await physical(b.join(people(), orders(), 'cross', null)))).to.equal('nestedLoopJoin(scan, exchange:broadcast(scan))');
      expect(ops(await physical(b.join(people(), orders(), 'left', call('lt', col('id'), col('pid')))))).to.equal('nestedLoopJoin(scan, exchange:broadcast(scan))');
    });
    it('uses single exchanges on both sides for right/full joins without equi keys', async () => {
      for (const how of ['right', 'full'] as const) {
        const n = await physical(b.join(people(), orders(), how, call('lt', col('id'), col('pid'))));
        expect(ops(n)).to.equal('nestedLoopJoin(exchange:single(scan), exchange:single(scan))');
        expect(n.partitions).to.equal(1);
      }
    });
    it('keeps each using column once, first; a full join coalesces both sides', async () => {
      const r = b.project(orders(), as(col('pid'), 'id'), col('amount'));
      const n = await physical(b.join(people(), r, 'full', ['id']));
      expect(n.schema.map((f) => f.name)).to.deep.equal(['id', 'name', 'v1', 'v2', 'city', 'amount']);
      if (n.op !== 'project') throw new Error('shape');
      expect(n.exprs[0]).to.deep.include({ kind: 'call', fn: 'coalesce' });
      const right = await physical(b.join(people(), b.project(orders(), as(col('pid'), 'id'), col('amount')), 'right', ['id']));
      expect(right.op === 'project' && right.exprs[0]).to.deep.equal({ kind: 'col', index: 5, type: 'int32', name: 'id' });
    });
  });

  describe('self-joins', () => {
    it('keeps columns of a Dataset joined with a filtered copy of itself apart through the optimizer', async () => {
      const a = b.csv(fixture('people.csv'), PEOPLE);
      const a2 = b.filter(a, call('gt', col('v1'), lit(1)));
      const j = b.join(a, a2, 'inner', call('eq', col('id', a.id), col('v1', a2.id)));
      const n = await physical(b.project(j, as(col('name', a.id), 'l'), as(col('name', a2.id), 'r')));
      if (n.op !== 'project' || n.input.op !== 'hashJoin') throw new Error(`shape ${ops(n)}`);
      const hj = n.input;
      expect(hj.leftKeys.map((k) => k.kind === 'col' && k.name)).to.deep.equal(['id']);
      expect(hj.rightKeys.map((k) => k.kind === 'col' && k.name)).to.deep.equal(['v1']);
      const nl = hj.left.schema.length;
      expect(n.exprs.map((e) => e.kind === 'col' && e.index)).to.deep.equal([hj.left.schema.findIndex((f) => f.name === 'name'), nl + hj.right.schema.findIndex((f) => f.name === 'name')]);
      const right = hj.right.op === 'exchange' ? hj.right.input : hj.right;
      expect(right.op === 'scan' && right.filters.length).to.equal(1);
    });
    it('joins a Dataset with itself on a using column and rejects an unpinned duplicate', () => {
      const a = b.inline(PEOPLE);
      expect(schemaOf(analyze(b.project(b.join(a, a, 'inner', ['id']), col('id')))).map((f) => f.name)).to.deep.equal(['id']);
      expect(() => analyze(b.project(b.join(a, a, 'inner', ['id']), col('name')))).to.throw(/ambiguous/);
    });
  });

  describe('sort, limit, window, repartition, coalesce, union', () => {
    it('range-partitions before a sort, not for one partition', async () => {
      expect(ops(await physical(b.sort(people(), asc(col('v1')))))).to.equal('sort(exchange:range(scan))');
      expect(ops(await physical(b.sort(people(1), asc(col('v1')))))).to.equal('sort(scan)');
    });
    it('makes a top-k of a sort with a limit', async () => {
      expect(ops(await physical(b.limit(b.sort(people(), asc(col('v1'))), 5)))).to.equal('topk:5(exchange:single(topk:5(scan)))');
      expect(ops(await physical(b.limit(b.sort(people(1), asc(col('v1'))), 5)))).to.equal('topk:5(scan)');
    });
    it('plans a limit as local limit, single exchange, limit', async () => {
      expect(ops(await physical(b.limit(people(), 5)))).to.equal('limit(exchange:single(limit(scan)))');
      expect(ops(await physical(b.limit(people(1), 5)))).to.equal('limit(scan)');
    });
    it('exchanges on the partition keys of each window spec', async () => {
      const w1 = { kind: 'window', fn: { kind: 'rowNumber' }, partitionBy: [col('city')], orderBy: [asc(col('v1'))] } as const;
      const w2 = { kind: 'window', fn: { kind: 'agg', agg: agg('sum', col('v1')) }, partitionBy: [col('city')], orderBy: [] } as const;
      const n = await physical(b.project(people(), col('name'), as(w1, 'rn'), as(w2, 's')));
      expect(ops(n)).to.equal('project(window(window(exchange:hash(scan))))');
      expect(n.schema.map((f) => `${f.name}:${f.type}`)).to.deep.equal(['name:utf8', 'rn:int32', 's:int64']);
    });
    it('repartitions by hash or round robin', async () => {
      const h = await physical(b.repartition(people(), 3, col('city')));
      expect(h.op === 'exchange' && h.partitioning.kind === 'hash' && h.partitions).to.equal(3);
      const r = await physical(b.repartition(people(), 5));
      expect(r.op === 'exchange' && r.partitioning).to.deep.equal({ kind: 'roundRobin', partitions: 5 });
    });
    it('coalesces into contiguous groups', async () => {
      const n = await physical(b.coalesce(people(5), 2));
      expect(n.op === 'coalesce' && n.groups).to.deep.equal([[0, 1], [2, 3, 4]]);
      expect(ops(await physical(b.coalesce(people(2), 4)))).to.equal('scan');
    });
    it('unions with the partitions of the inputs in order', async () => {
      const n = await physical(b.union(people(2), b.project(people(3), col('id'), col('name'), col('v1'), col('v2'), col('city'))));
      expect(n.op === 'union' && n.partitions).to.equal(5);
    });
  });

  describe('stages', () => {
    it('cuts at every exchange, parents first, and reads shuffles', async () => {
      const n = await physical(b.agg(b.join(people(), orders(), 'inner', on), [col('city')], [agg('sum', col('amount'))]));
      let next = 10;
      const g = cutStages(n, () => next++);
      expect(g.stages.map((s) => [s.id, s.partitions, s.output.kind === 'shuffle' ? s.output.shuffleId : 'result', s.parents])).to.deep.equal([
        [0, 2, 10, []], [1, 2, 11, []], [2, 4, 12, [0, 1]], [3, 4, 'result', [2]],
      ]);
      expect(g.resultStage).to.equal(3);
      const s2 = g.stages[2]!;
      expect(ops(s2.plan)).to.equal('aggregate:partial(hashJoin(shuffleRead, shuffleRead))');
      expect(s2.output).to.deep.include({ kind: 'shuffle', broadcast: false });
      const json = JSON.stringify(g);
      expect(json).not.to.contain('"op":"exchange"');
      // Every stage's plan travels in a task frame (its inline data as binary attachments).
      for (const s of g.stages) {
        const t: Task = { jobId: 'j', stageId: s.id, partition: 0, attempt: 0, plan: s.plan, inputs: [], output: { kind: 'result' }, conf: { batchSize: 8, bigint: false } };
        expect(decodeTaskFrame(encodeTaskFrame(t)).plan).to.deep.equal(s.plan);
      }
    });
    it('marks a broadcast shuffle', async () => {
      const g = cutStages(await physical(b.join(people(), orders(2, 10), 'inner', on)), (() => { let i = 0; return () => i++; })());
      expect(g.stages[0]!.output).to.deep.equal({ kind: 'shuffle', shuffleId: 0, partitioning: { kind: 'single' }, broadcast: true });
      const join = g.stages[1]!.plan;
      expect(join.op === 'hashJoin' && join.right).to.deep.include({ op: 'shuffleRead', shuffleId: 0, broadcast: true, reduce: null });
    });
  });

  describe('specializeForPartition', () => {
    it('keeps the split of a scan and the reduce partition of a shuffle read', async () => {
      const g = cutStages(await physical(b.agg(people(3), [col('city')], [agg('count')])), (() => { let i = 0; return () => i++; })());
      const map = specializeForPartition(g.stages[0]!.plan, 2);
      const scan = map.op === 'aggregate' ? map.input : map;
      expect(scan.op === 'scan' && scan.splits).to.deep.equal([{ kind: 'inline', ipc: new TextEncoder().encode('part2') }]);
      const reduce = specializeForPartition(g.stages[1]!.plan, 3);
      expect(reduce.op === 'aggregate' && reduce.input).to.deep.include({ op: 'shuffleRead', reduce: [3] });
    });
    it('keeps the union input owning the partition', async () => {
      const u = await physical(b.union(people(2), b.project(people(3), col('id'), col('name'), col('v1'), col('v2'), col('city'))));
      const p3 = specializeForPartition(u, 3);
      expect(p3.op).to.equal('union');
      if (p3.op !== 'union') return;
      expect(p3.inputs).to.have.length(1);
      const inner = p3.inputs[0]!;
      const scan = inner.op === 'project' ? inner.input : inner;
      expect(scan.op === 'scan' && scan.splits).to.deep.equal([{ kind: 'inline', ipc: new TextEncoder().encode('part1') }]);
      const p0 = specializeForPartition(u, 0);
      expect(p0.op === 'union' && p0.inputs[0]!.op === 'scan' && p0.inputs[0]!.splits).to.deep.equal([{ kind: 'inline', ipc: new TextEncoder().encode('part0') }]);
      expect(p3.schema).to.deep.equal(u.schema);
    });
    it('turns a coalesce into a union of its group', async () => {
      const c = await physical(b.coalesce(people(5), 2));
      const p1 = specializeForPartition(c, 1);
      expect(p1.op === 'union' && p1.inputs.map((i) => i.op === 'scan' && i.splits[0])).to.deep.equal([
        { kind: 'inline', ipc: new TextEncoder().encode('part2') }, { kind: 'inline', ipc: new TextEncoder().encode('part3') }, { kind: 'inline', ipc: new TextEncoder().encode('part4') },
      ]);
    });
    it('reads partition 0 of a broadcast side in every task', async () => {
      const g = cutStages(await physical(b.join(people(3), orders(2, 10), 'inner', on)), (() => { let i = 0; return () => i++; })());
      const t = specializeForPartition(g.stages[1]!.plan, 2);
      if (t.op !== 'hashJoin') throw new Error('shape');
      expect(t.right).to.deep.include({ op: 'shuffleRead', reduce: [0] });
      expect(t.left.op === 'scan' && t.left.splits).to.deep.equal([{ kind: 'inline', ipc: new TextEncoder().encode('part2') }]);
    });
  });

  describe('findUncachedCaches', () => {
    it('lists uncached caches innermost first and skips what a materialized cache hides', () => {
      const inner = b.cache(people(), 'inner');
      const outer = b.cache(b.filter(inner, call('gt', col('v1'), lit(1))), 'outer');
      const plan = analyze(b.union(outer, b.project(inner, col('id'), col('name'), col('v1'), col('v2'), col('city'))));
      expect(findUncachedCaches(plan, () => false).map((c) => c.node === 'cache' && c.cacheId)).to.deep.equal(['inner', 'outer']);
      expect(findUncachedCaches(plan, (id) => id === 'outer').map((c) => c.node === 'cache' && c.cacheId)).to.deep.equal(['inner']);
      expect(findUncachedCaches(plan, () => true)).to.deep.equal([]);
      void fields;
    });
  });
});
