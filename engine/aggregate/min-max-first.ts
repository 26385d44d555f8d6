/**
 * min, max and first (the first non-null value met). They keep their input type; their
 * state is the value itself, so merging state is the same as updating with values.
 * Numbers order by value with NaN above everything (Spark's order); strings by UTF-8 bytes.
 */
import type { StrVec, Vec } from '../batch.js';
import type { DataType } from '../types.js';
import type { Accumulator } from './accumulator.js';
import { numbersOf } from './accumulator.js';
import { ensure, numVecFrom } from './growable.js';
import { dictionaryEncode } from '../kernels/construct.js';
import { compareStrings, hasHighUnits } from '../kernels/string-order.js';
import { compareWords, int64Words, SAFE_HI_MAX, SAFE_HI_MIN, wordsToDouble } from '../kernels/int64.js';

/** Which value a group keeps. */
export type PickKind = 'min' | 'max' | 'first';

/** a comes after b in Spark's number order (NaN greatest). */
function after(a: number, b: number): boolean {
  return a > b || (a !== a && b === b);
}

/** min/max/first over fixed-width values. */
export class NumPickAccumulator implements Accumulator {
  private vals = new Float64Array(16);
  private has = new Uint8Array(16);
  constructor(private readonly kind: PickKind, private readonly type: Exclude<DataType, 'utf8'>) {}

  grow(n: number): void {
    this.vals = ensure(this.vals, n);
    this.has = ensure(this.has, n);
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    const v = args[0]!;
    const x = numbersOf(v);
    const valid = v.valid;
    const vals = this.vals;
    const has = this.has;
    const kind = this.kind;
    for (let i = start; i < end; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const g = groups[i]!;
      const xi = x[i]!;
      if (has[g] === 0) {
        has[g] = 1;
        vals[g] = xi;
      } else if (kind === 'min' ? after(vals[g]!, xi) : kind === 'max' ? after(xi, vals[g]!) : false) {
        vals[g] = xi;
      }
    }
  }

  merge(groups: Int32Array, state: readonly Vec[], start: number, end: number): void {
    this.update(groups, state, start, end);
  }

  state(n: number): Vec[] {
    return [this.finish(n)];
  }

  finish(n: number): Vec {
    return numVecFrom(this.type, this.vals, this.has, n);
  }

  valueAt(g: number): number | null {
    return this.has[g] === 1 ? this.vals[g]! : null;
  }
}

/** min/max/first over int64, exact: values kept and compared as (lo, hi) words. */
export class Int64PickAccumulator implements Accumulator {
  private vals = new BigInt64Array(16);
  private words = int64Words(this.vals);
  private has = new Uint8Array(16);
  constructor(private readonly kind: PickKind) {}

  grow(n: number): void {
    if (this.vals.length < n) {
      this.vals = ensure(this.vals, n);
      this.words = int64Words(this.vals);
    }
    this.has = ensure(this.has, n);
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    const v = args[0]!;
    if (v.kind !== 'num' || v.type !== 'int64') return; // an all-null column changes nothing
    const x = int64Words(v.values);
    const valid = v.valid;
    const w = this.words;
    const has = this.has;
    const sign = this.kind === 'min' ? -1 : this.kind === 'max' ? 1 : 0;
    for (let i = start; i < end; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const g = groups[i]!;
      const lo = x[2 * i]!;
      const hi = x[2 * i + 1]!;
      if (has[g] === 0 || (sign !== 0 && compareWords(lo, hi, w[2 * g]!, w[2 * g + 1]!) === sign)) {
        has[g] = 1;
        w[2 * g] = lo;
        w[2 * g + 1] = hi;
      }
    }
  }

  merge(groups: Int32Array, state: readonly Vec[], start: number, end: number): void {
    this.update(groups, state, start, end);
  }

  state(n: number): Vec[] {
    return [this.finish(n)];
  }

  finish(n: number): Vec {
    let valid: Uint8Array | null = null;
    for (let g = 0; g < n; g++) if (this.has[g] === 0) { valid = this.has.slice(0, n); break; }
    return { kind: 'num', type: 'int64', values: this.vals.slice(0, n), valid };
  }

  valueAt(g: number): number | bigint | null {
    if (this.has[g] !== 1) return null;
    const hi = this.words[2 * g + 1]!;
    return hi >= SAFE_HI_MIN && hi <= SAFE_HI_MAX ? wordsToDouble(this.words[2 * g]!, hi) : this.vals[g]!;
  }
}

/** min/max/first over strings: one string per group. */
export class StrPickAccumulator implements Accumulator {
  private vals: (string | null)[] = [];
  /** Per group, 1 when its value has a unit ≥ U+D800: the hint of compareStringsHinted. */
  private high = new Uint8Array(16);
  constructor(private readonly kind: PickKind) {}

  grow(n: number): void {
    while (this.vals.length < n) this.vals.push(null);
    this.high = ensure(this.high, n);
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    const v = args[0]!;
    if (v.kind !== 'str') return this.updateNulls(v);
    const { dict, codes, valid } = v as StrVec;
    const vals = this.vals;
    const high = this.high;
    const kind = this.kind;
    if (kind === 'first') {
      for (let i = start; i < end; i++) {
        if (valid !== null && valid[i] === 0) continue;
        const g = groups[i]!;
        if (vals[g] === null) vals[g] = dict[codes[i]!]!;
      }
      return;
    }
    const min = kind === 'min';
    for (let i = start; i < end; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const g = groups[i]!;
      const cur = vals[g];
      const s = dict[codes[i]!]!;
      // When the group's value has no high units `<` is exact (compareStringsHinted, inlined).
      if (cur === null || (high[g] === 0 ? (min ? s < cur : s > cur) : (min ? compareStrings(s, cur) < 0 : compareStrings(s, cur) > 0))) {
        vals[g] = s;
        high[g] = hasHighUnits(s) ? 1 : 0;
      }
    }
  }

  /** An all-null column (type 'null') changes nothing. */
  private updateNulls(_v: Vec): void {}

  merge(groups: Int32Array, state: readonly Vec[], start: number, end: number): void {
    this.update(groups, state, start, end);
  }

  state(n: number): Vec[] {
    return [this.finish(n)];
  }

  finish(n: number): Vec {
    return dictionaryEncode(this.vals, n);
  }

  valueAt(g: number): string | null {
    return this.vals[g] ?? null;
  }
}
