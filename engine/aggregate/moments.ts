/**
 * stddev (sample) and corr (Pearson) from running moments: Welford's update row by row and
 * Chan et al.'s merge of partial moments, which stay accurate where sum-of-squares does not.
 * State: stddev → n, mean, m2; corr → n, meanX, meanY, m2X, m2Y, cXY (all float64).
 * Both give null for fewer than two values (Spark's non-legacy behaviour), and corr gives null
 * when either column has no variance (a constant column: Spark's divide by zero is null).
 */
import type { Vec } from '../batch.js';
import type { Accumulator } from './accumulator.js';
import { numbersOf } from './accumulator.js';
import { ensure, numVecFrom } from './growable.js';

function hasOf(n: Float64Array, count: number): Uint8Array {
  const has = new Uint8Array(count);
  for (let g = 0; g < count; g++) has[g] = n[g]! > 0 ? 1 : 0;
  return has;
}

/** stddev_samp. */
export class StddevAccumulator implements Accumulator {
  private n = new Float64Array(16);
  private mean = new Float64Array(16);
  private m2 = new Float64Array(16);

  grow(count: number): void {
    this.n = ensure(this.n, count);
    this.mean = ensure(this.mean, count);
    this.m2 = ensure(this.m2, count);
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    const v = args[0]!;
    const x = numbersOf(v);
    const valid = v.valid;
    const { n, mean, m2 } = this;
    for (let i = start; i < end; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const g = groups[i]!;
      const xi = x[i]!;
      const c = ++n[g]!;
      const d = xi - mean[g]!;
      mean[g] += d / c;
      m2[g] += d * (xi - mean[g]!);
    }
  }

  merge(groups: Int32Array, state: readonly Vec[], start: number, end: number): void {
    const sn = numbersOf(state[0]!);
    const smean = numbersOf(state[1]!);
    const sm2 = numbersOf(state[2]!);
    const { n, mean, m2 } = this;
    for (let i = start; i < end; i++) {
      const nb = sn[i]!;
      if (!(nb > 0)) continue;
      const g = groups[i]!;
      const na = n[g]!;
      const tot = na + nb;
      const d = smean[i]! - mean[g]!;
      mean[g] += (d * nb) / tot;
      m2[g] += sm2[i]! + (d * d * na * nb) / tot;
      n[g] = tot;
    }
  }

  state(count: number): Vec[] {
    const has = hasOf(this.n, count);
    return [numVecFrom('float64', this.n, null, count), numVecFrom('float64', this.mean, has, count), numVecFrom('float64', this.m2, has, count)];
  }

  finish(count: number): Vec {
    return finishFloat(count, (g) => this.valueAt(g));
  }

  valueAt(g: number): number | null {
    const c = this.n[g]!;
    return c < 2 ? null : Math.sqrt(Math.max(0, this.m2[g]!) / (c - 1));
  }
}

/** corr (Pearson) over rows where both arguments are non-null. */
export class CorrAccumulator implements Accumulator {
  private n = new Float64Array(16);
  private mx = new Float64Array(16);
  private my = new Float64Array(16);
  private m2x = new Float64Array(16);
  private m2y = new Float64Array(16);
  private cxy = new Float64Array(16);

  grow(count: number): void {
    this.n = ensure(this.n, count);
    this.mx = ensure(this.mx, count);
    this.my = ensure(this.my, count);
    this.m2x = ensure(this.m2x, count);
    this.m2y = ensure(this.m2y, count);
    this.cxy = ensure(this.cxy, count);
  }

  update(groups: Int32Array, args: readonly Vec[], start: number, end: number): void {
    const a = args[0]!;
    const b = args[1]!;
    const x = numbersOf(a);
    const y = numbersOf(b);
    const va = a.valid;
    const vb = b.valid;
    const { n, mx, my, m2x, m2y, cxy } = this;
    for (let i = start; i < end; i++) {
      if ((va !== null && va[i] === 0) || (vb !== null && vb[i] === 0)) continue;
      const g = groups[i]!;
      const xi = x[i]!;
      const yi = y[i]!;
      const c = ++n[g]!;
      const dx = xi - mx[g]!;
      const dy = yi - my[g]!;
      mx[g] += dx / c;
      my[g] += dy / c;
      m2x[g] += dx * (xi - mx[g]!);
      m2y[g] += dy * (yi - my[g]!);
      cxy[g] += dx * (yi - my[g]!);
    }
  }

  merge(groups: Int32Array, state: readonly Vec[], start: number, end: number): void {
    const [sn, smx, smy, sm2x, sm2y, scxy] = state.map(numbersOf) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const { n, mx, my, m2x, m2y, cxy } = this;
    for (let i = start; i < end; i++) {
      const nb = sn[i]!;
      if (!(nb > 0)) continue;
      const g = groups[i]!;
      const na = n[g]!;
      const tot = na + nb;
      const dx = smx[i]! - mx[g]!;
      const dy = smy[i]! - my[g]!;
      const w = (na * nb) / tot;
      mx[g] += (dx * nb) / tot;
      my[g] += (dy * nb) / tot;
      m2x[g] += sm2x[i]! + dx * dx * w;
      m2y[g] += sm2y[i]! + dy * dy * w;
      cxy[g] += scxy[i]! + dx * dy * w;
      n[g] = tot;
    }
  }

  state(count: number): Vec[] {
    const has = hasOf(this.n, count);
    return [
      numVecFrom('float64', this.n, null, count),
      numVecFrom('float64', this.mx, has, count),
      numVecFrom('float64', this.my, has, count),
      numVecFrom('float64', this.m2x, has, count),
      numVecFrom('float64', this.m2y, has, count),
      numVecFrom('float64', this.cxy, has, count),
    ];
  }

  finish(count: number): Vec {
    return finishFloat(count, (g) => this.valueAt(g));
  }

  valueAt(g: number): number | null {
    if (this.n[g]! < 2) return null;
    // Spark's ck / sqrt(xMk * yMk), whose divide by zero is null: a constant column's m2 is
    // exactly 0 (every Welford and merge step adds 0), never a residue. A NaN or infinite
    // value makes the divisor NaN, not 0, and the answer NaN, as in Spark.
    const divisor = Math.sqrt(this.m2x[g]! * this.m2y[g]!);
    return divisor === 0 ? null : this.cxy[g]! / divisor;
  }
}

/** The float64 result column of `count` groups from a per-group value (null where undefined). */
function finishFloat(count: number, valueAt: (g: number) => number | null): Vec {
  const out = new Float64Array(count);
  const has = new Uint8Array(count);
  for (let g = 0; g < count; g++) {
    const v = valueAt(g);
    if (v !== null) {
      out[g] = v;
      has[g] = 1;
    }
  }
  return numVecFrom('float64', out, has, count);
}
