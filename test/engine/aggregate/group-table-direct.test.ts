/**
 * GroupTable with one int32 key: direct indexing while keys are non-null and span few values,
 * and the move to hashing (nulls, a wide range) keeping every group seen so far. Checked
 * against a plain Map from key to first-seen group id.
 */
import { expect } from 'chai';
import type { Vec } from '../../../engine/batch.js';
import { GroupTable } from '../../../engine/aggregate/group-table.js';
import { prng } from '../ops/helpers.js';

function intVec(keys: readonly (number | null)[]): Vec {
  const values = Int32Array.from(keys, (k) => k ?? 0);
  const valid = keys.some((k) => k === null) ? Uint8Array.from(keys, (k) => (k === null ? 0 : 1)) : null;
  return { kind: 'num', type: 'int32', values, valid };
}

describe('engine/aggregate GroupTable, one int32 key', () => {
  it('gives the same ids as a first-seen Map across growing ranges, then nulls and a wide range', () => {
    const rnd = prng(3);
    const table = new GroupTable(['int32']);
    const ref = new Map<number | null, number>();
    const batches: (number | null)[][] = [
      Array.from({ length: 500 }, () => 100 + Math.floor(rnd() * 50)), // direct, small span
      Array.from({ length: 500 }, () => 90 + Math.floor(rnd() * 200)), // grows both ways
      Array.from({ length: 500 }, () => -5000 + Math.floor(rnd() * 300)), // grows down
      Array.from({ length: 300 }, () => (rnd() < 0.1 ? null : 100 + Math.floor(rnd() * 400))), // nulls: hashing from here
      Array.from({ length: 300 }, () => (rnd() < 0.5 ? 2_000_000_000 : -2_000_000_000 + Math.floor(rnd() * 10))), // wide
      Array.from({ length: 300 }, () => 95 + Math.floor(rnd() * 20)), // old keys again
    ];
    for (const keys of batches) {
      const out = new Int32Array(keys.length);
      table.assign([intVec(keys)], keys.length, out);
      keys.forEach((k, i) => {
        if (!ref.has(k)) ref.set(k, ref.size);
        if (out[i] !== ref.get(k)) expect.fail(`key ${k}: group ${out[i]}, expected ${ref.get(k)}`);
      });
    }
    expect(table.size).to.equal(ref.size);
    const [col] = table.keyColumns();
    const keysBack = Array.from({ length: table.size }, (_, g) => (col!.valid !== null && col!.valid[g] === 0 ? null : (col as Extract<Vec, { kind: 'num' }>).values[g]));
    expect(keysBack).to.deep.equal([...ref.keys()]);
  });

  it('a first batch too wide for direct indexing hashes from the start', () => {
    const table = new GroupTable(['int32']);
    const keys = [0, 1 << 30, 0, -(1 << 30), 1 << 30];
    const out = new Int32Array(keys.length);
    table.assign([intVec(keys)], keys.length, out);
    expect(Array.from(out)).to.deep.equal([0, 1, 0, 2, 1]);
  });
});
