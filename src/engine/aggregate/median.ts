/**
 * median (exact): keeps every non-null value of a group, sorts at the end, and takes the
 * middle value (the mean of the two middle values for an even count, like Spark's median).
 * It has no fixed-size state, so the planner never splits it into partial and final.
 */
import type { Vec } from '../batch.js';
import { InternalError } from '../errors.js';
import type { Accumulator } from './accumulator.js';
import { numbersOf } from './accumulator.js';
import { numVecFrom } from './growable.js';

/** median over numbers; float64 result, null over no values. */
export class MedianAccumulator implements Accumulator {
  private lists: number[][] = [];

  grow(n: number): void {
    while (this.lists.length < n) this.lists.push([]);
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    const v = args[0]!;
    const x = numbersOf(v);
    const valid = v.valid;
    const lists = this.lists;
    for (let i = start; i < end; i++) if (valid === null || valid[i] === 1) lists[groups[i]!]!.push(x[i]!);
  }

  merge(): void {
    throw new InternalError('median has no partial state to merge');
  }

  state(): Vec[] {
    throw new InternalError('median has no partial state');
  }

  finish(n: number): Vec {
    const out = new Float64Array(n);
    const has = new Uint8Array(n);
    for (let g = 0; g < n; g++) {
      const m = this.valueAt(g);
      if (m !== null) {
        out[g] = m;
        has[g] = 1;
      }
    }
    return numVecFrom('float64', out, has, n);
  }

  valueAt(g: number): number | null {
    const list = this.lists[g]!;
    const c = list.length;
    if (c === 0) return null;
    const sorted = Float64Array.from(list).sort(); // numeric order, NaN last
    const mid = c >> 1;
    return c % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
}
