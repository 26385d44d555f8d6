import { expect } from 'chai';
import { SumAccumulator } from '../../../engine/aggregate/sum-avg.js';
import { Int64PickAccumulator } from '../../../engine/aggregate/min-max-first.js';
import { DataError } from '../../../engine/errors.js';
import type { Vec } from '../../../engine/batch.js';
import { prng } from '../ops/helpers.js';

const int32 = (values: Int32Array): Vec => ({ kind: 'num', type: 'int32', values, valid: null });
const int64 = (values: BigInt64Array, valid: Uint8Array | null = null): Vec => ({ kind: 'num', type: 'int64', values, valid });

describe('engine/aggregate exact integer sums and int64 min/max', () => {
  it('sums int32 values past 2^53 exactly (the double per group spills into a bigint)', () => {
    const n = 3_000_000; // 3e6 × (2^31 − 1) ≈ 6.4e15 > 2^52
    const vals = new Int32Array(n);
    const groups = new Int32Array(n);
    const r = prng(5);
    const ref = [0n, 0n];
    for (let i = 0; i < n; i++) {
      vals[i] = r() < 0.9 ? 2147483647 : -2147483648 + Math.floor(r() * 1000);
      groups[i] = i % 3 === 0 ? 1 : 0;
      ref[groups[i]!]! += BigInt(vals[i]!);
    }
    const acc = new SumAccumulator('int64', 'total');
    acc.grow(2);
    acc.update(groups, [int32(vals)], 0, n);
    const out = acc.finish(2);
    expect(out.kind === 'num' && Array.from(out.values as BigInt64Array)).to.deep.equal(ref);
  });

  it('merges int64 partial sums near the int64 edges, and fails past them naming the column', () => {
    const acc = new SumAccumulator('int64', 'total');
    acc.grow(1);
    const g = new Int32Array(4);
    acc.merge(g, [int64(BigInt64Array.of(2n ** 62n, 2n ** 62n - 1n, -5n, 3n))], 0, 4);
    expect(acc.valueAt(0)).to.equal(2n ** 63n - 3n);
    const over = new SumAccumulator('int64', 'total');
    over.grow(1);
    over.update(g, [int64(BigInt64Array.of(2n ** 62n, 2n ** 62n, 1n, 0n))], 0, 4);
    expect(() => over.finish(1)).to.throw(DataError, /total/);
  });

  it('min and max of int64 compare exactly (2^53 and 2^53 + 1 differ), nulls skipped', () => {
    const vals = BigInt64Array.of(2n ** 53n + 1n, 2n ** 53n, -(2n ** 63n), 2n ** 63n - 1n, 7n);
    const valid = Uint8Array.of(1, 1, 0, 1, 1);
    const groups = Int32Array.of(0, 0, 0, 1, 1);
    for (const [kind, want] of [['min', [2n ** 53n, 7n]], ['max', [2n ** 53n + 1n, 2n ** 63n - 1n]], ['first', [2n ** 53n + 1n, 2n ** 63n - 1n]]] as const) {
      const acc = new Int64PickAccumulator(kind);
      acc.grow(2);
      acc.update(groups, [int64(vals, valid)], 0, 5);
      const out = acc.finish(2);
      expect(out.kind === 'num' && Array.from(out.values as BigInt64Array), kind).to.deep.equal(want);
    }
  });
});
