/**
 * Drops the NaN guards of a compiled row function where the schema says no NaN can occur, so
 * `r => r.v1 > 5` over an integer column is exactly `col('v1').gt(5)` (the shape a scan can
 * use) and pays for no isNaN.
 *
 * Only a float64 column holds NaN; a guard `isNaN(x)` over a read of another column (bare, cast
 * to float64, or coalesced with a literal) becomes false. The guards the compiler writes only
 * sit next to a comparison of the same x, which is null when x is null, so false for a null x
 * gives the same result. `not`, `and` and CASE over the literal then fold away.
 */
import type { Schema } from '../../engine/types.js';
import type { LExpr } from '../../planner/logical.js';
import type { CompiledLambda } from './types.js';

/** `c` without the NaN guards that cannot fire over `schema`. */
export function withoutNaNGuards(c: CompiledLambda, schema: Schema): CompiledLambda {
  const f = (e: LExpr): LExpr => simplify(e, schema);
  switch (c.kind) {
    case 'predicate':
    case 'value':
      return { kind: c.kind, expr: f(c.expr) };
    case 'record':
      return { kind: 'record', fields: c.fields.map((x) => ({ name: x.name, expr: f(x.expr) })) };
  }
}

/** True when `e` is never NaN over `schema`: a literal, or a read of a non-float column. */
function neverNaN(e: LExpr, schema: Schema): boolean {
  switch (e.kind) {
    case 'lit':
      return typeof e.value !== 'number' || !Number.isNaN(e.value);
    case 'col': {
      const f = schema.find((x) => x.name === e.name);
      return f !== undefined && f.type !== 'float64';
    }
    case 'cast':
      return neverNaN(e.expr, schema);
    case 'call':
      return e.fn === 'coalesce' && e.args.every((a) => neverNaN(a, schema));
    default:
      return false;
  }
}

const FALSE: LExpr = { kind: 'lit', value: false };
const TRUE: LExpr = { kind: 'lit', value: true };
const isBool = (e: LExpr, v: boolean): boolean => e.kind === 'lit' && e.value === v;

function simplify(e: LExpr, schema: Schema): LExpr {
  const s = (x: LExpr): LExpr => simplify(x, schema);
  switch (e.kind) {
    case 'call': {
      if (e.fn === 'isNaN' && neverNaN(e.args[0]!, schema)) return FALSE;
      const args = e.args.map(s);
      if (e.fn === 'not' && (isBool(args[0]!, true) || isBool(args[0]!, false))) return isBool(args[0]!, true) ? FALSE : TRUE;
      if (e.fn === 'and' && args.length === 2) {
        if (isBool(args[1]!, true)) return args[0]!;
        if (isBool(args[0]!, true)) return args[1]!;
      }
      return { ...e, args };
    }
    case 'case': {
      const branches = e.branches.map((b) => ({ when: s(b.when), then: s(b.then) })).filter((b) => !isBool(b.when, false));
      const otherwise = e.otherwise === null ? null : s(e.otherwise);
      if (branches.length === 0 && otherwise !== null) return otherwise;
      return { ...e, branches, otherwise };
    }
    case 'cast':
      return { ...e, expr: s(e.expr) };
    case 'alias':
      return { ...e, expr: s(e.expr) };
    default:
      return e;
  }
}
