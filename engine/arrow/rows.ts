/**
 * Plain JavaScript rows ↔ batches (fromRows, collect, row functions).
 */
import type { DataType, Field, Schema } from '../types.js';
import type { Batch, Vec } from '../batch.js';
import { VecBuilder, vecToArray } from '../kernels/index.js';
import { AnalysisError, DataError } from '../errors.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

type Kind = 'number' | 'string' | 'boolean' | 'Date' | 'bigint' | 'null';

function kindOf(v: unknown): Kind | string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return 'Date';
  const t = typeof v;
  if (t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint') return t;
  return Array.isArray(v) ? 'array' : t;
}

interface Acc {
  kind: Kind;
  firstRow: number;
  allInt32: boolean;
  allInt: boolean;
}

/**
 * The schema of plain rows: numbers int32 if all integers in int32 range, int64 if integers beyond,
 * float64 if any fraction; strings utf8; booleans bool; Date timestamp; bigint int64; a column
 * of only nulls 'null'. Columns in order of first appearance. Mixed kinds are an AnalysisError.
 */
export function inferRowsSchema(rows: readonly Record<string, unknown>[]): Schema {
  const accs = new Map<string, Acc>();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row === null || typeof row !== 'object') {
      throw new AnalysisError(`row ${r} is ${row === null ? 'null' : typeof row}, not a plain object`, { row: r });
    }
    for (const key of Object.keys(row)) {
      const v = row[key];
      const k = kindOf(v);
      let acc = accs.get(key);
      if (acc === undefined) {
        acc = { kind: 'null', firstRow: r, allInt32: true, allInt: true };
        accs.set(key, acc);
      }
      if (k === 'null') continue;
      if (k !== 'number' && k !== 'string' && k !== 'boolean' && k !== 'Date' && k !== 'bigint') {
        throw new AnalysisError(`field ${key} of row ${r} is a ${k}, which rondo cannot store (numbers, strings, booleans, Dates, bigints and null)`, { field: key, row: r });
      }
      if (acc.kind === 'null') {
        acc.kind = k;
        acc.firstRow = r;
      } else if (acc.kind !== k && !((acc.kind === 'number' && k === 'bigint') || (acc.kind === 'bigint' && k === 'number'))) {
        throw new AnalysisError(`field ${key} mixes kinds: ${acc.kind} (first at row ${acc.firstRow}) and ${k} at row ${r}`, {
          field: key,
          kinds: [acc.kind, k],
          row: r,
        });
      }
      if (k === 'number') {
        const n = v as number;
        if (!Number.isInteger(n)) {
          acc.allInt = false;
          acc.allInt32 = false;
        } else if (n < -9223372036854775808 || n >= 9223372036854775808) {
          // Beyond int64: a float64 column, as Spark infers it.
          acc.allInt = false;
          acc.allInt32 = false;
        } else if (n < INT32_MIN || n > INT32_MAX) acc.allInt32 = false;
      } else if (k === 'bigint') {
        acc.kind = 'bigint';
        acc.allInt32 = false;
      }
    }
  }
  const fields: Field[] = [];
  for (const [name, acc] of accs) {
    let type: DataType;
    switch (acc.kind) {
      case 'number':
        type = acc.allInt32 ? 'int32' : acc.allInt ? 'int64' : 'float64';
        break;
      case 'bigint':
        if (!acc.allInt) {
          throw new AnalysisError(`field ${name} mixes bigints and fractional numbers`, { field: name });
        }
        type = 'int64';
        break;
      case 'string':
        type = 'utf8';
        break;
      case 'boolean':
        type = 'bool';
        break;
      case 'Date':
        type = 'timestamp';
        break;
      default:
        type = 'null';
    }
    fields.push({ name, type, nullable: true });
  }
  return fields;
}

/** A batch of plain rows, with `schema` or the inferred one; a missing field is null. */
export function rowsToBatch(rows: readonly Record<string, unknown>[], schema?: Schema): Batch {
  const sch = schema ?? inferRowsSchema(rows);
  const columns: Vec[] = sch.map((f) => {
    const b = new VecBuilder(f.type, rows.length);
    for (let r = 0; r < rows.length; r++) {
      const v = rows[r]![f.name];
      if (v === null || v === undefined) {
        b.appendNull();
        continue;
      }
      try {
        b.append(v as never);
      } catch (e) {
        if (e instanceof DataError) {
          throw new DataError(`field ${f.name} of row ${r}: ${e.message}`, { field: f.name, row: r, ...e.details });
        }
        throw e;
      }
    }
    return b.finish();
  });
  return { schema: sch, columns, length: rows.length };
}

/** Plain rows of a batch (int64 as number, or bigint with `opts.bigint`; dates as Date). */
export function batchToRows(b: Batch, opts?: { bigint?: boolean }): Record<string, unknown>[] {
  const cols = b.columns.map((c, i) => vecToArray(c, b.schema[i]!.name, opts));
  const names = b.schema.map((f) => f.name);
  const out = new Array<Record<string, unknown>>(b.length);
  for (let r = 0; r < b.length; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = cols[c]![r];
    out[r] = row;
  }
  return out;
}
