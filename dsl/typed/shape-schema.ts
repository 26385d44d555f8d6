/**
 * The output schema of a row function when its sample has no rows (an empty input): read from
 * the function's source (its ResultShape) over the input schema, or given by the user
 * (`{ schema }`), so the schema of a map does not depend on whether rows arrived.
 *
 * Types follow the sample rule (infer-schema.ts): a field passed through keeps its column's
 * type, numbers are float64, strings utf8, booleans bool, Dates timestamp, a null literal
 * null; every field nullable.
 */
import { AnalysisError } from '../../engine/errors.js';
import type { DataType, Field, Schema } from '../../engine/types.js';
import type { ResultShape, ShapeType } from '../lambda/index.js';
import type { InferredOutput } from './infer-schema.js';

const NUMERIC: ReadonlySet<DataType> = new Set(['int32', 'int64', 'float64']);

/** The column type of a value of type `t` over `input`, or null when it cannot be told. */
function typeOf(t: ShapeType, input: Schema, valueIn: boolean): DataType | null {
  if ('field' in t) {
    if (valueIn) return null;
    return input.find((f) => f.name === t.field)?.type ?? null;
  }
  if ('plus' in t) {
    const [a, b] = t.plus.map((x) => typeOf(x, input, valueIn));
    if (a === null || b === null || a === undefined || b === undefined) return null;
    // JavaScript: a string (or a Date, which prints) on either side concatenates; else numbers add.
    const str = (x: DataType): boolean => x === 'utf8' || x === 'date' || x === 'timestamp';
    return str(a) || str(b) ? 'utf8' : 'float64';
  }
  if ('either' in t) {
    const [a, b] = t.either.map((x) => typeOf(x, input, valueIn));
    if (a === null || b === null || a === undefined || b === undefined) return null;
    if (a === 'null') return b;
    if (b === 'null' || a === b) return a;
    return NUMERIC.has(a) && NUMERIC.has(b) ? 'float64' : null;
  }
  switch (t.t) {
    case 'number': return 'float64';
    case 'string': return 'utf8';
    case 'boolean': return 'bool';
    case 'null': return 'null';
    case 'Date': return 'timestamp';
    case 'row': return valueIn ? input.find((f) => f.name === 'value')?.type ?? null : null;
  }
}

/** The output of a function of result shape `shape` over `input`, or null when the shape cannot tell. */
export function schemaFromShape(shape: ResultShape | null | undefined, input: Schema, valueIn: boolean): InferredOutput | null {
  if (shape === null || shape === undefined) return null;
  if (shape.kind === 'value') {
    const type = typeOf(shape.type, input, valueIn);
    return type === null ? null : { schema: [{ name: 'value', type, nullable: true }], valueOut: true };
  }
  if (valueIn && shape.entries.some(([, v]) => v === 'row')) return null;
  // A Map keeps a key's first position when it is set again, like an object literal does.
  const fields = new Map<string, DataType>();
  for (const [name, v] of shape.entries) {
    if (v === 'row') {
      for (const f of input) fields.set(f.name, f.type);
      continue;
    }
    const type = typeOf(v, input, valueIn);
    if (type === null) return null;
    fields.set(name, type);
  }
  if (fields.size === 0) return null;
  return { schema: [...fields].map(([name, type]): Field => ({ name, type, nullable: true })), valueOut: false };
}

/**
 * The output of a `kind` function whose sample gave no result: the `given` schema, else the
 * one its source tells, else an AnalysisError asking for it.
 */
export function outputWithoutRows(kind: string, given: Schema | undefined, shape: ResultShape | null | undefined, input: Schema, valueIn: boolean): InferredOutput {
  if (given !== undefined) return givenOutput(given, shape);
  const fromShape = schemaFromShape(shape, input, valueIn);
  if (fromShape !== null) return fromShape;
  throw new AnalysisError(
    `the output schema of the ${kind} function cannot be inferred: its input had no rows in the sample, and its result type cannot be read from its source; pass it, e.g. ds.${kind}(fn, captures, { schema: { id: 'int', name: 'string' } })`,
  );
}

/**
 * The output for a schema the user gave: plain values when the source says the function
 * returns plain values, or (source unknown) when the schema is the one column `value`.
 */
export function givenOutput(schema: Schema, shape: ResultShape | null | undefined): InferredOutput {
  const valueOut = shape ? shape.kind === 'value' : schema.length === 1 && schema[0]!.name === 'value';
  if (valueOut && schema.length !== 1) throw new AnalysisError(`the function returns plain values, so its schema must be one column (it has ${schema.length})`);
  return { schema, valueOut };
}
