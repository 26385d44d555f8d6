/**
 * median (exact): keeps every non-null value of a group, sorts at the end, and takes the
 * middle value (the mean of the two middle values for an even count, like Spark's median).
 * It has no fixed-size state, so the planner never splits it into partial and final.
 */
import type { Vec } from '../batch.js';
import { InternalError } from '../errors.js';
import type { Accumulator } from './accumulator.js';
import { numbersOf } from './accumulator.js';
import { ensure, numVecFrom } from './growable.js';

/** x before y in numeric order with NaN last (the order of a Float64Array sort). */
function before(x: number, y: number): boolean {
  return x < y || (y !== y && x === x);
}

/**
 * Rearranges a[lo..hi] so that a[k] holds the value a sort would put there, smaller-or-equal
 * values before it and greater-or-equal after (Hoare's quickselect, median-of-three pivots):
 * linear time where sorting each group's run cost n log n.
 */
function selectKth(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot, kept at a[mid].
    if (before(a[mid]!, a[lo]!)) swap(a, mid, lo);
    if (before(a[hi]!, a[lo]!)) swap(a, hi, lo);
    if (before(a[hi]!, a[mid]!)) swap(a, hi, mid);
    const p = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (before(a[i]!, p)) i++;
      while (before(p, a[j]!)) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** The median of a[s..e) (e > s), reordering that run: the middle value, or the mean of the two. */
function medianOfRun(a: Float64Array, s: number, e: number): number {
  const c = e - s;
  const mid = s + (c >> 1);
  selectKth(a, s, e - 1, mid);
  if (c % 2 === 1) return a[mid]!;
  // The lower middle value is the largest of the run's part before mid.
  let lower = a[s]!;
  for (let i = s + 1; i < mid; i++) if (before(lower, a[i]!)) lower = a[i]!;
  return (lower + a[mid]!) / 2;
}

/** median over numbers; float64 result, null over no values. */
export class MedianAccumulator implements Accumulator {
  // Hash aggregation: every (group, value) pair appended to two typed arrays (no per-row
  // arrays or objects), grouped by a counting sort at finish. Windows ask valueAt after each
  // frame step: they switch to per-group lists (the first valueAt call converts the pairs).
  private groupOf = new Int32Array(1024);
  private vals = new Float64Array(1024);
  private m = 0;
  private groups = 0;
  private lists: number[][] | null = null;

  grow(n: number): void {
    if (n > this.groups) this.groups = n;
    if (this.lists !== null) while (this.lists.length < n) this.lists.push([]);
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    const v = args[0]!;
    const x = numbersOf(v);
    const valid = v.valid;
    const lists = this.lists;
    if (lists !== null) {
      for (let i = start; i < end; i++) if (valid === null || valid[i] === 1) lists[groups[i]!]!.push(x[i]!);
      return;
    }
    let m = this.m;
    if (m + (end - start) > this.vals.length) {
      this.groupOf = ensure(this.groupOf, m + (end - start));
      this.vals = ensure(this.vals, m + (end - start));
    }
    const go = this.groupOf;
    const vs = this.vals;
    for (let i = start; i < end; i++) {
      if (valid !== null && valid[i] === 0) continue;
      go[m] = groups[i]!;
      vs[m] = x[i]!;
      m++;
    }
    this.m = m;
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
    if (this.lists !== null) {
      for (let g = 0; g < n; g++) {
        const med = this.valueAt(g);
        if (med !== null) {
          out[g] = med;
          has[g] = 1;
        }
      }
      return numVecFrom('float64', out, has, n);
    }
    // Counting sort of the values by group, then each group's run sorted in place.
    const m = this.m;
    const starts = new Int32Array(n + 1);
    for (let k = 0; k < m; k++) {
      const g = this.groupOf[k]!;
      if (g < n) starts[g + 1]++;
    }
    for (let g = 0; g < n; g++) starts[g + 1] += starts[g]!;
    const at = starts.slice(0, n);
    const sorted = new Float64Array(starts[n]!);
    for (let k = 0; k < m; k++) {
      const g = this.groupOf[k]!;
      if (g < n) sorted[at[g]!++] = this.vals[k]!;
    }
    for (let g = 0; g < n; g++) {
      const s = starts[g]!, e = starts[g + 1]!;
      if (e === s) continue;
      out[g] = medianOfRun(sorted, s, e);
      has[g] = 1;
    }
    return numVecFrom('float64', out, has, n);
  }

  valueAt(g: number): number | null {
    if (this.lists === null) {
      const lists: number[][] = [];
      for (let k = 0; k < this.groups; k++) lists.push([]);
      for (let k = 0; k < this.m; k++) lists[this.groupOf[k]!]!.push(this.vals[k]!);
      this.lists = lists;
    }
    const list = this.lists[g];
    if (list === undefined || list.length === 0) return null;
    const c = list.length;
    const sorted = Float64Array.from(list).sort(); // numeric order, NaN last
    const mid = c >> 1;
    return c % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
}
