/**
 * windowGroupLimit against a plain-JS reference: group rows by the partition keys, sort each
 * group by the order keys, number, rank and dense-rank them, keep those ≤ k. Seeded random
 * data with nulls in every column, few distinct order values (many ties), NaN and −0 among
 * the numbers, string and null partition keys, several batch sizes.
 */
import { expect } from 'chai';
import type { SortKey } from '../../../engine/expr.js';
import type { PhysicalNode, RankingFn } from '../../../engine/plan.js';
import type { Schema } from '../../../engine/types.js';
import { GroupTopK, windowGroupLimitOp } from '../../../engine/ops/index.js';
import { BATCH_SIZES, batches, canon, cmpRows, col, collect, ctx, f, key, leaf, maybeNull, prng, randInt, rowsOf, streamOf, type Cell, type Row } from './helpers.js';

type Node = Extract<PhysicalNode, { op: 'windowGroupLimit' }>;

// p: string partition key, q: int partition key, o: float order key (few values, NaN, −0),
// s: string order key, id: row identity.
const SCHEMA: Schema = [f('p', 'utf8'), f('q', 'int32'), f('o', 'float64'), f('s', 'utf8'), f('id', 'int32')];
const P = col(0, 'utf8', 'p');
const Q = col(1, 'int32', 'q');
const O = col(2, 'float64', 'o');
const S = col(3, 'utf8', 's');

function randomRows(seed: number, n: number): Row[] {
  const rnd = prng(seed);
  const oValues = [1, 2, 2.5, -0, 0, Number.NaN, -3];
  return Array.from({ length: n }, (_, id) => [
    maybeNull(rnd, ['a', 'b', 'c'][randInt(rnd, 0, 2)]!, 0.1),
    maybeNull(rnd, randInt(rnd, 0, 4), 0.1),
    maybeNull(rnd, oValues[randInt(rnd, 0, oValues.length - 1)]!, 0.15),
    maybeNull(rnd, ['x', 'yy', 'Y', 'z'][randInt(rnd, 0, 3)]!, 0.15),
    id,
  ]);
}

/** Cells as a map key (NaN and −0 kept apart from null and 0 where it matters: not for keys). */
const keyOf = (cells: readonly Cell[]): string => JSON.stringify(cells.map((c) => (typeof c === 'number' && Number.isNaN(c) ? 'NaN' : c)));

interface Case { fn: RankingFn; k: number; partitionBy: number[]; orderBy: { c: number; asc: boolean; nullsFirst: boolean }[] }

/** Reference: the rows whose ranking value is ≤ k, per group of the partition key cells. */
function reference(rows: readonly Row[], c: Case): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const g = keyOf(c.partitionBy.map((i) => r[i]!));
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(r);
  }
  const cmp = cmpRows(c.orderBy);
  const out: Row[] = [];
  for (const g of groups.values()) {
    const sorted = g.slice().sort(cmp);
    let rank = 0;
    let dense = 0;
    sorted.forEach((r, i) => {
      if (i === 0 || cmp(sorted[i - 1]!, r) !== 0) {
        rank = i + 1;
        dense++;
      }
      const v = c.fn === 'rowNumber' ? i + 1 : c.fn === 'rank' ? rank : dense;
      if (v <= c.k) out.push(r);
    });
  }
  return out;
}

/** The columns a comparison looks at: all of them, or (rowNumber: ties broken any way) keys and order values only. */
function project(rows: readonly Row[], c: Case): string[] {
  if (c.fn !== 'rowNumber') return canon(rows);
  const cols = [...c.partitionBy, ...c.orderBy.map((o) => o.c)];
  return canon(rows.map((r) => cols.map((i) => r[i]!)));
}

function nodeFor(c: Case): Node {
  const exprs = [P, Q, O, S];
  const orderBy: SortKey[] = c.orderBy.map((o) => key(exprs[o.c]!, o.asc, o.nullsFirst));
  return { op: 'windowGroupLimit', input: leaf(SCHEMA), schema: SCHEMA, partitions: 1, partitionBy: c.partitionBy.map((i) => exprs[i]!), orderBy, fn: c.fn, limit: c.k, mode: 'final' };
}

