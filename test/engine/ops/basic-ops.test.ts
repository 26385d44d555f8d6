import { expect } from 'chai';
import type { Batch } from '../../../engine/batch.js';
import type { PhysicalNode, ShuffleInput } from '../../../engine/plan.js';
import type { Schema } from '../../../engine/types.js';
import { CancelledError, InternalError } from '../../../engine/errors.js';
import { encodeIpc } from '../../../engine/arrow/index.js';
import { executePlan, filter, limit, project } from '../../../engine/ops/index.js';
import { BATCH_SIZES, batch, batches, call, canon, col, collect, collectBatches, ctx, f, leaf, lit, maybeNull, prng, randInt, streamOf, type Row } from './helpers.js';

const SCHEMA: Schema = [f('a', 'int32'), f('s', 'utf8'), f('x', 'float64')];

function randomRows(seed: number, n: number): Row[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => [maybeNull(rnd, randInt(rnd, -20, 20)), maybeNull(rnd, ['p', 'q', 'r'][randInt(rnd, 0, 2)]!), maybeNull(rnd, rnd() * 10)]);
}

/** A scan of cached partitions, with the IPC bytes in a cache map for the context. */
function cachedScan(schema: Schema, parts: Row[][], bs: number, extra: Partial<Extract<PhysicalNode, { op: 'scan' }>> = {}): { node: PhysicalNode; cache: Map<string, Uint8Array> } {
  const cache = new Map<string, Uint8Array>();
  parts.forEach((rows, p) => cache.set(`c1/${p}`, encodeIpc(schema, batches(schema, rows, Math.max(1, bs)))));
  const node: PhysicalNode = {
    op: 'scan', schema, partitions: 1, fileSchema: schema, projection: null, filters: [],
    splits: parts.map((_, p) => ({ kind: 'cached', cacheId: 'c1', partition: p, location: 'local' })), ...extra,
  } as PhysicalNode;
  return { node, cache };
}

describe('engine/ops project, filter, limit', () => {
  const rows = randomRows(3, 200);
  for (const bs of BATCH_SIZES) {
    it(`project computes expressions per row, batch size ${bs}`, async () => {
      const node: Extract<PhysicalNode, { op: 'project' }> = {
        op: 'project', schema: [f('x', 'float64'), f('a1', 'int32'), f('k', 'utf8')], partitions: 1, input: leaf(SCHEMA),
        exprs: [col(2, 'float64'), call('add', 'int32', col(0, 'int32'), lit(1, 'int32')), lit('k', 'utf8')],
      };
      const got = await collect(project(node, streamOf(batches(SCHEMA, rows, bs))));
      expect(got).to.deep.equal(rows.map((r) => [r[2], r[0] === null ? null : (r[0] as number) + 1, 'k']));
    });

    it(`filter keeps rows whose predicate is true (null is not true), batch size ${bs}`, async () => {
      const node: Extract<PhysicalNode, { op: 'filter' }> = {
        op: 'filter', schema: SCHEMA, partitions: 1, input: leaf(SCHEMA), predicate: call('gt', 'bool', col(0, 'int32'), lit(3, 'int32')),
      };
      const got = await collect(filter(node, streamOf(batches(SCHEMA, rows, bs))));
      expect(got).to.deep.equal(rows.filter((r) => r[0] !== null && (r[0] as number) > 3));
    });

    it(`limit takes the first n rows, batch size ${bs}`, async () => {
      for (const n of [0, 1, 13, 200, 500]) {
        const node: Extract<PhysicalNode, { op: 'limit' }> = { op: 'limit', schema: SCHEMA, partitions: 1, input: leaf(SCHEMA), n };
        expect(await collect(limit(node, streamOf(batches(SCHEMA, rows, bs))))).to.deep.equal(rows.slice(0, n));
      }
    });
  }

  it('limit stops pulling its input once it has n rows', async () => {
    let pulled = 0;
    async function* endless(): AsyncIterable<Batch> {
      for (;;) {
        pulled++;
        yield batch(SCHEMA, [[1, 'a', 1], [2, 'b', 2]]);
      }
    }
    const node: Extract<PhysicalNode, { op: 'limit' }> = { op: 'limit', schema: SCHEMA, partitions: 1, input: leaf(SCHEMA), n: 5 };
    expect(await collect(limit(node, endless()))).to.have.length(5);
    expect(pulled).to.equal(3);
  });
});

