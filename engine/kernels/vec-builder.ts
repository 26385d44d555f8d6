/**
 * VecBuilder: appends values one at a time into a growing column (sources, row conversion).
 */
import type { DataType } from '../types.js';
import type { Vec } from '../batch.js';
import type { LitValue } from '../expr.js';
import { DataError } from '../errors.js';
import { parseDate, parseTimestamp } from './temporal.js';
import { toInt64 } from './int64.js';
const DAY_MS = 86_400_000;

/** Builds one Vec of a given type by appending values; grows by doubling. */
export class VecBuilder {
  readonly type: DataType;
  private len = 0;
  private cap: number;
  private nums: Float64Array | Int32Array | Uint8Array | null;
  /** int64 values (then `nums` is null). */
  private i64: BigInt64Array | null = null;
  private codes: Int32Array | null;
  private dict: string[] | null;
  private dictIndex: Map<string, number> | null;
  private valid: Uint8Array;
  private nulls = 0;

  /** Starts an empty builder for `type`, with room for `capacity` rows before growing. */
  constructor(type: DataType, capacity = 16) {
    this.type = type;
    this.cap = Math.max(1, capacity);
    this.valid = new Uint8Array(this.cap);
    if (type === 'utf8') {
      this.nums = null;
      this.codes = new Int32Array(this.cap);
      this.dict = [];
      this.dictIndex = new Map();
    } else if (type === 'int64') {
      this.nums = null;
      this.i64 = new BigInt64Array(this.cap);
      this.codes = null;
      this.dict = null;
      this.dictIndex = null;
    } else {
      this.nums = type === 'bool' || type === 'null' ? new Uint8Array(this.cap)
        : type === 'int32' || type === 'date' ? new Int32Array(this.cap) : new Float64Array(this.cap);
      this.codes = null;
      this.dict = null;
      this.dictIndex = null;
    }
  }

  /** Rows appended so far. */
  get length(): number {
    return this.len;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const valid = new Uint8Array(cap);
    valid.set(this.valid);
    this.valid = valid;
    if (this.codes) {
      const c = new Int32Array(cap);
      c.set(this.codes);
      this.codes = c;
    } else if (this.nums) {
      const n = new (this.nums.constructor as Float64ArrayConstructor)(cap);
      n.set(this.nums);
      this.nums = n;
    } else if (this.i64) {
      const n = new BigInt64Array(cap);
      n.set(this.i64);
      this.i64 = n;
    }
    this.cap = cap;
  }

  /** Appends a null. */
  appendNull(): void {
    if (this.len === this.cap) this.grow();
    this.valid[this.len] = 0;
    if (this.codes) this.codes[this.len] = 0;
    else if (this.i64) this.i64[this.len] = 0n;
    else this.nums![this.len] = 0;
    this.nulls++;
    this.len++;
  }

  /**
   * Appends one value: null/undefined append a null; dates take a Date or days, timestamps a Date
   * or ms; int64 takes integral numbers, bigints or integer text in the int64 range, exactly
   * (a DataError beyond).
   */
  append(v: LitValue | Date | bigint): void {
    if (v === null || v === undefined || this.type === 'null') {
      this.appendNull();
      return;
    }
    if (this.len === this.cap) this.grow();
    const i = this.len;
    switch (this.type) {
      case 'utf8': {
        const s = typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v);
        let code = this.dictIndex!.get(s);
        if (code === undefined) {
          code = this.dict!.length;
          this.dict!.push(s);
          this.dictIndex!.set(s, code);
        }
        this.codes![i] = code;
        break;
      }
      case 'bool':
        this.nums![i] = v === true || (typeof v === 'number' && v !== 0) || (typeof v === 'bigint' && v !== 0n) || v === 'true' ? 1 : 0;
        break;
      case 'int32': {
        const n = typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? (v ? 1 : 0) : toNumber(v);
        if (!Number.isInteger(n) || n > 2147483647 || n < -2147483648) {
          throw new DataError(`value ${quote(v)} is not an int32`, { value: String(v) });
        }
        this.nums![i] = n;
        break;
      }
      case 'int64': {
        const text = typeof v === 'string' ? v.trim() : null;
        const x = typeof v === 'bigint' ? v
          : typeof v === 'boolean' ? (v ? 1n : 0n)
            : text !== null && /^[+-]?\d+$/.test(text) ? BigInt(text)
              : toNumber(v);
        const b = toInt64(x);
        if (b === null) {
          throw new DataError(Number.isInteger(x) || typeof x === 'bigint' ? `value ${quote(v)} is beyond the int64 range` : `value ${quote(v)} is not an int64`, { value: String(v) });
        }
        this.i64![i] = b;
        break;
      }
      case 'float64':
        this.nums![i] = typeof v === 'boolean' ? (v ? 1 : 0) : toNumber(v);
        break;
      case 'date': {
        const d = v instanceof Date ? Math.floor(v.getTime() / DAY_MS) : typeof v === 'string' ? parseDate(v.trim()) : Number(v);
        if (d === null || !Number.isFinite(d)) throw new DataError(`value ${quote(v)} is not a date`, { value: String(v) });
        this.nums![i] = d;
        break;
      }
      case 'timestamp': {
        const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? parseTimestamp(v.trim()) : Number(v);
        if (t === null || !Number.isFinite(t)) throw new DataError(`value ${quote(v)} is not a timestamp`, { value: String(v) });
        this.nums![i] = t;
        break;
      }
    }
    this.valid[i] = 1;
    this.len++;
  }

  /** Returns the built column (the builder should not be used afterwards). */
  finish(): Vec {
    const n = this.len;
    const valid = this.type === 'null' ? new Uint8Array(n) : this.nulls > 0 ? this.valid.subarray(0, n) : null;
    if (this.type === 'utf8') {
      return { kind: 'str', type: 'utf8', dict: this.dict!, codes: this.codes!.subarray(0, n), valid };
    }
    if (this.type === 'int64') return { kind: 'num', type: 'int64', values: this.i64!.subarray(0, n), valid };
    return { kind: 'num', type: this.type, values: this.nums!.subarray(0, n), valid } as Vec;
  }
}

/** A number from a number or numeric text; text that is not a number is a DataError quoting it. */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  const n = Number(v);
  if (typeof v === 'string' && (v.trim() === '' || (Number.isNaN(n) && v.trim() !== 'NaN'))) {
    throw new DataError(`value ${quote(v)} is not a number`, { value: v });
  }
  return n;
}

function quote(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
