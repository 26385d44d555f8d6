/**
 * count(*) and count(col): rows, or non-null values. State: count int64.
 */
import type { Vec } from '../batch.js';
import type { Accumulator } from './accumulator.js';
import { numbersOf } from './accumulator.js';
import { ensure, numVecFrom } from './growable.js';

/** count: `star` counts rows; otherwise the non-null values of the one argument. */
export class CountAccumulator implements Accumulator {
  private counts = new Float64Array(16);
  constructor(private readonly star: boolean) {}

  grow(n: number): void {
    this.counts = ensure(this.counts, n);
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    const counts = this.counts;
    const valid = this.star ? null : args[0]!.valid;
    if (valid === null) {
      for (let i = start; i < end; i++) counts[groups[i]!]++;
    } else {
      for (let i = start; i < end; i++) if (valid[i] === 1) counts[groups[i]!]++;
    }
  }

  merge(groups: Int32Array, state: readonly Vec[], start: number, end: number): void {
    const counts = this.counts;
    const v = state[0]!;
    const vals = numbersOf(v);
    const valid = v.valid;
    for (let i = start; i < end; i++) if (valid === null || valid[i] === 1) counts[groups[i]!] += vals[i]!;
  }

  state(n: number): Vec[] {
    return [this.finish(n)];
  }

  finish(n: number): Vec {
    return numVecFrom('int64', this.counts, null, n);
  }

  valueAt(g: number): number {
    return this.counts[g]!;
  }
}
