/**
 * Checks a compiled row function against the schema it will run over: the compiled form is
 * exact only when every field meets what the analysis assumed of it (FieldRequirement).
 */
import type { DataType, Schema } from '../../engine/types.js';
import type { AnalyzedLambda, CompiledLambda, FieldRequirement } from './types.js';
import { withoutNaNGuards } from './nan-guards.js';

const JS_TYPE_OK: Record<FieldRequirement['type'], (t: DataType) => boolean> = {
  number: (t) => t === 'int32' || t === 'int64' || t === 'float64' || t === 'null',
  string: (t) => t === 'utf8' || t === 'null',
  boolean: (t) => t === 'bool' || t === 'null',
  scalar: (t) => t !== 'date' && t !== 'timestamp',
  any: () => true,
};

const JS_NAME: Record<FieldRequirement['type'], string> = { number: 'a number', string: 'a string', boolean: 'a boolean', scalar: 'a number, string or boolean', any: 'any value' };

/** The JavaScript type of a row value of column type `t`. */
function jsKind(t: DataType): string {
  return t === 'int32' || t === 'int64' || t === 'float64' ? 'number' : t;
}

/** Why `analyzed.compiled` is not exact over `schema`, or null when it is (or there is nothing compiled). */
export function whyNotCompiledFor(analyzed: AnalyzedLambda, schema: Schema): string | null {
  if (analyzed.compiled === null) return analyzed.notCompiledBecause;
  for (const [name, req] of Object.entries(analyzed.requires)) {
    const f = schema.find((x) => x.name === name);
    // An unknown field: let the compiled form's own analysis report it with the columns that exist.
    if (f === undefined) continue;
    if (!JS_TYPE_OK[req.type](f.type)) return `uses field "${name}" as ${JS_NAME[req.type]} but it is ${f.type}`;
    for (const other of req.sameTypeAs ?? []) {
      const g = schema.find((x) => x.name === other);
      if (g !== undefined && jsKind(g.type) !== jsKind(f.type) && f.type !== 'null' && g.type !== 'null') {
        return `uses fields "${name}" (${f.type}) and "${other}" (${g.type}) together, which JavaScript compares or picks differently from the engine`;
      }
    }
    if (req.nonNull && (f.nullable || f.type === 'null')) return `calls a string method on "${name}", which may be null (JavaScript would throw on a null; write ${name}?.… to compile)`;
  }
  return null;
}

/**
 * The compiled form of `analyzed` when it is exact over `schema`, else null (run row by row);
 * without the NaN guards that cannot fire over `schema` (no float column involved).
 */
export function compiledFor(analyzed: AnalyzedLambda, schema: Schema): CompiledLambda | null {
  if (whyNotCompiledFor(analyzed, schema) !== null || analyzed.compiled === null) return null;
  return withoutNaNGuards(analyzed.compiled, schema);
}
