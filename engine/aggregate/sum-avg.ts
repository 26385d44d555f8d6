/**
 * sum and avg. Integer sums (int64 results) are exact: each group's sum runs in a double while
 * that is exact (|sum| ≤ 2^52, checked per row as cheaply as an overflow test), and a group
 * that goes past moves that part into a bigint carry (rare: after ~2^21 rows of large int32
 * values). A sum beyond the int64 range is a DataError naming the column, as in DuckDB.
 * State: sum → sum (the result type); avg → sum float64, count int64.
 */
import type { Vec } from '../batch.js';
import type { DataType } from '../types.js';
import { DataError } from '../errors.js';
import type { Accumulator } from './accumulator.js';
import { numbersOf } from './accumulator.js';
import { ensure, numVecFrom } from './growable.js';
import { int64FromDoubles, int64Words } from '../kernels/int64.js';

/** A double sum beyond this moves into the group's bigint carry (so adding an int32 or a ±2^52 value stays exact). */
const SPILL = 4503599627370496; // 2^52
/** hi words of int64 values within ±2^52 (added in doubles; others go straight to the carry). */
const SMALL_HI_MIN = -0x100000;
const SMALL_HI_MAX = 0xfffff;

/** sum: null for a group without values. */
export class SumAccumulator implements Accumulator {
  private sums = new Float64Array(16);
  private has = new Uint8Array(16);
  /** Integer sums: the part of a group's sum beyond the double (see the file comment). */
  private readonly carry = new Map<number, bigint>();
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
    if (v.kind === 'num' && v.type === 'int64') return this.addInt64(groups, v.values, v.valid, start, end);
    const vals = numbersOf(v);
    const valid = v.valid;
    const sums = this.sums;
    const has = this.has;
    if (!this.exact) {
      // float64 sums: plain doubles (no nulls: a monomorphic loop).
      if (valid === null && vals instanceof Float64Array) return addF64Plain(groups, vals, sums, has, start, end);
      for (let i = start; i < end; i++) {
        if (valid !== null && valid[i] === 0) continue;
        const g = groups[i]!;
        sums[g] = sums[g]! + vals[i]!;
        has[g] = 1;
      }
      return;
    }
    if (valid === null) {
      // No nulls (the common case): one loop per storage type, so each stays monomorphic.
      if (vals instanceof Int32Array) addI32(groups, vals, sums, has, this.carry, start, end);
      else if (vals instanceof Uint8Array) addU8(groups, vals, sums, has, start, end);
      else addF64(groups, vals, sums, has, this.carry, start, end);
    } else for (let i = start; i < end; i++) {
      if (valid[i] === 0) continue;
      const g = groups[i]!;
      const s = sums[g]! + vals[i]!;
      sums[g] = s;
      has[g] = 1;
      if (s > SPILL || s < -SPILL) spill(sums, this.carry, g);
    }
  }

  /** Exact int64 input: values within ±2^52 add in doubles, larger ones go to the carry as bigints. */
  private addInt64(groups: Int32Array, vals: BigInt64Array, valid: Uint8Array | null, start: number, end: number): void {
    const w = int64Words(vals);
    const sums = this.sums;
    const has = this.has;
    const carry = this.carry;
    for (let i = start; i < end; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const g = groups[i]!;
      has[g] = 1;
      const hi = w[2 * i + 1]!;
      if (hi >= SMALL_HI_MIN && hi <= SMALL_HI_MAX) {
        const s = sums[g]! + (hi * 4294967296 + (w[2 * i]! >>> 0));
        sums[g] = s;
        if (s > SPILL || s < -SPILL) spill(sums, carry, g);
      } else {
        carry.set(g, (carry.get(g) ?? 0n) + vals[i]!);
      }
    }
  }

  state(n: number): Vec[] {
    return [this.finish(n)];
  }

  finish(n: number): Vec {
    if (this.type !== 'int64') return numVecFrom(this.type, this.sums, this.has, n);
    const out = int64FromDoubles(this.sums, n);
    for (const [g, c] of this.carry) {
      if (g >= n) continue;
      const total = c + BigInt(this.sums[g]!);
      if (BigInt.asIntN(64, total) !== total) {
        throw new DataError(`integer overflow: sum of column ${this.column} is ${total}, beyond the int64 range`, { column: this.column, value: total.toString() });
      }
      out[g] = total;
    }
    let valid: Uint8Array | null = null;
    for (let g = 0; g < n; g++) if (this.has[g] === 0) { valid = this.has.slice(0, n); break; }
    return { kind: 'num', type: 'int64', values: out, valid };
  }

  valueAt(g: number): number | bigint | null {
    if (this.has[g] !== 1) return null;
    const c = this.carry.get(g);
    return c === undefined ? this.sums[g]! : c + BigInt(this.sums[g]!);
  }
}

/** Moves group g's double sum (exact, beyond ±2^52) into its bigint carry. */
function spill(sums: Float64Array, carry: Map<number, bigint>, g: number): void {
  carry.set(g, (carry.get(g) ?? 0n) + BigInt(sums[g]!));
  sums[g] = 0;
}

// One loop per storage type (addF64, addI32, addU8): each stays monomorphic for the JIT, which
// a single loop over `Float64Array | Int32Array | Uint8Array` would not. (addF64: integral
// doubles, e.g. the sums of an older partial state.)
function addF64(groups: Int32Array, vals: Float64Array, sums: Float64Array, has: Uint8Array, carry: Map<number, bigint>, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const g = groups[i]!;
    const s = sums[g]! + vals[i]!;
    sums[g] = s;
    has[g] = 1;
    if (s > SPILL || s < -SPILL) spill(sums, carry, g);
  }
}

function addF64Plain(groups: Int32Array, vals: Float64Array, sums: Float64Array, has: Uint8Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const g = groups[i]!;
    sums[g] = sums[g]! + vals[i]!;
    has[g] = 1;
  }
}

function addI32(groups: Int32Array, vals: Int32Array, sums: Float64Array, has: Uint8Array, carry: Map<number, bigint>, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const g = groups[i]!;
    const s = sums[g]! + vals[i]!;
    sums[g] = s;
    has[g] = 1;
    if (s > SPILL || s < -SPILL) spill(sums, carry, g);
  }
}

function addU8(groups: Int32Array, vals: Uint8Array, sums: Float64Array, has: Uint8Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const g = groups[i]!;
    sums[g] = sums[g]! + vals[i]!;
    has[g] = 1;
  }
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
