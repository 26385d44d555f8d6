import { expect } from 'chai';
import type { WindowFnSpec } from '../../../engine/expr.js';
import type { PhysicalNode } from '../../../engine/plan.js';
import type { Field, Schema } from '../../../engine/types.js';
import { windowOp } from '../../../engine/ops/index.js';
import { BATCH_SIZES, batches, canon, cmpCell, col, collect, ctx, f, key, leaf, maybeNull, prng, randInt, streamOf, type Cell, type Row } from './helpers.js';

const SCHEMA: Schema = [f('p', 'utf8'), f('o', 'int32'), f('v', 'int32'), f('id', 'int32')];
const V = col(2, 'int32', 'v');

const FNS: { field: Field; fn: WindowFnSpec; ref: (frame: Row[], rowIdx: number, peerStart: number, dense: number) => Cell }[] = [
  { field: f('rn', 'int32'), fn: { kind: 'rowNumber' }, ref: (_fr, i) => i + 1 },
  { field: f('rk', 'int32'), fn: { kind: 'rank' }, ref: (_fr, _i, ps) => ps + 1 },
  { field: f('drk', 'int32'), fn: { kind: 'denseRank' }, ref: (_fr, _i, _ps, d) => d },
  { field: f('sum_v', 'int64'), fn: { kind: 'agg', agg: { fn: 'sum', args: [V], type: 'int64' } }, ref: (fr) => { const nn = fr.map((r) => r[2]).filter((x) => x !== null) as number[]; return nn.length ? nn.reduce((a, b) => a + b, 0) : null; } },
  { field: f('cnt', 'int64'), fn: { kind: 'agg', agg: { fn: 'count', args: [], type: 'int64' } }, ref: (fr) => fr.length },
  { field: f('min_v', 'int32'), fn: { kind: 'agg', agg: { fn: 'min', args: [V], type: 'int32' } }, ref: (fr) => { const nn = fr.map((r) => r[2]).filter((x) => x !== null) as number[]; return nn.length ? Math.min(...nn) : null; } },
  { field: f('max_p', 'utf8'), fn: { kind: 'agg', agg: { fn: 'max', args: [col(0, 'utf8')], type: 'utf8' } }, ref: (fr) => { const nn = fr.map((r) => r[0]).filter((x) => x !== null) as string[]; return nn.length ? nn.reduce((a, b) => (b > a ? b : a)) : null; } },
  { field: f('avg_v', 'float64'), fn: { kind: 'agg', agg: { fn: 'avg', args: [V], type: 'float64' } }, ref: (fr) => { const nn = fr.map((r) => r[2]).filter((x) => x !== null) as number[]; return nn.length ? nn.reduce((a, b) => a + b, 0) / nn.length : null; } },
];

function randomRows(seed: number, n: number): Row[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, (_, id) => [maybeNull(rnd, ['a', 'b', 'c', 'd'][randInt(rnd, 0, 3)]!, 0.1), maybeNull(rnd, randInt(rnd, 0, 5), 0.1), maybeNull(rnd, randInt(rnd, -10, 10)), id]);
}

/** Reference: group with a Map, stable-sort each group by o (asc, nulls first), frames by definition. */
function reference(rows: Row[], ordered: boolean): Row[] {
  const groups = new Map<Cell, Row[]>();
  for (const r of rows) {
    if (!groups.has(r[0]!)) groups.set(r[0]!, []);
    groups.get(r[0]!)!.push(r);
  }
  const out: Row[] = [];
  for (const g of groups.values()) {
    const sorted = ordered ? g.slice().sort((a, b) => (a[1] === b[1] ? 0 : a[1] === null ? -1 : b[1] === null ? 1 : cmpCell(a[1]!, b[1]!))) : g;
    let dense = 0;
    sorted.forEach((r, i) => {
      const ps = ordered ? sorted.findIndex((x) => x[1] === r[1]) : 0;
      if (ps === i) dense++;
      let end = sorted.length;
      if (ordered) { end = i; while (end < sorted.length && sorted[end]![1] === r[1]) end++; }
      const frame = sorted.slice(0, end);
      out.push([...r, ...FNS.map((fn) => fn.ref(frame, i, ps, ordered ? dense : 1))]);
    });
  }
  return out;
}

