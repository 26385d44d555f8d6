/**
 * User-given schemas: a Schema array (`[{ name, type, nullable? }]`) or an object
 * `{ name: type }`, checked and normalized.
 */
import { AnalysisError } from '../engine/errors.js';
import type { Field, Schema } from '../engine/types.js';
import { describeValue, parseTypeName } from './column.js';

/** A schema as a user may write it. */
export type SchemaInput = readonly { readonly name: string; readonly type: string; readonly nullable?: boolean }[] | Readonly<Record<string, string>>;

/** Checks and normalizes a user-given schema (types by rondo's or Spark's names; nullable by default). */
export function normalizeSchema(input: SchemaInput, where: string): Schema {
  const fields: Field[] = [];
  if (Array.isArray(input)) {
    for (const f of input as readonly { name: unknown; type: unknown; nullable?: unknown }[]) {
      if (!f || typeof f !== 'object' || typeof f.name !== 'string' || f.name === '') {
        throw new AnalysisError(`${where}: each schema field needs a name and a type, got ${describeValue(f)}`);
      }
      fields.push({ name: f.name, type: parseTypeName(f.type, `${where}: column "${f.name}"`), nullable: f.nullable !== false });
    }
  } else if (input !== null && typeof input === 'object') {
    for (const [name, type] of Object.entries(input)) {
      fields.push({ name, type: parseTypeName(type, `${where}: column "${name}"`), nullable: true });
    }
  } else {
    throw new AnalysisError(`${where}: a schema is an array of { name, type } or an object { name: type }, got ${describeValue(input)}`);
  }
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) throw new AnalysisError(`${where}: the schema names column "${f.name}" twice`);
    seen.add(f.name);
  }
  return fields;
}
