/**
 * The output schema of a row function that was not compiled, inferred from a sample.
 *
 * The rule (documented on Dataset.map): at the first action, the input's first
 * SAMPLE_ROWS rows are read and the function is applied to them in the driver. Results
 * that are objects give one column per key (in order of first appearance); results that are
 * numbers, strings, booleans or Dates give one column `value`. Each column's type: strings
 * utf8, booleans bool, Dates timestamp (date when the field passes a date column through),
 * numbers float64 — except a field that passes an integer column through unchanged (in every
 * sampled row of a map, it equals that input column; for the other kinds, it has the column's
 * name) and holds only integers, which keeps that column's type. A field null in every sampled
 * row has type null (a later non-null value is an error). The real job then runs with this
 * schema; a later value that does not fit is a DataError naming the field and the row.
 */
import { AnalysisError } from '../../engine/errors.js';
import type { DataType, Field, Schema } from '../../engine/types.js';

/** Rows the schema of an uncompiled function is inferred from. */
export const SAMPLE_ROWS = 1000;

/** What the inference found: the schema, and whether results are bare values. */
export interface InferredOutput {
  readonly schema: Schema;
  readonly valueOut: boolean;
}

type Kind = 'number' | 'string' | 'boolean' | 'Date' | 'bigint';

function kindOf(v: unknown, where: string): Kind | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return 'Date';
  const t = typeof v;
  if (t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint') return t as Kind;
  throw new AnalysisError(`${where} is ${Array.isArray(v) ? 'an array' : `a ${t}`}; a column holds numbers, strings, booleans, Dates or null (nested values are not supported)`);
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());
}

const PASS_TYPES: ReadonlySet<DataType> = new Set(['int32', 'int64', 'date']);

/**
 * Infers the output schema from `outputs` (every result of the sample, flattened). `pairs`:
 * for a 1:1 map, each sampled input row (object, or bare value) with its result, to detect
 * fields that pass an input column through. `kind` names the function in messages.
 */
export function inferOutputSchema(kind: string, outputs: readonly unknown[], input: Schema, pairs: readonly (readonly [unknown, unknown])[] | null): InferredOutput {
  let objects = 0;
  let values = 0;
  for (const o of outputs) {
    if (o === null || o === undefined) continue;
    if (typeof o === 'object' && !(o instanceof Date)) {
      if (Array.isArray(o)) throw new AnalysisError(`the ${kind} function returned an array; return an object (one column per key) or a plain value (column "value")`);
      objects++;
    } else values++;
  }
  if (objects > 0 && values > 0) {
    throw new AnalysisError(`the ${kind} function returns objects for some rows and plain values for others (in the first ${SAMPLE_ROWS} rows); it must return one or the other`);
  }
  const valueOut = values > 0 || (objects === 0 && outputs.length > 0);
  const names: string[] = [];
  if (valueOut) names.push('value');
  else {
    const seen = new Set<string>();
    for (const o of outputs) {
      if (o === null || o === undefined) continue;
      for (const k of Object.keys(o as object)) if (!seen.has(k)) (seen.add(k), names.push(k));
    }
  }
  const get = (o: unknown, name: string): unknown => (valueOut ? o : o === null || o === undefined ? null : (o as Record<string, unknown>)[name]);
  const inRow = (r: unknown, col: string): unknown => (r !== null && typeof r === 'object' && !(r instanceof Date) ? (r as Record<string, unknown>)[col] : col === 'value' ? r : undefined);
  const fields: Field[] = names.map((name) => {
    let kind0: Kind | null = null;
    let allInt = true;
    for (const o of outputs) {
      const v = get(o, name);
      const k = kindOf(v, `field "${name}" of the ${kind} function's result`);
      if (k === null) continue;
      if (kind0 === null) kind0 = k;
      else if (kind0 !== k && !(isNum(kind0) && isNum(k))) {
        throw new AnalysisError(`field "${name}" of the ${kind} function's result mixes ${kind0} and ${k} values (in the first ${SAMPLE_ROWS} rows)`, { field: name });
      }
      if (k === 'bigint') kind0 = 'bigint';
      if (k === 'number' && !Number.isInteger(v)) allInt = false;
    }
    const passType = (): DataType | undefined => {
      const candidates = input.filter((f) => PASS_TYPES.has(f.type));
      if (pairs !== null && pairs.length > 0) {
        const ordered = [...candidates.filter((f) => f.name === name), ...candidates.filter((f) => f.name !== name)];
        const hit = ordered.find((f) => pairs.every(([r, o]) => same(get(o, name) ?? null, inRow(r, f.name) ?? null)));
        return hit?.type;
      }
      return candidates.find((f) => f.name === name)?.type;
    };
    let type: DataType;
    switch (kind0) {
      case null:
        type = 'null';
        break;
      case 'string':
        type = 'utf8';
        break;
      case 'boolean':
        type = 'bool';
        break;
      case 'Date':
        type = passType() === 'date' ? 'date' : 'timestamp';
        break;
      case 'bigint':
        type = 'int64';
        break;
      case 'number': {
        const t = allInt ? passType() : undefined;
        type = t === 'int32' || t === 'int64' ? t : 'float64';
        break;
      }
    }
    return { name, type, nullable: true };
  });
  return { schema: fields, valueOut };
}

function isNum(k: Kind): boolean {
  return k === 'number' || k === 'bigint';
}
