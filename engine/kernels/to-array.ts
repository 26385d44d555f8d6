/**
 * Columns to plain JavaScript values (results, row functions).
 */
import type { Vec } from '../batch.js';
import { DataError } from '../errors.js';

const DAY_MS = 86_400_000;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

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
    case 'int64': {
      const big = opts?.bigint === true;
      for (let i = 0; i < n; i++) {
        if (valid !== null && valid[i] === 0) {
          out[i] = null;
          continue;
        }
        const x = vals[i]!;
        if (!(x <= MAX_SAFE && x >= -MAX_SAFE)) {
          throw new DataError(`column ${name}: int64 value ${x} is beyond ±2^53−1 and cannot be returned exactly`, { column: name, value: String(x) });
        }
        out[i] = big ? BigInt(x) : x;
      }
      break;
    }
    default:
      for (let i = 0; i < n; i++) out[i] = valid !== null && valid[i] === 0 ? null : vals[i];
  }
  return out;
}