describe('engine/ops executePlan', () => {
  const p0 = randomRows(11, 60);
  const p1 = randomRows(12, 45);

  it('scans cached partitions with projection and filters', async () => {
    const { node, cache } = cachedScan(SCHEMA, [p0, p1], 7, {
      schema: [f('x', 'float64'), f('a', 'int32')], projection: [2, 0],
      filters: [call('isNotNull', 'bool', col(1, 'int32'))],
    });
    const got = await collect(executePlan(node, ctx(7, { cache })));
    expect(got).to.deep.equal([...p0, ...p1].filter((r) => r[0] !== null).map((r) => [r[2], r[0]]));
  });

  it('a cached partition the runtime does not hold is an error naming it', async () => {
    const { node } = cachedScan(SCHEMA, [p0], 7);
    let err: unknown;
    try { await collect(executePlan(node, ctx(7))); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(InternalError);
    expect((err as Error).message).to.contain('c1');
  });

  it('runs a plan of union, project, filter, sort and limit', async () => {
    const a = cachedScan(SCHEMA, [p0], 5);
    const b = cachedScan(SCHEMA, [p1], 5);
    const cache = new Map([...a.cache, ['c1/1', b.cache.get('c1/0')!]]);
    const bScan = { ...(b.node as Extract<PhysicalNode, { op: 'scan' }>), splits: [{ kind: 'cached' as const, cacheId: 'c1', partition: 1, location: 'local' }] };
    const un: PhysicalNode = { op: 'union', schema: SCHEMA, partitions: 1, inputs: [a.node, bScan] };
    const fl: PhysicalNode = { op: 'filter', schema: SCHEMA, partitions: 1, input: un, predicate: call('isNotNull', 'bool', col(0, 'int32')) };
    const pr: PhysicalNode = { op: 'project', schema: [f('a', 'int32')], partitions: 1, input: fl, exprs: [col(0, 'int32')] };
    const so: PhysicalNode = { op: 'sort', schema: [f('a', 'int32')], partitions: 1, input: pr, keys: [{ expr: col(0, 'int32'), asc: false, nullsFirst: false }], limit: null };
    const li: PhysicalNode = { op: 'limit', schema: [f('a', 'int32')], partitions: 1, input: so, n: 10 };
    const got = await collect(executePlan(li, ctx(4, { cache })));
    const expected = [...p0, ...p1].filter((r) => r[0] !== null).map((r) => r[0] as number).sort((x, y) => y - x).slice(0, 10).map((x) => [x]);
    expect(got).to.deep.equal(expected);
  });

  it('shuffleRead fetches the named reduce partitions from every map, skipping empty pieces', async () => {
    const input: ShuffleInput = { shuffleId: 4, maps: [{ mapPartition: 0, location: 'x', sizes: [] }, { mapPartition: 1, location: 'y', sizes: [] }] };
    const pieces = new Map<string, Uint8Array>([
      ['0/2', encodeIpc(SCHEMA, batches(SCHEMA, p0.slice(0, 10), 3))],
      ['1/2', new Uint8Array(0)],
      ['0/3', encodeIpc(SCHEMA, [])],
      ['1/3', encodeIpc(SCHEMA, batches(SCHEMA, p1.slice(0, 7), 7))],
    ]);
    const asked: number[] = [];
    const fetch = async function* (inp: ShuffleInput, reduce: number): AsyncIterable<Uint8Array> {
      asked.push(reduce);
      for (const m of inp.maps) {
        const p = pieces.get(`${m.mapPartition}/${reduce}`);
        if (p) yield p;
      }
    };
    const node: PhysicalNode = { op: 'shuffleRead', schema: SCHEMA, partitions: 1, shuffleId: 4, broadcast: false, reduce: [2, 3] };
    const got = await collect(executePlan(node, ctx(4, { inputs: [input], fetch })));
    expect(asked).to.deep.equal([2, 3]);
    expect(canon(got)).to.deep.equal(canon([...p0.slice(0, 10), ...p1.slice(0, 7)]));
    const bs = await collectBatches(executePlan(node, ctx(4, { inputs: [input], fetch })));
    for (const b of bs) expect(b.length).to.be.at.most(4);
  });

  it('exchange and coalesce never reach a task', () => {
    const ex: PhysicalNode = { op: 'exchange', schema: SCHEMA, partitions: 1, input: leaf(SCHEMA), partitioning: { kind: 'single' }, broadcast: false };
    expect(() => executePlan(ex, ctx(7))).to.throw(InternalError);
    const co: PhysicalNode = { op: 'coalesce', schema: SCHEMA, partitions: 1, input: leaf(SCHEMA), groups: [[0]] };
    expect(() => executePlan(co, ctx(7))).to.throw(InternalError);
  });

  it('a cancelled job stops with CancelledError', async () => {
    const { node, cache } = cachedScan(SCHEMA, [p0], 7);
    const ac = new AbortController();
    ac.abort();
    let err: unknown;
    try { await collect(executePlan(node, ctx(7, { cache, signal: ac.signal }))); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(CancelledError);
  });

  it('scans a range split through engine/io', async () => {
    const schema: Schema = [f('id', 'int64', false)];
    const node: PhysicalNode = {
      op: 'scan', schema, partitions: 1, fileSchema: schema, projection: null,
      filters: [call('gt', 'bool', col(0, 'int64'), lit(90, 'int64'))],
      splits: [{ kind: 'range', start: 0, end: 100, step: 3 }, { kind: 'range', start: 200, end: 190, step: -4 }],
    };
    const got = await collect(executePlan(node, ctx(8)));
    const expected = [...Array.from({ length: 34 }, (_, i) => i * 3), 200, 196, 192].filter((x) => x > 90).map((x) => [x]);
    expect(got).to.deep.equal(expected);
  });
});
