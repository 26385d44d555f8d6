import { expect } from 'chai';
import type { Expr } from '../../../engine/expr.js';
import type { JoinType, PhysicalNode } from '../../../engine/plan.js';
import type { Schema } from '../../../engine/types.js';
import { hashJoin, nestedLoopJoin } from '../../../engine/ops/index.js';
import { BATCH_SIZES, batches, call, canon, col, collect, collectBatches, ctx, f, leaf, maybeNull, prng, randInt, streamOf, type Row } from './helpers.js';

const LEFT: Schema = [f('k1', 'int32'), f('k2', 'utf8'), f('lv', 'float64')];
// The right key k1 is float64 holding integers: keys compare by value across storages.
const RIGHT: Schema = [f('k1', 'float64'), f('k2', 'utf8'), f('rv', 'int32')];
const COMBINED: Schema = [...LEFT, ...RIGHT];
const LV = col(2, 'float64', 'lv');
const RV = col(5, 'int32', 'rv');
const GT: Expr = call('gt', 'bool', LV, RV);

function randomSide(seed: number, n: number, right: boolean): Row[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => [
    maybeNull(rnd, randInt(rnd, 0, 6), 0.1),
    maybeNull(rnd, ['a', 'b', 'é'][randInt(rnd, 0, 2)]!, 0.1),
    maybeNull(rnd, right ? randInt(rnd, 0, 20) : Math.round(rnd() * 200) / 10, 0.1),
  ]);
}

type Cond = (l: Row, r: Row) => boolean;

/** Reference join by nested loops over plain rows. */
function refJoin(L: Row[], R: Row[], how: JoinType, cond: Cond): Row[] {
  const out: Row[] = [];
  const rMatched = new Array<boolean>(R.length).fill(false);
  const nullsL = LEFT.map(() => null);
  const nullsR = RIGHT.map(() => null);
  for (const l of L) {
    let matched = false;
    R.forEach((r, j) => {
      if (!cond(l, r)) return;
      matched = true;
      rMatched[j] = true;
      if (how !== 'semi' && how !== 'anti') out.push([...l, ...r]);
    });
    if (how === 'semi' && matched) out.push(l);
    if (how === 'anti' && !matched) out.push(l);
    if ((how === 'left' || how === 'full') && !matched) out.push([...l, ...nullsR]);
  }
  if (how === 'right' || how === 'full') R.forEach((r, j) => { if (!rMatched[j]) out.push([...nullsL, ...r]); });
  return out;
}

const keysEqual: Cond = (l, r) => l[0] !== null && r[0] !== null && l[1] !== null && r[1] !== null && l[0] === r[0] && l[1] === r[1];
const gt: Cond = (l, r) => l[2] !== null && r[2] !== null && (l[2] as number) > (r[2] as number);

function outSchema(how: JoinType): Schema {
  return how === 'semi' || how === 'anti' ? LEFT : COMBINED;
}

