import { expect } from 'chai';
import type { AggSpec, Expr } from '../../../engine/expr.js';
import type { PhysicalNode } from '../../../engine/plan.js';
import type { Field, Schema } from '../../../engine/types.js';
import { DataError } from '../../../engine/errors.js';
import { aggStateFields, hashAggregate } from '../../../engine/aggregate/index.js';
import { recode, type StringForm } from './string-keys.js';
import { BATCH_SIZES, batches, call, canon, col, collect, collectBatches, ctx, f, leaf, lit, maybeNull, prng, randInt, streamOf, type Cell, type Row } from '../ops/helpers.js';

type AggNode = Extract<PhysicalNode, { op: 'aggregate' }>;

const SCHEMA: Schema = [f('g1', 'utf8'), f('g2', 'int32'), f('v', 'int32'), f('x', 'float64'), f('y', 'float64'), f('s', 'utf8'), f('b', 'int64')];
const G1 = col(0, 'utf8', 'g1');
const G2 = col(1, 'int32', 'g2');
const V = col(2, 'int32', 'v');
const X = col(3, 'float64', 'x');
const Y = col(4, 'float64', 'y');
const S = col(5, 'utf8', 's');
const B = col(6, 'int64', 'b');

interface NamedAgg { name: string; spec: AggSpec }
const agg = (name: string, fn: AggSpec['fn'], type: Field['type'], ...args: Expr[]): NamedAgg => ({ name, spec: { fn, args, type } });

const DECOMPOSABLE: NamedAgg[] = [
  agg('cnt', 'count', 'int64'),
  agg('cnt_v', 'count', 'int64', V),
  agg('sum_v', 'sum', 'int64', V),
  agg('sum_b', 'sum', 'int64', B),
  agg('sum_x', 'sum', 'float64', X),
  agg('avg_v', 'avg', 'float64', V),
  agg('min_v', 'min', 'int32', V),
  agg('max_x', 'max', 'float64', X),
  agg('min_s', 'min', 'utf8', S),
  agg('max_s', 'max', 'utf8', S),
  agg('first_v', 'first', 'int32', V),
  agg('first_s', 'first', 'utf8', S),
  agg('sd_x', 'stddev', 'float64', X),
  agg('corr_xy', 'corr', 'float64', X, Y),
  agg('sum_expr', 'sum', 'int64', call('add', 'int32', V, lit(1, 'int32'))),
];
const HOLISTIC: NamedAgg[] = [
  agg('cd_v', 'countDistinct', 'int64', V),
  agg('cd_s', 'countDistinct', 'int64', S),
  agg('med_x', 'median', 'float64', X),
  agg('med_v', 'median', 'float64', V),
];

function randomRows(seed: number, n: number): Row[] {
  const rnd = prng(seed);
  const words = ['a', 'b', 'c', 'dd', 'é', ''];
  return Array.from({ length: n }, () => [
    maybeNull(rnd, ['x', 'y', 'z'][randInt(rnd, 0, 2)]!, 0.1),
    maybeNull(rnd, randInt(rnd, -1, 2), 0.1),
    maybeNull(rnd, randInt(rnd, -50, 50)),
    maybeNull(rnd, Math.round((rnd() * 200 - 100) * 100) / 100),
    maybeNull(rnd, rnd() * 10),
    maybeNull(rnd, words[randInt(rnd, 0, words.length - 1)]!),
    maybeNull(rnd, randInt(rnd, -1e12, 1e12)),
  ]);
}

