import { expect } from 'chai';
import { MedianAccumulator } from '../../../engine/aggregate/median.js';
import { seededRandom } from '../../../engine/kernels/index.js';

/** The median by sorting (numeric order, NaN last), as a reference. */
function sortedMedian(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

describe('engine/aggregate median', () => {
  it('equals the sorted median per group: duplicates, NaN, ±0, ±Infinity, runs of 1..300 values', () => {
    const rnd = seededRandom(17);
    for (let t = 0; t < 40; t++) {
      const groups = 1 + Math.floor(rnd() * 20);
      const n = Math.floor(rnd() * 3000);
      const pool = [0, -0, 1, 1, 2, NaN, Infinity, -Infinity, 3.5, -7];
      const dup = rnd() < 0.5;
      const g = Int32Array.from({ length: n }, () => Math.floor(rnd() * groups));
      const x = Float64Array.from({ length: n }, () => (dup ? pool[Math.floor(rnd() * pool.length)]! : rnd() * 100 - 50));
      const valid = Uint8Array.from({ length: n }, () => (rnd() < 0.1 ? 0 : 1));
      const acc = new MedianAccumulator();
      acc.grow(groups);
      acc.update(g, [{ kind: 'num', type: 'float64', values: x, valid }], 0, n);
      const out = acc.finish(groups);
      for (let k = 0; k < groups; k++) {
        const xs: number[] = [];
        for (let i = 0; i < n; i++) if (g[i] === k && valid[i] === 1) xs.push(x[i]!);
        const want = sortedMedian(xs);
        const got = out.valid !== null && out.valid[k] === 0 ? null : ((out as { values: Float64Array }).values)[k]!;
        expect(Object.is(got, want) || got === want, `group ${k} of ${xs.length} values: ${got} vs ${want}`).to.equal(true);
      }
    }
  });
});