const FNS: RankingFn[] = ['rowNumber', 'rank', 'denseRank'];
const ORDERS: { name: string; orderBy: Case['orderBy'] }[] = [
  { name: 'o asc nulls first', orderBy: [{ c: 2, asc: true, nullsFirst: true }] },
  { name: 'o desc nulls last', orderBy: [{ c: 2, asc: false, nullsFirst: false }] },
  { name: 'o asc nulls last', orderBy: [{ c: 2, asc: true, nullsFirst: false }] },
  { name: 'o desc nulls first', orderBy: [{ c: 2, asc: false, nullsFirst: true }] },
  { name: 's desc nulls first', orderBy: [{ c: 3, asc: false, nullsFirst: true }] },
  { name: 's asc, o desc', orderBy: [{ c: 3, asc: true, nullsFirst: false }, { c: 2, asc: false, nullsFirst: true }] },
];
const KEYS: { name: string; partitionBy: number[] }[] = [
  { name: 'p', partitionBy: [0] },
  { name: 'q', partitionBy: [1] },
  { name: 'p, q', partitionBy: [0, 1] },
  { name: 'no keys', partitionBy: [] },
];

describe('engine/ops windowGroupLimit', () => {
  const rows = randomRows(7, 1500);

  for (const fn of FNS) {
    for (const k of [1, 2, 5]) {
      it(`${fn} <= ${k}: every order and key set, batch sizes 1/7/65536, equals the reference`, async () => {
        for (const o of ORDERS) {
          for (const ks of KEYS) {
            const c: Case = { fn, k, partitionBy: ks.partitionBy, orderBy: o.orderBy };
            const want = reference(rows, c);
            for (const bs of BATCH_SIZES) {
              if (bs === 1 && ks.partitionBy.length !== 1) continue; // one-row batches: enough on one key set
              const got = await collect(windowGroupLimitOp(nodeFor(c), streamOf(batches(SCHEMA, rows, bs)), ctx(64)));
              expect(project(got, c), `${o.name} by ${ks.name}, batch ${bs}`).to.deep.equal(project(want, c));
              if (fn === 'rowNumber') expect(got.length).to.equal(want.length);
            }
          }
        }
      });
    }
  }

  it('compacts the retained rows many times on the way and still keeps the right rows', () => {
    const many = randomRows(11, 4000);
    for (const fn of FNS) {
      for (const o of ORDERS) {
        const c: Case = { fn, k: 2, partitionBy: [0, 1], orderBy: o.orderBy };
        const topK = new GroupTopK(nodeFor(c), 16);
        for (const b of batches(SCHEMA, many, 37)) topK.add(b);
        const got = rowsOf(topK.finish());
        expect(project(got, c), `${fn} ${o.name}`).to.deep.equal(project(reference(many, c), c));
      }
    }
  });

  it('keeps every tied row for rank and denseRank when one group is all ties', async () => {
    const ties: Row[] = Array.from({ length: 300 }, (_, id) => ['a', 1, id < 200 ? 5 : 7, 'x', id]);
    for (const fn of ['rank', 'denseRank'] as const) {
      const c: Case = { fn, k: 1, partitionBy: [0], orderBy: [{ c: 2, asc: true, nullsFirst: true }] };
      const got = await collect(windowGroupLimitOp(nodeFor(c), streamOf(batches(SCHEMA, ties, 50)), ctx(1000)));
      expect(got.map((r) => r[4])).to.have.members(ties.slice(0, 200).map((r) => r[4]));
    }
    const dense2: Case = { fn: 'denseRank', k: 2, partitionBy: [0], orderBy: [{ c: 2, asc: true, nullsFirst: true }] };
    expect(await collect(windowGroupLimitOp(nodeFor(dense2), streamOf(batches(SCHEMA, ties, 50)), ctx(1000)))).to.have.length(300);
    const rn: Case = { fn: 'rowNumber', k: 3, partitionBy: [0], orderBy: [{ c: 2, asc: false, nullsFirst: true }] };
    const got = await collect(windowGroupLimitOp(nodeFor(rn), streamOf(batches(SCHEMA, ties, 50)), ctx(1000)));
    expect(got.map((r) => r[2])).to.deep.equal([7, 7, 7]);
  });

  it('emits batches of at most the batch size and nothing for no input', async () => {
    const c: Case = { fn: 'rank', k: 5, partitionBy: [1], orderBy: [{ c: 2, asc: true, nullsFirst: true }] };
    const out: number[] = [];
    for await (const b of windowGroupLimitOp(nodeFor(c), streamOf(batches(SCHEMA, rows, 100)), ctx(10))) out.push(b.length);
    expect(Math.max(...out)).to.be.at.most(10);
    expect(out.reduce((a, b) => a + b, 0)).to.equal(reference(rows, c).length);
    expect(await collect(windowGroupLimitOp(nodeFor(c), streamOf([]), ctx(10)))).to.deep.equal([]);
  });
});