describe('engine/ops window', () => {
  const rows = randomRows(5, 250);
  for (const ordered of [true, false]) {
    it(`partitionBy p ${ordered ? 'orderBy o (RANGE frame to the current peers)' : 'without orderBy (whole partition)'}, batch sizes 1/7/65536`, async () => {
      const fns = ordered ? FNS : FNS.filter((x) => x.fn.kind === 'agg');
      const node: Extract<PhysicalNode, { op: 'window' }> = {
        op: 'window', schema: [...SCHEMA, ...fns.map((x) => x.field)], partitions: 1, input: leaf(SCHEMA),
        partitionBy: [col(0, 'utf8')], orderBy: ordered ? [key(col(1, 'int32'), true, true)] : [], fns: fns.map((x) => x.fn),
      };
      const ref = reference(rows, ordered).map((r) => (ordered ? r : [...r.slice(0, 4), ...r.slice(4 + 3)]));
      for (const bs of BATCH_SIZES) {
        const got = await collect(windowOp(node, streamOf(batches(SCHEMA, rows, bs)), ctx(bs)));
        expect(canon(got), `batch size ${bs}`).to.deep.equal(canon(ref));
      }
    });
  }

  it('no partition keys: one window over all rows; empty input gives nothing', async () => {
    const node: Extract<PhysicalNode, { op: 'window' }> = {
      op: 'window', schema: [...SCHEMA, f('rn', 'int32')], partitions: 1, input: leaf(SCHEMA),
      partitionBy: [], orderBy: [key(col(3, 'int32'), false, false)], fns: [{ kind: 'rowNumber' }],
    };
    const got = await collect(windowOp(node, streamOf(batches(SCHEMA, rows, 7)), ctx(7)));
    expect(got.map((r) => [r[3], r[4]])).to.deep.equal(rows.map((r) => r[3]).reverse().map((id, i) => [id, i + 1]));
    expect(await collect(windowOp(node, streamOf([]), ctx(7)))).to.deep.equal([]);
  });
  it('rank and denseRank under a descending string order with nulls last, two partition keys', async () => {
    const sch: Schema = [f('p1', 'int32'), f('p2', 'utf8'), f('s', 'utf8')];
    const rnd = prng(77);
    const data: Row[] = Array.from({ length: 120 }, () => [maybeNull(rnd, randInt(rnd, 0, 1)), maybeNull(rnd, ['u', 'v'][randInt(rnd, 0, 1)]!), maybeNull(rnd, ['a', 'b', 'B', 'é', ''][randInt(rnd, 0, 4)]!)]);
    const node: Extract<PhysicalNode, { op: 'window' }> = {
      op: 'window', schema: [...sch, f('rk', 'int32'), f('drk', 'int32')], partitions: 1, input: leaf(sch),
      partitionBy: [col(0, 'int32'), col(1, 'utf8')], orderBy: [key(col(2, 'utf8'), false, false)], fns: [{ kind: 'rank' }, { kind: 'denseRank' }],
    };
    const got = await collect(windowOp(node, streamOf(batches(sch, data, 7)), ctx(7)));
    // Reference: rank = 1 + rows of the partition strictly before; dense = 1 + distinct values strictly before.
    const before = (r: Row, x: Row): boolean => x[0] === r[0] && x[1] === r[1] && x[2] !== r[2] && (r[2] === null || (x[2] !== null && cmpCell(x[2]!, r[2]!) > 0));
    const expected = data.map((r) => {
      const prior = data.filter((x) => before(r, x));
      return [...r, prior.length + 1, new Set(prior.map((x) => x[2])).size + 1];
    });
    expect(canon(got)).to.deep.equal(canon(expected));
  });
});
