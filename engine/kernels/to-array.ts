/**
 * Columns to plain JavaScript values (results, row functions).
 */
import type { Vec } from '../batch.js';
import { int64Words, SAFE_HI_MAX, SAFE_HI_MIN, wordsToDouble } from './int64.js';
import { DataError } from '../errors.js';

const DAY_MS = 86_400_000;

/**
 * The values of v as JS values: number, string, boolean, null, and Date for date/timestamp.
 * int64 is a number, or a bigint when `opts.bigint`; a value beyond ±2^53−1 is a DataError
 * naming column `name`.
 */
export function vecToArray(v: Vec, name: string, opts?: { bigint?: boolean }): unknown[] {
  const valid = v.valid;
  if (v.kind === 'str') {
    const n = v.codes.length;
    const out = new Array<unknown>(n);
    const dict = v.dict;
    const codes = v.codes;
    for (let i = 0; i < n; i++) out[i] = valid !== null && valid[i] === 0 ? null : dict[codes[i]!];
    return out;
  }
  if (v.type === 'int64') return int64ToArray(v.values, valid, name, opts?.bigint === true);
  const vals = v.values;
  const n = vals.length;
  const out = new Array<unknown>(n);
  switch (v.type) {
    case 'null':
      out.fill(null);
      break;
    case 'bool':
      for (let i = 0; i < n; i++) out[i] = valid !== null && valid[i] === 0 ? null : vals[i] !== 0;
      break;
    case 'date':
      for (let i = 0; i < n; i++) out[i] = valid !== null && valid[i] === 0 ? null : new Date(vals[i]! * DAY_MS);
      break;
    case 'timestamp':
      for (let i = 0; i < n; i++) out[i] = valid !== null && valid[i] === 0 ? null : new Date(vals[i]!);
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = valid !== null && valid[i] === 0 ? null : vals[i];
  }
  return out;
}

/** int64 values: numbers (a DataError naming `name` beyond ±2^53−1), or bigints for every value. */
function int64ToArray(vals: BigInt64Array, valid: Uint8Array | null, name: string, big: boolean): unknown[] {
  const n = vals.length;
  const out = new Array<unknown>(n);
  const w = int64Words(vals);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) {
      out[i] = null;
      continue;
    }
    if (big) {
      out[i] = vals[i]!;
      continue;
    }
    const lo = w[2 * i]!;
    const hi = w[2 * i + 1]!;
    if (hi < SAFE_HI_MIN || hi > SAFE_HI_MAX || (hi === SAFE_HI_MIN && lo === 0)) {
      throw new DataError(`column ${name}: int64 value ${vals[i]!} is beyond ±2^53−1 and cannot be returned as a number exactly (set conf.bigint for bigint results)`, { column: name, value: String(vals[i]!) });
    }
    out[i] = wordsToDouble(lo, hi);
  }
  return out;
}
