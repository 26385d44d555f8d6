/**
 * sum and avg. Integer sums are exact: values add up in doubles, and a running sum beyond
 * ±(2^53−1) is a DataError naming the column (an int64 is exact only up to there).
 * State: sum → sum (the result type); avg → sum float64, count int64.
 */
import type { Vec } from '../batch.js';
import type { DataType } from '../types.js';
import { DataError } from '../errors.js';
import type { Accumulator } from './accumulator.js';
import { numbersOf } from './accumulator.js';
import { ensure, numVecFrom } from './growable.js';

const MAX = Number.MAX_SAFE_INTEGER;

/** sum: null for a group without values. */
export class SumAccumulator implements Accumulator {
  private sums = new Float64Array(16);
  private has = new Uint8Array(16);
  private readonly exact: boolean;
  constructor(private readonly type: Exclude<DataType, 'utf8'>, private readonly column: string) {
    this.exact = type === 'int64' || type === 'int32';
  }

  grow(n: number): void {
    this.sums = ensure(this.sums, n);
    this.has = ensure(this.has, n);
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    this.add(groups, args[0]!, start, end);
  }

  merge(groups: Int32Array, state: readonly Vec[], start: number, end: number): void {
    this.add(groups, state[0]!, start, end);
  }

  private add(groups: Int32Array, v: Vec, start: number, end: number): void {
    const vals = numbersOf(v);
    const valid = v.valid;
    const sums = this.sums;
    const has = this.has;
    let overflow = false;
    if (valid === null) {
      // No nulls (the common case): one loop per storage type, so each stays monomorphic.
      overflow = vals instanceof Float64Array ? addF64(groups, vals, sums, has, start, end)
        : vals instanceof Int32Array ? addI32(groups, vals, sums, has, start, end)
          : addU8(groups, vals, sums, has, start, end);
    } else for (let i = start; i < end; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const g = groups[i]!;
      const s = sums[g]! + vals[i]!;
      sums[g] = s;
      has[g] = 1;
      if (s > MAX || s < -MAX) overflow = true;
    }
    if (overflow && this.exact) {
      throw new DataError(`integer overflow: sum of column ${this.column} goes beyond ±2^53−1, the exact range of int64 here`, { column: this.column });
    }
  }

  state(n: number): Vec[] {
    return [this.finish(n)];
  }

  finish(n: number): Vec {
    return numVecFrom(this.type, this.sums, this.has, n);
  }

  valueAt(g: number): number | null {
    return this.has[g] === 1 ? this.sums[g]! : null;
  }
}

// One loop per storage type (addF64, addI32, addU8): each stays monomorphic for the JIT, which
// a single loop over `Float64Array | Int32Array | Uint8Array` would not.
function addF64(groups: Int32Array, vals: Float64Array, sums: Float64Array, has: Uint8Array, start: number, end: number): boolean {
  let overflow = false;
  for (let i = start; i < end; i++) {
    const g = groups[i]!;
    const s = sums[g]! + vals[i]!;
    sums[g] = s;
    has[g] = 1;
    if (s > MAX || s < -MAX) overflow = true;
  }
  return overflow;
}

function addI32(groups: Int32Array, vals: Int32Array, sums: Float64Array, has: Uint8Array, start: number, end: number): boolean {
  let overflow = false;
  for (let i = start; i < end; i++) {
    const g = groups[i]!;
    const s = sums[g]! + vals[i]!;
    sums[g] = s;
    has[g] = 1;
    if (s > MAX || s < -MAX) overflow = true;
  }
  return overflow;
}

function addU8(groups: Int32Array, vals: Uint8Array, sums: Float64Array, has: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const g = groups[i]!;
    sums[g] = sums[g]! + vals[i]!;
    has[g] = 1;
  }
  return false;
}

function avgF64(groups: Int32Array, vals: Float64Array, sums: Float64Array, counts: Float64Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const g = groups[i]!;
    sums[g] += vals[i]!;
    counts[g]++;
  }
}

function avgI32(groups: Int32Array, vals: Int32Array, sums: Float64Array, counts: Float64Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const g = groups[i]!;
    sums[g] += vals[i]!;
    counts[g]++;
  }
}

/** avg: float64, null for a group without values. */
export class AvgAccumulator implements Accumulator {
  private sums = new Float64Array(16);
  private counts = new Float64Array(16);

  grow(n: number): void {
    this.sums = ensure(this.sums, n);
    this.counts = ensure(this.counts, n);
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    const v = args[0]!;
    const vals = numbersOf(v);
    const valid = v.valid;
    const sums = this.sums;
    const counts = this.counts;
    if (valid === null && vals instanceof Float64Array) return avgF64(groups, vals, sums, counts, start, end);
    if (valid === null && vals instanceof Int32Array) return avgI32(groups, vals, sums, counts, start, end);
    for (let i = start; i < end; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const g = groups[i]!;
      sums[g] += vals[i]!;
      counts[g]++;
    }
  }

  merge(groups: Int32Array, state: readonly Vec[], start: number, end: number): void {
    const sv = state[0]!;
    const cv = state[1]!;
    const s = numbersOf(sv);
    const c = numbersOf(cv);
    const sValid = sv.valid;
    const sums = this.sums;
    const counts = this.counts;
    for (let i = start; i < end; i++) {
      if (sValid !== null && sValid[i] === 0) continue;
      const g = groups[i]!;
      sums[g] += s[i]!;
      counts[g] += c[i]!;
    }
  }

  state(n: number): Vec[] {
    const has = new Uint8Array(n);
    for (let g = 0; g < n; g++) has[g] = this.counts[g]! > 0 ? 1 : 0;
    return [numVecFrom('float64', this.sums, has, n), numVecFrom('int64', this.counts, null, n)];
  }

  finish(n: number): Vec {
    const out = new Float64Array(n);
    const has = new Uint8Array(n);
    for (let g = 0; g < n; g++) {
      const c = this.counts[g]!;
      if (c > 0) {
        out[g] = this.sums[g]! / c;
        has[g] = 1;
      }
    }
    return numVecFrom('float64', out, has, n);
  }

  valueAt(g: number): number | null {
    const c = this.counts[g]!;
    return c > 0 ? this.sums[g]! / c : null;
  }
}
