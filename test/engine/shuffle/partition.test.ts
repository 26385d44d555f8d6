import { expect } from 'chai';
import type { SortKey } from '../../../engine/expr.js';
import type { Partitioning } from '../../../engine/plan.js';
import type { Schema } from '../../../engine/types.js';
import { decodeIpc, encodeIpc } from '../../../engine/arrow/index.js';
import { computeRangeBounds, partitionBatch, sampleKeys, writeShuffle } from '../../../engine/shuffle/index.js';
import { batch, batches, canon, cmpRows, col, f, key, maybeNull, prng, randInt, rowsOf, streamOf, type Row } from '../ops/helpers.js';

const SCHEMA: Schema = [f('i', 'int32'), f('s', 'utf8'), f('x', 'float64')];

function randomRows(seed: number, n: number): Row[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => [maybeNull(rnd, randInt(rnd, -50, 50)), maybeNull(rnd, ['k', 'a', 'zz', 'b', 'é', ''][randInt(rnd, 0, 5)]!), maybeNull(rnd, randInt(rnd, -9, 9) / 4)]);
}


describe('engine/shuffle partitionBatch', () => {
  it('hash: the same value in int32, int64 and float64 columns lands in the same partition', () => {
    const vals = [0, 1, -1, 7, 123456, -99, null];
    const sch = (t: 'int32' | 'int64' | 'float64'): Schema => [f('k', t)];
    const parts = (['int32', 'int64', 'float64'] as const).map((t) =>
      Array.from(partitionBatch(batch(sch(t), vals.map((v) => [v])), { kind: 'hash', keys: [col(0, t)], partitions: 7 })));
    expect(parts[1]).to.deep.equal(parts[0]);
    expect(parts[2]).to.deep.equal(parts[0]);
    for (const p of parts[0]!) expect(p).to.be.within(0, 6);
  });

  it('hash: strings by content, whatever the dictionary', () => {
    const rows = randomRows(1, 100);
    const a = partitionBatch(batch(SCHEMA, rows), { kind: 'hash', keys: [col(1, 'utf8')], partitions: 5 });
    const b = partitionBatch(batch(SCHEMA, rows.slice().reverse()), { kind: 'hash', keys: [col(1, 'utf8')], partitions: 5 });
    expect(Array.from(a)).to.deep.equal(Array.from(b).reverse());
    // equal strings, equal partitions; and more than one partition is used
    const byVal = new Map<unknown, number>();
    rows.forEach((r, i) => { if (byVal.has(r[1])) expect(a[i]).to.equal(byVal.get(r[1])); else byVal.set(r[1], a[i]!); });
    expect(new Set(a).size).to.be.greaterThan(1);
  });

  it('roundRobin and single', () => {
    const b = batch(SCHEMA, randomRows(2, 10));
    expect(Array.from(partitionBatch(b, { kind: 'roundRobin', partitions: 3 }, 2))).to.deep.equal([2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(Array.from(partitionBatch(b, { kind: 'single' }))).to.deep.equal(new Array(10).fill(0));
  });

  const keySets = [
    [{ c: 0, asc: true, nullsFirst: true }],
    [{ c: 1, asc: false, nullsFirst: false }, { c: 2, asc: true, nullsFirst: false }],
    [{ c: 2, asc: false, nullsFirst: true }, { c: 1, asc: true, nullsFirst: true }],
  ];
  keySets.forEach((ks, n) => {
    it(`range (key set ${n}): sample → bounds → partition; sorted partitions concatenated are sorted`, async () => {
      const rows = randomRows(10 + n, 600);
      const keys: SortKey[] = ks.map((k) => key(col(k.c, SCHEMA[k.c]!.type), k.asc, k.nullsFirst));
      // Sample three "map tasks", then bounds for 4 partitions over the sample columns k0..kn−1.
      const samples: Uint8Array[] = [];
      for (let m = 0; m < 3; m++) {
        const { sample, rows: seen } = await sampleKeys(streamOf(batches(SCHEMA, rows.slice(m * 200, (m + 1) * 200), 7)), keys, 50, m);
        expect(seen).to.equal(200);
        expect(sample.length).to.equal(50);
        expect(sample.schema.map((x) => x.name)).to.deep.equal(ks.map((_, i) => `k${i}`));
        samples.push(encodeIpc(sample.schema, [sample]));
      }
      const sampleKeysOver: SortKey[] = ks.map((k, i) => key(col(i, SCHEMA[k.c]!.type), k.asc, k.nullsFirst));
      const boundsIpc = computeRangeBounds(samples, sampleKeysOver, 4);
      const bounds = decodeIpc(boundsIpc);
      expect(bounds.batches.reduce((s, b) => s + b.length, 0)).to.be.within(1, 3);
      const p: Partitioning = { kind: 'range', keys, partitions: 4, bounds: boundsIpc };
      const ids = partitionBatch(batch(SCHEMA, rows), p);
      const cmp = cmpRows(ks);
      const byPart: Row[][] = [[], [], [], []];
      rows.forEach((r, i) => byPart[ids[i]!]!.push(r));
      const concatenated = byPart.flatMap((part) => part.slice().sort(cmp));
      expect(concatenated.length).to.equal(rows.length);
      for (let i = 1; i < concatenated.length; i++) expect(cmp(concatenated[i - 1]!, concatenated[i]!)).to.be.at.most(0);
      expect(byPart.filter((x) => x.length > 0).length).to.be.greaterThan(1);
    });
  });

  it('computeRangeBounds over empty samples gives no bounds: every row to partition 0', () => {
    const keys = [key(col(0, 'int32'))];
    const bounds = computeRangeBounds([new Uint8Array(0)], keys, 4);
    const ids = partitionBatch(batch(SCHEMA, randomRows(3, 20)), { kind: 'range', keys, partitions: 4, bounds });
    expect(Array.from(ids)).to.deep.equal(new Array(20).fill(0));
  });

  it('the sampler is seeded: same seed, same sample; fewer rows than the size keeps them all', async () => {
    const rows = randomRows(4, 300);
    const keys = [key(col(0, 'int32'))];
    const a = await sampleKeys(streamOf(batches(SCHEMA, rows, 7)), keys, 20, 5);
    const b = await sampleKeys(streamOf(batches(SCHEMA, rows, 7)), keys, 20, 5);
    expect(rowsOf(a.sample)).to.deep.equal(rowsOf(b.sample));
    const small = await sampleKeys(streamOf(batches(SCHEMA, rows.slice(0, 10), 3)), keys, 20, 5);
    expect(canon(rowsOf(small.sample))).to.deep.equal(canon(rows.slice(0, 10).map((r) => [r[0]!])));
  });
});

describe('engine/shuffle writeShuffle', () => {
  it('splits rows into one IPC piece per reduce partition (empty pieces are zero bytes)', async () => {
    const rows = randomRows(6, 300);
    const p: Partitioning = { kind: 'hash', keys: [col(1, 'utf8')], partitions: 9 };
    const { pieces, rows: n } = await writeShuffle(streamOf(batches(SCHEMA, rows, 7)), SCHEMA, p, { batchSize: 7 });
    expect(n).to.equal(300);
    expect(pieces).to.have.length(9);
    const ids = partitionBatch(batch(SCHEMA, rows), p);
    pieces.forEach((bytes, r) => {
      const expected = rows.filter((_, i) => ids[i] === r);
      if (expected.length === 0) expect(bytes.length).to.equal(0);
      const got = bytes.length === 0 ? [] : decodeIpc(bytes).batches.flatMap(rowsOf);
      expect(got).to.deep.equal(expected);
    });
  });
});