/** Plain-JS reference: Map from group key to the group's rows, then each aggregate by definition. */
function reference(rows: readonly Row[], groupCols: number[], aggs: NamedAgg[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = JSON.stringify(groupCols.map((c) => r[c]));
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  if (groupCols.length === 0 && groups.size === 0) groups.set('[]', []);
  const out: Row[] = [];
  for (const [k, rs] of groups) {
    const row: Row = JSON.parse(k);
    for (const a of aggs) row.push(refAgg(a.spec, rs));
    out.push(row);
  }
  return out;
}

function argIndex(e: Expr): number {
  if (e.kind === 'col') return e.index;
  throw new Error('reference handles column args only');
}

function values(spec: AggSpec, rs: Row[], i = 0): Cell[] {
  const e = spec.args[i]!;
  if (e.kind === 'call') return rs.map((r) => (r[argIndex(e.args[0]!)] === null ? null : (r[argIndex(e.args[0]!)] as number) + 1));
  return rs.map((r) => r[argIndex(e)]!);
}

function refAgg(spec: AggSpec, rs: Row[]): Cell {
  if (spec.fn === 'count' && spec.args.length === 0) return rs.length;
  if (spec.fn === 'corr') {
    const pairs = rs.map((r) => [r[argIndex(spec.args[0]!)], r[argIndex(spec.args[1]!)]] as [Cell, Cell]).filter(([a, b]) => a !== null && b !== null) as [number, number][];
    if (pairs.length < 2) return null;
    const mx = pairs.reduce((s, p) => s + p[0], 0) / pairs.length;
    const my = pairs.reduce((s, p) => s + p[1], 0) / pairs.length;
    let sxy = 0, sxx = 0, syy = 0;
    for (const [a, b] of pairs) { sxy += (a - mx) * (b - my); sxx += (a - mx) ** 2; syy += (b - my) ** 2; }
    return sxy / Math.sqrt(sxx * syy);
  }
  const vs = values(spec, rs);
  const nn = vs.filter((v) => v !== null);
  switch (spec.fn) {
    case 'count': return nn.length;
    case 'countDistinct': return new Set(nn).size;
    case 'sum': return nn.length === 0 ? null : (nn as number[]).reduce((a, b) => a + b, 0);
    case 'avg': return nn.length === 0 ? null : (nn as number[]).reduce((a, b) => a + b, 0) / nn.length;
    case 'min': return nn.length === 0 ? null : nn.reduce((a, b) => (b! < a! ? b : a));
    case 'max': return nn.length === 0 ? null : nn.reduce((a, b) => (b! > a! ? b : a));
    case 'first': return nn.length === 0 ? null : nn[0]!;
    case 'median': {
      if (nn.length === 0) return null;
      const s = (nn as number[]).slice().sort((a, b) => a - b);
      const m = s.length >> 1;
      return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
    }
    case 'stddev': {
      if (nn.length < 2) return null;
      const m = (nn as number[]).reduce((a, b) => a + b, 0) / nn.length;
      return Math.sqrt((nn as number[]).reduce((a, b) => a + (b - m) ** 2, 0) / (nn.length - 1));
    }
    default: throw new Error(spec.fn);
  }
}

function node(mode: AggNode['mode'], groupBy: Expr[], groupFields: Field[], aggs: NamedAgg[], input: Schema): AggNode {
  const fields = mode === 'partial'
    ? aggs.flatMap((a) => aggStateFields(a.spec, a.name))
    : aggs.map((a) => f(a.name, a.spec.type));
  return { op: 'aggregate', schema: [...groupFields, ...fields], partitions: 1, input: leaf(input), mode, groupBy, aggs: aggs.map((a) => a.spec) };
}

/** Equal up to float rounding, row sets compared after sorting. */
function expectSameRows(actual: Row[], expected: Row[]): void {
  expect(actual.length).to.equal(expected.length);
  const round = (rows: Row[]) => rows.map((r) => r.map((c) => (typeof c === 'number' && !Number.isInteger(c) ? Number(c.toPrecision(10)) : c)));
  expect(canon(round(actual))).to.deep.equal(canon(round(expected)));
}

/** `form`: how string columns arrive (plain dictionaries, bytes, mixed, one dictionary shared by the batches). */
async function single(rows: Row[], groupCols: number[], aggs: NamedAgg[], batchSize: number, form: StringForm = 'strings'): Promise<Row[]> {
  const groupBy = groupCols.map((c) => col(c, SCHEMA[c]!.type, SCHEMA[c]!.name));
  const n = node('single', groupBy, groupCols.map((c) => SCHEMA[c]!), aggs, SCHEMA);
  return collect(hashAggregate(n, streamOf(recode(batches(SCHEMA, rows, batchSize), form)), ctx(batchSize)));
}

async function partialFinal(rows: Row[], groupCols: number[], aggs: NamedAgg[], batchSize: number, parts: number, form: StringForm = 'strings'): Promise<Row[]> {
  const groupFields = groupCols.map((c) => SCHEMA[c]!);
  const groupBy = groupCols.map((c) => col(c, SCHEMA[c]!.type, SCHEMA[c]!.name));
  const p = node('partial', groupBy, groupFields, aggs, SCHEMA);
  const partialOut = [];
  const per = Math.ceil(rows.length / parts);
  for (let i = 0; i < parts; i++) {
    const chunk = rows.slice(i * per, (i + 1) * per);
    partialOut.push(...await collectBatches(hashAggregate(p, streamOf(recode(batches(SCHEMA, chunk, batchSize), form)), ctx(batchSize))));
  }
  const fin = node('final', groupCols.map((_, i) => col(i, groupFields[i]!.type, groupFields[i]!.name)), groupFields, aggs, p.schema);
  return collect(hashAggregate(fin, streamOf(partialOut), ctx(batchSize)));
}

describe('engine/aggregate hashAggregate', () => {
  const rows = randomRows(42, 400);

  for (const bs of BATCH_SIZES) {
    it(`single mode, group by (g1, g2), every aggregate, batch size ${bs}`, async () => {
      const aggs = [...DECOMPOSABLE, ...HOLISTIC];
      expectSameRows(await single(rows, [0, 1], aggs, bs), reference(rows, [0, 1], aggs));
    });

    it(`partial + final over 3 partials equals single and the reference, batch size ${bs}`, async () => {
      const pf = await partialFinal(rows, [0, 1], DECOMPOSABLE, bs, 3);
      expectSameRows(pf, reference(rows, [0, 1], DECOMPOSABLE));
      expectSameRows(pf, await single(rows, [0, 1], DECOMPOSABLE, bs));
    });
  }

  for (const form of ['bytes', 'mixed', 'shared'] as const) {
    it(`string keys as ${form} dictionaries: by (g1, g2), by s alone, by (s, g1); single and partial + final`, async () => {
      const aggs = [...DECOMPOSABLE, ...HOLISTIC];
      for (const bs of [1, 7, 64]) {
        expectSameRows(await single(rows, [0, 1], aggs, bs, form), reference(rows, [0, 1], aggs));
        expectSameRows(await single(rows, [5], aggs, bs, form), reference(rows, [5], aggs));
        expectSameRows(await single(rows, [5, 0], DECOMPOSABLE, bs, form), reference(rows, [5, 0], DECOMPOSABLE));
        expectSameRows(await partialFinal(rows, [5], DECOMPOSABLE, bs, 3, form), reference(rows, [5], DECOMPOSABLE));
        expectSameRows(await partialFinal(rows, [0, 1, 5], DECOMPOSABLE, bs, 4, form), reference(rows, [0, 1, 5], DECOMPOSABLE));
      }
    });
  }

  it('the group keys of a string grouping come out as a byte dictionary', async () => {
    const groupBy = [col(5, 'utf8', 's'), col(0, 'utf8', 'g1')];
    const n = node('single', groupBy, [SCHEMA[5]!, SCHEMA[0]!], [agg('cnt', 'count', 'int64')], SCHEMA);
    const out = await collectBatches(hashAggregate(n, streamOf(batches(SCHEMA, rows, 50)), ctx(1000)));
    expect(out).to.have.length(1);
    for (const c of [0, 1]) {
      const v = out[0]!.columns[c]!;
      expect(v.kind === 'str' && v.utf8 !== undefined, `key column ${c}`).to.equal(true);
    }
  });

  it('groups by a string column alone and by an int column alone', async () => {
    expectSameRows(await single(rows, [5], DECOMPOSABLE, 7), reference(rows, [5], DECOMPOSABLE));
    expectSameRows(await single(rows, [2], HOLISTIC, 7), reference(rows, [2], HOLISTIC));
  });

  it('many groups (forces table growth)', async () => {
    const many = randomRows(7, 5000).map((r, i) => { const c = r.slice(); c[2] = i % 3000; return c; });
    expectSameRows(await single(many, [2], [agg('cnt', 'count', 'int64'), agg('sum_x', 'sum', 'float64', X)], 512),
      reference(many, [2], [agg('cnt', 'count', 'int64'), agg('sum_x', 'sum', 'float64', X)]));
  });

  it('nulls form their own group; NaN and -0 group with their equals', async () => {
    const sch: Schema = [f('k', 'float64'), f('v', 'int32')];
    const input: Row[] = [[null, 1], [NaN, 2], [0, 3], [-0, 4], [NaN, 5], [null, 6], [1.5, 7]];
    const n: AggNode = { op: 'aggregate', schema: [f('k', 'float64'), f('s', 'int64')], partitions: 1, input: leaf(sch), mode: 'single', groupBy: [col(0, 'float64')], aggs: [{ fn: 'sum', args: [col(1, 'int32')], type: 'int64' }] };
    const out = await collect(hashAggregate(n, streamOf(batches(sch, input, 3)), ctx(3)));
    expect(canon(out)).to.deep.equal(canon([[null, 7], [NaN, 7], [0, 7], [1.5, 7]]));
  });

  it('no group-by columns over empty input gives one row in single, partial and final mode', async () => {
    const aggs = [agg('cnt', 'count', 'int64'), agg('sum_v', 'sum', 'int64', V), agg('avg_v', 'avg', 'float64', V), agg('min_s', 'min', 'utf8', S), agg('sd_x', 'stddev', 'float64', X), agg('cd', 'countDistinct', 'int64', V)];
    expect(await single([], [], aggs, 7)).to.deep.equal([[0, null, null, null, null, 0]]);
    const pfAggs = aggs.slice(0, 5);
    const p = node('partial', [], [], pfAggs, SCHEMA);
    const partial = await collect(hashAggregate(p, streamOf([]), ctx(7)));
    expect(partial).to.have.length(1);
    expect(await partialFinal([], [], pfAggs, 7, 3)).to.deep.equal([[0, null, null, null, null]]);
  });

  it('no group-by columns over data equals the reference', async () => {
    const aggs = [...DECOMPOSABLE, ...HOLISTIC];
    expectSameRows(await single(rows, [], aggs, 7), reference(rows, [], aggs));
    expectSameRows(await partialFinal(rows, [], DECOMPOSABLE, 7, 4), reference(rows, [], DECOMPOSABLE));
  });

  it('groups with keys but no rows give no output', async () => {
    expect(await single([], [0], DECOMPOSABLE, 7)).to.deep.equal([]);
  });

  it('an int64 sum is exact past 2^53, and beyond the int64 range a DataError naming the column', async () => {
    const big: Row[] = [['x', 1, 1, 1, 1, 'a', 2 ** 52], ['x', 1, 1, 1, 1, 'a', 2 ** 52 + 1], ['x', 1, 1, 1, 1, 'a', 2 ** 52 + 3]];
    const ok = await collectBatches(hashAggregate(node('single', [G1], [SCHEMA[0]!], [agg('total_b', 'sum', 'int64', B)], SCHEMA), streamOf(batches(SCHEMA, big, 2)), ctx(7)));
    const sum = ok[0]!.columns[1]!;
    expect(sum.kind === 'num' && sum.values[0]).to.equal(3n * 2n ** 52n + 4n);
    const huge: Row[] = [['x', 1, 1, 1, 1, 'a', 2 ** 62], ['x', 1, 1, 1, 1, 'a', 2 ** 62]];
    let err: unknown;
    try {
      await single(huge, [0], [agg('total_b', 'sum', 'int64', B)], 7);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(DataError);
    expect((err as Error).message).to.contain('total_b').and.to.contain('sum');
  });

  it('output comes in batches of at most batchSize rows', async () => {
    const bs = await collectBatches(hashAggregate(node('single', [V], [SCHEMA[2]!], [agg('cnt', 'count', 'int64')], SCHEMA), streamOf(batches(SCHEMA, rows, 64)), ctx(10)));
    expect(bs.length).to.be.greaterThan(5);
    for (const b of bs) expect(b.length).to.be.at.most(10);
  });
});
