/**
 * A growable column for the readers: typed arrays doubled on demand, strings into a
 * dictionary through a Map, and a validity mask made only once a null shows up.
 */
import { storageFor, type Vec } from '../batch.js';
import type { DataType } from '../types.js';
import { int64Words, TWO32 } from '../kernels/int64.js';

type NumArray = Float64Array | Int32Array | Uint8Array;

/** Builds one Vec of a fixed type, value by value. */
export class ColumnBuilder {
  private n = 0;
  private values: NumArray | null;
  /** int64 columns: the values (then `values` is null). */
  private i64: BigInt64Array | null = null;
  private codes: Int32Array | null;
  private valid: Uint8Array | null = null;
  private dict: string[] = [];
  private index = new Map<string, number>();

  constructor(readonly type: DataType, private capacity = 1024) {
    if (type === 'utf8') {
      this.values = null;
      this.codes = new Int32Array(capacity);
    } else if (type === 'int64') {
      this.values = null;
      this.codes = null;
      this.i64 = new BigInt64Array(capacity);
    } else {
      this.values = new (storageFor(type))(capacity);
      this.codes = null;
    }
  }

  /** Rows appended so far. */
  get length(): number {
    return this.n;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    if (this.values !== null) {
      const v = new (this.values.constructor as new (n: number) => NumArray)(cap);
      v.set(this.values);
      this.values = v;
    } else if (this.i64 !== null) {
      const v = new BigInt64Array(cap);
      v.set(this.i64);
      this.i64 = v;
    } else {
      const c = new Int32Array(cap);
      c.set(this.codes!);
      this.codes = c;
    }
    if (this.valid !== null) {
      const m = new Uint8Array(cap);
      m.set(this.valid);
      this.valid = m;
    }
    this.capacity = cap;
  }

  /** Appends a null. */
  appendNull(): void {
    if (this.n === this.capacity) this.grow();
    if (this.valid === null) {
      this.valid = new Uint8Array(this.capacity);
      this.valid.fill(1, 0, this.n);
    }
    this.valid[this.n++] = 0;
  }

  /** Appends a stored number (bool 0/1, date days, timestamp ms; int64 an integer number or a bigint). */
  appendNumber(v: number | bigint): void {
    if (this.n === this.capacity) this.grow();
    const values = this.values;
    if (values !== null) values[this.n] = v as number;
    else this.setInt64(this.n, v);
    if (this.valid !== null) this.valid[this.n] = 1;
    this.n++;
  }

  private setInt64(i: number, v: number | bigint): void {
    if (typeof v === 'bigint') {
      this.i64![i] = v;
      return;
    }
    // An exact integer number: written as words, no bigint made.
    const w = int64Words(this.i64!);
    const hi = Math.floor(v / TWO32);
    w[2 * i] = (v - hi * TWO32) | 0;
    w[2 * i + 1] = hi | 0;
  }

  /** Appends a string (utf8 columns). */
  appendString(s: string): void {
    if (this.n === this.capacity) this.grow();
    let code = this.index.get(s);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(s);
      this.index.set(s, code);
    }
    this.codes![this.n] = code;
    if (this.valid !== null) this.valid[this.n] = 1;
    this.n++;
  }

  /** Takes the rows appended so far as a Vec and starts empty again (the dictionary restarts too). */
  finish(): Vec {
    const n = this.n;
    const valid = this.valid === null ? null : this.valid.slice(0, n);
    let out: Vec;
    if (this.type === 'utf8') {
      out = { kind: 'str', type: 'utf8', dict: this.dict, codes: this.codes!.slice(0, n), valid };
      this.dict = [];
      this.index = new Map();
    } else {
      out = this.i64 !== null
        ? { kind: 'num', type: 'int64', values: this.i64.slice(0, n), valid }
        : { kind: 'num', type: this.type, values: this.values!.slice(0, n), valid } as Vec;
    }
    this.n = 0;
    this.valid = null;
    return out;
  }
}
