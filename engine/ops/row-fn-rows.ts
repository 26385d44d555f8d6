/**
 * Rows for row functions: batches → plain objects (only the fields a function reads), and the
 * function's results → columns of the node's schema, each value checked against its type.
 */
import type { Batch, Vec } from '../batch.js';
import { DataError } from '../errors.js';
import { VecBuilder, vecToArray } from '../kernels/index.js';
import type { RowFn } from '../plan.js';
import type { DataType, Schema } from '../types.js';

/** Reads the rows of a batch as the function sees them. */
export type RowReader = (b: Batch) => unknown[];

/**
 * A reader of rows over batches of `schema`: objects of the fields `fn.reads` (all fields when
 * null, except column `exclude`), or the bare values of column `value` when `fn.valueIn`.
 * int64 comes as number (bigint with `bigint`), date/timestamp as Date, null as null.
 */
export function rowReader(schema: Schema, fn: RowFn, exclude: number | null, bigint: boolean): RowReader {
  const opts = { bigint };
  if (fn.valueIn) {
    const vi = schema.findIndex((f, i) => f.name === 'value' && i !== exclude);
    const idx = vi >= 0 ? vi : exclude === 0 ? 1 : 0;
    return (b) => vecToArray(b.columns[idx]!, schema[idx]?.name ?? 'value', opts);
  }
  const names: string[] = [];
  const idx: number[] = [];
  const wanted = fn.reads ?? schema.filter((_, i) => i !== exclude).map((f) => f.name);
  for (const n of wanted) {
    if (names.includes(n)) continue;
    names.push(n);
    idx.push(schema.findIndex((f, i) => f.name === n && i !== exclude));
  }
  // One object shape for every row: a generated constructor, so V8 keeps the rows monomorphic.
  const body = `return { ${names.map((n, k) => `${JSON.stringify(n)}: c[${k}][i]`).join(', ')} };`;
  const make = new Function('c', 'i', body) as (c: unknown[][], i: number) => unknown;
  const none: unknown[] = [];
  return (b) => {
    const cols = idx.map((j) => (j < 0 ? none : vecToArray(b.columns[j]!, schema[j]!.name, opts)));
    const n = b.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = make(cols, i);
    return out;
  };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (v instanceof Date) return `Date ${Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()}`;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** Why `v` does not fit `type`, or null when it does (null fits every type). */
function misfit(v: unknown, type: DataType): string | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'utf8':
      return typeof v === 'string' ? null : 'a string';
    case 'bool':
      return typeof v === 'boolean' ? null : 'a boolean';
    case 'float64':
      return typeof v === 'number' ? null : 'a number';
    case 'int32':
      return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? null : 'an int32 (a whole number)';
    case 'int64':
      return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint' ? null : 'an int64 (a whole number)';
    case 'date':
    case 'timestamp':
      return v instanceof Date && !Number.isNaN(v.getTime()) ? null : 'a Date';
    case 'null':
      return 'null (every sampled value of this field was null, so its type is unknown)';
  }
}

/**
 * Collects a function's results into columns of `schema`: objects whose fields are read by
 * name, or bare values into the single column when `valueOut`. A value that does not fit its
 * column's type is a DataError naming the field and the input row.
 */
export class RowWriter {
  private builders: VecBuilder[];
  private readonly names: string[];
  private readonly types: DataType[];

  constructor(private readonly schema: Schema, private readonly fn: RowFn, private readonly partition: number, private readonly capacity = 1024) {
    this.names = schema.map((f) => f.name);
    this.types = schema.map((f) => f.type);
    this.builders = this.fresh();
  }

  private fresh(): VecBuilder[] {
    return this.schema.map((f) => new VecBuilder(f.type, this.capacity));
  }

  /** Rows added since the last flush. */
  get length(): number {
    return this.count;
  }

  private count = 0;

  /** Adds one result; `row` is the input row it came from (for messages), or null. */
  add(v: unknown, row: number | null): void {
    const n = this.names.length;
    if (this.fn.valueOut) {
      this.put(0, v, row);
    } else {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) {
        throw this.error(`returned ${describe(v)}, but its results are objects with the fields ${this.names.join(', ') || '(none)'}`, row, null);
      }
      const o = v as Record<string, unknown>;
      for (let c = 0; c < n; c++) this.put(c, o[this.names[c]!], row);
    }
    this.count++;
  }

  private put(c: number, v: unknown, row: number | null): void {
    const why = misfit(v, this.types[c]!);
    if (why !== null) throw this.error(`field "${this.names[c]}" is ${describe(v)}; the column is ${this.types[c]}, so it must be ${why}`, row, this.names[c]!);
    try {
      this.builders[c]!.append(v as never);
    } catch (e) {
      if (e instanceof DataError) throw this.error(`field "${this.names[c]}": ${e.message}`, row, this.names[c]!);
      throw e;
    }
  }

  private error(what: string, row: number | null, field: string | null): DataError {
    const where = row === null ? `in partition ${this.partition}` : `for row ${row} of partition ${this.partition}`;
    return new DataError(`the ${this.fn.kind} function's result ${where} does not fit the Dataset's schema: ${what}`, {
      kind: this.fn.kind, partition: this.partition, ...(row !== null ? { row } : {}), ...(field !== null ? { field } : {}),
    });
  }

  /** The columns built so far (and starts over). */
  flush(): { columns: Vec[]; length: number } {
    const length = this.count;
    const columns = this.builders.map((b) => b.finish());
    this.builders = this.fresh();
    this.count = 0;
    return { columns, length };
  }
}

/** A group key as text: JSON, with Dates and bigints tagged so they come back as they were. */
export function encodeKey(k: unknown): string {
  if (k === undefined) return 'null';
  return JSON.stringify(k, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.getTime() };
    if (typeof raw === 'bigint') return { $bigint: raw.toString() };
    return v;
  });
}

/** The key `encodeKey` encoded. */
export function decodeKey(s: string): unknown {
  return JSON.parse(s, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === '$date' && typeof o.$date === 'number') return new Date(o.$date);
      if (keys.length === 1 && keys[0] === '$bigint' && typeof o.$bigint === 'string') return BigInt(o.$bigint);
    }
    return v;
  });
}
