/**
 * countDistinct: the number of distinct non-null values (rows where every argument is non-null,
 * with several arguments). Numbers by value (−0 as 0, one NaN), strings by content.
 * No fixed-size state: the planner aggregates it in one `single` step.
 */
import type { Vec } from '../batch.js';
import { InternalError } from '../errors.js';
import type { Accumulator } from './accumulator.js';
import { numVecFrom } from './growable.js';
import { int64Words, SAFE_HI_MAX, SAFE_HI_MIN, wordsToDouble } from '../kernels/int64.js';

/** One distinct set per group. */
export class CountDistinctAccumulator implements Accumulator {
  private sets: Set<number | bigint | string>[] = [];

  grow(n: number): void {
    while (this.sets.length < n) this.sets.push(new Set());
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    const sets = this.sets;
    if (args.length === 1) {
      const v = args[0]!;
      const valid = v.valid;
      if (v.kind === 'str') {
        const { dict, codes } = v;
        for (let i = start; i < end; i++) if (valid === null || valid[i] === 1) sets[groups[i]!]!.add(dict[codes[i]!]!);
      } else if (v.type === 'int64') {
        // Safe values as numbers (equal to the same value of another batch), others as bigints.
        const w = int64Words(v.values);
        for (let i = start; i < end; i++) {
          if (valid !== null && valid[i] === 0) continue;
          const hi = w[2 * i + 1]!;
          sets[groups[i]!]!.add(hi >= SAFE_HI_MIN && hi <= SAFE_HI_MAX ? wordsToDouble(w[2 * i]!, hi) : v.values[i]!);
        }
      } else {
        // Set uses SameValueZero: −0 equals 0 and NaN equals NaN, as wanted.
        const x = v.values;
        for (let i = start; i < end; i++) if (valid === null || valid[i] === 1) sets[groups[i]!]!.add(x[i]!);
      }
      return;
    }
    // Several arguments: a composite key per row (rare; Spark's countDistinct(a, b)).
    outer: for (let i = start; i < end; i++) {
      let key = '';
      for (const v of args) {
        if (v.valid !== null && v.valid[i] === 0) continue outer;
        key += v.kind === 'str' ? `s${v.dict[v.codes[i]!]!.length}:${v.dict[v.codes[i]!]}` : `n${v.values[i]! === 0 ? 0 : String(v.values[i])}|`;
      }
      sets[groups[i]!]!.add(key);
    }
  }

  merge(): void {
    throw new InternalError('countDistinct has no partial state to merge');
  }

  state(): Vec[] {
    throw new InternalError('countDistinct has no partial state');
  }

  finish(n: number): Vec {
    const out = new Float64Array(n);
    for (let g = 0; g < n; g++) out[g] = this.sets[g]!.size;
    return numVecFrom('int64', out, null, n);
  }

  valueAt(g: number): number {
    return this.sets[g]!.size;
  }
}
