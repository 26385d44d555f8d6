/**
 * Captures: the values a row function may use besides its parameters. They travel to the
 * executors as JSON, so each must be a plain JSON value that comes back unchanged; anything
 * else is refused when the transformation is defined, naming the capture and why.
 */
import { AnalysisError } from '../../engine/errors.js';
import { callName } from './call-names.js';
import type { JsonValue, LambdaKind } from './types.js';

const RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval').split(' '));

/** Checks `captures` and returns a JSON-safe deep copy. */
export function checkCaptures(captures: Record<string, unknown> | undefined, kind: LambdaKind): Record<string, JsonValue> {
  if (captures === undefined || captures === null) return {};
  const call = callName(kind);
  if (typeof captures !== 'object' || Array.isArray(captures) || !isPlainObject(captures)) {
    throw new AnalysisError(`the captures of a ${kind} function must be a plain object of names to values, e.g. ${call}(fn, { threshold: 5 }); got ${describe(captures)}`, { function: kind });
  }
  const out: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(captures)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || RESERVED.has(name)) {
      throw new AnalysisError(`capture "${name}" of a ${kind} function is not a usable variable name: captures become variables of the function on the executors`, { function: kind, capture: name });
    }
    out[name] = copyJson(value, name, [], kind);
  }
  return out;
}

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'function') return `a function${v.name ? ` (${v.name})` : ''}`;
  if (typeof v === 'object') {
    const ctor = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return ctor ? `an instance of ${ctor}` : 'an object';
  }
  if (typeof v === 'bigint') return `the bigint ${v}n`;
  return `${typeof v} ${String(v)}`;
}

function copyJson(v: unknown, path: string, stack: object[], kind: LambdaKind): JsonValue {
  const bad = (why: string): never => {
    throw new AnalysisError(`capture "${path}" of a ${kind} function cannot be sent to the executors: ${why}. Captures must be plain JSON values (null, booleans, finite numbers, strings, arrays and plain objects of them).`, { function: kind, capture: path });
  };
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (!Number.isFinite(v)) bad(`${v} does not survive JSON (it becomes null)`);
      return v;
    case 'undefined':
      return bad('it is undefined, which JSON drops; use null');
    case 'bigint':
      return bad(`it is a bigint (${v}n), which JSON cannot hold; pass a number or a string`);
    case 'function':
      return bad(`it is a function${v.name ? ` (${v.name})` : ''}; functions cannot be captured, write the helper inside the row function`);
    case 'symbol':
      return bad('it is a symbol');
    case 'object': {
      if (v === null) return null;
      if (stack.includes(v)) return bad('it contains a cycle (an object that refers back to itself)');
      if (v instanceof Date) return bad('it is a Date, which JSON turns into a string; pass date.getTime() or date.toISOString()');
      if (v instanceof Map || v instanceof Set) return bad(`it is a ${v instanceof Map ? 'Map' : 'Set'}, which JSON turns into {}; pass an array or a plain object`);
      const next = [...stack, v];
      if (Array.isArray(v)) {
        const arr: JsonValue[] = [];
        for (let i = 0; i < v.length; i++) {
          if (!(i in v)) bad(`element ${i} is a hole, which JSON turns into null`);
          arr.push(copyJson(v[i], `${path}[${i}]`, next, kind));
        }
        return arr;
      }
      if (!isPlainObject(v)) return bad(`it is ${describe(v)}, which JSON would turn into a plain object without its class`);
      const o: { [k: string]: JsonValue } = {};
      for (const [k, x] of Object.entries(v)) o[k] = copyJson(x, `${path}.${k}`, next, kind);
      return o;
    }
    default:
      return bad(`unsupported value ${describe(v)}`);
  }
}
