import { expect } from 'chai';
import type { AggSpec } from '../../../engine/expr.js';
import type { PhysicalNode } from '../../../engine/plan.js';
import type { Schema } from '../../../engine/types.js';
import { aggStateFields, hashAggregate } from '../../../engine/aggregate/index.js';
import { batches, col, collect, collectBatches, ctx, f, leaf, lit, streamOf, type Row } from '../ops/helpers.js';

type AggNode = Extract<PhysicalNode, { op: 'aggregate' }>;

const SCHEMA: Schema = [f('k', 'int32'), f('b', 'bool'), f('d', 'date'), f('x', 'float64'), f('t', 'timestamp')];
const ROWS: Row[] = [
  [1, 1, 19000, NaN, 1_700_000_000_000],
  [1, 0, 18000, -0, null],
  [1, null, null, 0, 1_600_000_000_000],
  [2, 0, 20000, 2.5, null],
  [2, null, 20001, 1.5, null],
  [2, 0, null, null, null],
  [3, null, null, null, null],
];

function specs(): { name: string; spec: AggSpec }[] {
  return [
    { name: 'min_b', spec: { fn: 'min', args: [col(1, 'bool')], type: 'bool' } },
    { name: 'max_b', spec: { fn: 'max', args: [col(1, 'bool')], type: 'bool' } },
    { name: 'min_d', spec: { fn: 'min', args: [col(2, 'date')], type: 'date' } },
    { name: 'max_t', spec: { fn: 'max', args: [col(4, 'timestamp')], type: 'timestamp' } },
    { name: 'max_x', spec: { fn: 'max', args: [col(3, 'float64')], type: 'float64' } },
    { name: 'min_x', spec: { fn: 'min', args: [col(3, 'float64')], type: 'float64' } },
    { name: 'cnt_null', spec: { fn: 'count', args: [lit(null, 'null')], type: 'int64' } },
  ];
}

describe('engine/aggregate over bool, date, timestamp, NaN and null-typed arguments', () => {
  const expected: Row[] = [
    [1, 0, 1, 18000, 1_700_000_000_000, NaN, -0, 0],
    [2, 0, 0, 20000, null, 2.5, 1.5, 0],
    [3, null, null, null, null, null, null, 0],
  ];

  for (const mode of ['single', 'partial+final'] as const) {
    it(`${mode}: NaN is the greatest number; bool/date/timestamp keep their type`, async () => {
      const s = specs();
      let out: Row[];
      if (mode === 'single') {
        const n: AggNode = { op: 'aggregate', schema: [SCHEMA[0]!, ...s.map((x) => f(x.name, x.spec.type))], partitions: 1, input: leaf(SCHEMA), mode: 'single', groupBy: [col(0, 'int32')], aggs: s.map((x) => x.spec) };
        const bs = await collectBatches(hashAggregate(n, streamOf(batches(SCHEMA, ROWS, 2)), ctx(7)));
        expect(bs[0]!.columns.map((c) => c.type)).to.deep.equal(['int32', 'bool', 'bool', 'date', 'timestamp', 'float64', 'float64', 'int64']);
        out = bs.flatMap((b) => collectRows(b));
      } else {
        const p: AggNode = { op: 'aggregate', schema: [SCHEMA[0]!, ...s.flatMap((x) => aggStateFields(x.spec, x.name))], partitions: 1, input: leaf(SCHEMA), mode: 'partial', groupBy: [col(0, 'int32')], aggs: s.map((x) => x.spec) };
        const parts = [...await collectBatches(hashAggregate(p, streamOf(batches(SCHEMA, ROWS.slice(0, 4), 3)), ctx(7))), ...await collectBatches(hashAggregate(p, streamOf(batches(SCHEMA, ROWS.slice(4), 3)), ctx(7)))];
        const fin: AggNode = { op: 'aggregate', schema: [SCHEMA[0]!, ...s.map((x) => f(x.name, x.spec.type))], partitions: 1, input: leaf(p.schema), mode: 'final', groupBy: [col(0, 'int32')], aggs: s.map((x) => x.spec) };
        out = await collect(hashAggregate(fin, streamOf(parts), ctx(7)));
      }
      out.sort((a, b) => (a[0] as number) - (b[0] as number));
      expect(out.map((r) => r.map((c) => (Number.isNaN(c) ? 'NaN' : c)))).to.deep.equal(expected.map((r) => r.map((c) => (Number.isNaN(c) ? 'NaN' : c))));
    });
  }

  it('countDistinct counts NaN once and -0 as 0; median of an even count is the mean of the middle two', async () => {
    const sch: Schema = [f('x', 'float64')];
    const rows: Row[] = [[NaN], [NaN], [0], [-0], [1], [null], [4]];
    const n: AggNode = {
      op: 'aggregate', schema: [f('cd', 'int64'), f('med', 'float64')], partitions: 1, input: leaf(sch), mode: 'single', groupBy: [],
      aggs: [{ fn: 'countDistinct', args: [col(0, 'float64')], type: 'int64' }, { fn: 'median', args: [col(0, 'float64')], type: 'float64' }],
    };
    const out = await collect(hashAggregate(n, streamOf(batches(sch, rows.filter((r) => !Number.isNaN(r[0])), 2)), ctx(7)));
    expect(out).to.deep.equal([[3, 0.5]]);
    const withNaN = await collect(hashAggregate(n, streamOf(batches(sch, rows, 2)), ctx(7)));
    expect(withNaN[0]![0]).to.equal(4);
  });
});

function collectRows(b: { length: number; columns: readonly import('../../../engine/batch.js').Vec[] }): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < b.length; i++) out.push(b.columns.map((v) => (v.valid !== null && v.valid[i] === 0 ? null : v.kind === 'str' ? v.dict[v.codes[i]!]! : Number(v.values[i]!))));
  return out;
}