describe('engine/ops hashJoin', () => {
  const L = randomSide(1, 70, false);
  const R = randomSide(2, 50, true);
  const hows = ['inner', 'left', 'right', 'full', 'semi', 'anti'] as const;
  for (const how of hows) {
    for (const build of ['left', 'right'] as const) {
      for (const withFilter of [false, true]) {
        it(`${how} join, build ${build}, ${withFilter ? 'with' : 'without'} residual filter, batch sizes 1/7/65536`, async () => {
          const expected = canon(refJoin(L, R, how, withFilter ? (l, r) => keysEqual(l, r) && gt(l, r) : keysEqual));
          for (const bs of BATCH_SIZES) {
            const node: Extract<PhysicalNode, { op: 'hashJoin' }> = {
              op: 'hashJoin', schema: outSchema(how), partitions: 1, left: leaf(LEFT), right: leaf(RIGHT), how, build,
              leftKeys: [col(0, 'int32'), col(1, 'utf8')], rightKeys: [col(0, 'float64'), col(1, 'utf8')],
              filter: withFilter ? GT : null,
            };
            const got = await collect(hashJoin(node, () => streamOf(batches(LEFT, L, bs)), () => streamOf(batches(RIGHT, R, bs)), ctx(bs)));
            expect(canon(got), `batch size ${bs}`).to.deep.equal(expected);
          }
        });
      }
    }
  }

  it('an empty build side: inner gives nothing, left keeps every row, anti keeps every row', async () => {
    for (const how of ['inner', 'left', 'anti'] as const) {
      const node: Extract<PhysicalNode, { op: 'hashJoin' }> = {
        op: 'hashJoin', schema: outSchema(how), partitions: 1, left: leaf(LEFT), right: leaf(RIGHT), how, build: 'right',
        leftKeys: [col(0, 'int32')], rightKeys: [col(0, 'float64')], filter: null,
      };
      const got = await collect(hashJoin(node, () => streamOf(batches(LEFT, L, 7)), () => streamOf([]), ctx(7)));
      expect(canon(got)).to.deep.equal(canon(refJoin(L, [], how, keysEqual)));
    }
  });

  it('output batches stay near batchSize even when one key matches everything', async () => {
    const l: Row[] = Array.from({ length: 40 }, (_, i) => [1, 'a', i]);
    const r: Row[] = Array.from({ length: 40 }, (_, i) => [1, 'a', i]);
    const node: Extract<PhysicalNode, { op: 'hashJoin' }> = {
      op: 'hashJoin', schema: COMBINED, partitions: 1, left: leaf(LEFT), right: leaf(RIGHT), how: 'inner', build: 'right',
      leftKeys: [col(0, 'int32')], rightKeys: [col(0, 'float64')], filter: null,
    };
    const out = await collectBatches(hashJoin(node, () => streamOf(batches(LEFT, l, 40)), () => streamOf(batches(RIGHT, r, 40)), ctx(100)));
    expect(out.reduce((s, b) => s + b.length, 0)).to.equal(1600);
    for (const b of out) expect(b.length).to.be.at.most(100);
  });
});

describe('engine/ops nestedLoopJoin', () => {
  const L = randomSide(3, 30, false);
  const R = randomSide(4, 20, true);
  for (const how of ['inner', 'left', 'right', 'full', 'semi', 'anti', 'cross'] as const) {
    it(`${how} join on a non-equi condition, batch sizes 1/7/65536`, async () => {
      const filter = how === 'cross' ? null : GT;
      const expected = canon(refJoin(L, R, how === 'cross' ? 'inner' : how, how === 'cross' ? () => true : gt));
      for (const bs of BATCH_SIZES) {
        const node: Extract<PhysicalNode, { op: 'nestedLoopJoin' }> = { op: 'nestedLoopJoin', schema: outSchema(how), partitions: 1, left: leaf(LEFT), right: leaf(RIGHT), how, filter };
        const got = await collect(nestedLoopJoin(node, () => streamOf(batches(LEFT, L, bs)), () => streamOf(batches(RIGHT, R, bs)), ctx(bs)));
        expect(canon(got), `batch size ${bs}`).to.deep.equal(expected);
      }
    });
  }

  it('an empty right side keeps left rows for left/full/anti and drops them for inner/semi', async () => {
    for (const how of ['inner', 'left', 'full', 'semi', 'anti'] as const) {
      const node: Extract<PhysicalNode, { op: 'nestedLoopJoin' }> = { op: 'nestedLoopJoin', schema: outSchema(how), partitions: 1, left: leaf(LEFT), right: leaf(RIGHT), how, filter: GT };
      const got = await collect(nestedLoopJoin(node, () => streamOf(batches(LEFT, L, 7)), () => streamOf([]), ctx(7)));
      expect(canon(got), how).to.deep.equal(canon(refJoin(L, [], how, gt)));
    }
  });
});
