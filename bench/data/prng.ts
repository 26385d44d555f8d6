/**
 * Seeded random draws for the generators, so every run writes the same data.
 */
import { seededRandom } from '../../engine/kernels/seeded-random.js';

/** A function returning uniform floats in [0, 1), seeded: the engine's one PRNG (mulberry32). */
export const prng: (seed: number) => () => number = seededRandom;

/** A uniform integer in [lo, hi] (inclusive) drawn from `rnd`. */
export function uniformInt(rnd: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rnd() * (hi - lo + 1));
}

/** The integers from..from+n-1 in a random order (Fisher–Yates). */
export function permutation(rnd: () => number, from: number, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = from + i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** A float uniform in (0, 100), rounded to 6 decimals as db-benchmark's data. */
export function value100(rnd: () => number): number {
  const x = Math.round(rnd() * 1e8) / 1e6;
  return x === 0 ? 1e-6 : x === 100 ? 99.999999 : x;
}
