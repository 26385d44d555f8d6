import { expect } from 'chai';
import type { SortKey } from '../../../engine/expr.js';
import type { PhysicalNode } from '../../../engine/plan.js';
import type { Schema } from '../../../engine/types.js';
import { sort } from '../../../engine/ops/index.js';
import { BATCH_SIZES, batches, cmpRows, col, collect, collectBatches, ctx, f, key, leaf, maybeNull, prng, randInt, streamOf, type Row } from './helpers.js';

const SCHEMA: Schema = [f('i', 'int32'), f('s', 'utf8'), f('x', 'float64'), f('id', 'int32'), f('d', 'date')];

function randomRows(seed: number, n: number): Row[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, (_, id) => [
    maybeNull(rnd, randInt(rnd, -3, 3)),
    maybeNull(rnd, ['b', 'a', 'B', 'ab', '', 'é'][randInt(rnd, 0, 5)]!),
    maybeNull(rnd, rnd() < 0.05 ? NaN : randInt(rnd, -5, 5) / 2),
    id,
    maybeNull(rnd, randInt(rnd, 18000, 18005)),
  ]);
}

/** Reference: Array.prototype.sort (stable) with an explicit comparator. */
function refSort(rows: Row[], keys: { c: number; asc: boolean; nullsFirst: boolean }[]): Row[] {
  return rows.slice().sort(cmpRows(keys));
}

const KEY_SETS = [
  [{ c: 0, asc: true, nullsFirst: true }],
  [{ c: 1, asc: true, nullsFirst: false }],
  [{ c: 2, asc: false, nullsFirst: false }],
  [{ c: 0, asc: true, nullsFirst: true }, { c: 1, asc: false, nullsFirst: false }],
  [{ c: 1, asc: true, nullsFirst: false }, { c: 2, asc: false, nullsFirst: true }, { c: 4, asc: true, nullsFirst: true }],
  [{ c: 4, asc: false, nullsFirst: true }, { c: 0, asc: false, nullsFirst: false }],
];

function sortNode(keys: { c: number; asc: boolean; nullsFirst: boolean }[], limit: number | null): Extract<PhysicalNode, { op: 'sort' }> {
  const sk: SortKey[] = keys.map((k) => key(col(k.c, SCHEMA[k.c]!.type), k.asc, k.nullsFirst));
  return { op: 'sort', schema: SCHEMA, partitions: 1, input: leaf(SCHEMA), keys: sk, limit };
}

describe('engine/ops sort', () => {
  const rows = randomRows(9, 300);
  KEY_SETS.forEach((keys, n) => {
    it(`key set ${n}: exact stable order, batch sizes 1/7/65536`, async () => {
      const expected = refSort(rows, keys);
      for (const bs of BATCH_SIZES) {
        const got = await collect(sort(sortNode(keys, null), streamOf(batches(SCHEMA, rows, bs)), ctx(bs)));
        expect(JSON.stringify(got), `batch size ${bs}`).to.equal(JSON.stringify(expected));
      }
    });

    it(`key set ${n}: top-k keeps the first k rows of the stable order`, async () => {
      for (const k of [0, 1, 5, 64, 1000]) {
        for (const bs of [7, 65536]) {
          const got = await collect(sort(sortNode(keys, k), streamOf(batches(SCHEMA, rows, bs)), ctx(bs)));
          expect(JSON.stringify(got), `k ${k} batch size ${bs}`).to.equal(JSON.stringify(refSort(rows, keys).slice(0, k)));
        }
      }
    });
  });

  it('empty input gives no rows; output batches are at most batchSize', async () => {
    expect(await collect(sort(sortNode(KEY_SETS[0]!, null), streamOf([]), ctx(7)))).to.deep.equal([]);
    const out = await collectBatches(sort(sortNode(KEY_SETS[0]!, null), streamOf(batches(SCHEMA, rows, 100)), ctx(16)));
    for (const b of out) expect(b.length).to.be.at.most(16);
    expect(out.reduce((s, b) => s + b.length, 0)).to.equal(rows.length);
  });
});
