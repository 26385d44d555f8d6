/**
 * A growable column for the readers: typed arrays doubled on demand, strings into a
 * dictionary through a Map, and a validity mask made only once a null shows up.
 */
import { storageFor, type Vec } from '../batch.js';
import type { DataType } from '../types.js';

type NumArray = Float64Array | Int32Array | Uint8Array;

/** Builds one Vec of a fixed type, value by value. */
export class ColumnBuilder {
  private n = 0;
  private values: NumArray | null;
  private codes: Int32Array | null;
  private valid: Uint8Array | null = null;
  private dict: string[] = [];
  private index = new Map<string, number>();

  constructor(readonly type: DataType, private capacity = 1024) {
    if (type === 'utf8') {
      this.values = null;
      this.codes = new Int32Array(capacity);
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

  /** Appends a stored number (bool 0/1, date days, timestamp ms). */
  appendNumber(v: number): void {
    if (this.n === this.capacity) this.grow();
    this.values![this.n] = v;
    if (this.valid !== null) this.valid[this.n] = 1;
    this.n++;
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
      out = { kind: 'num', type: this.type, values: this.values!.slice(0, n), valid };
    }
    this.n = 0;
    this.valid = null;
    return out;
  }
}
