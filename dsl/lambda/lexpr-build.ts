/** Small constructors of logical expressions used by the lambda compiler. */
import type { LitValue, ScalarFn } from '../../engine/expr.js';
import type { DataType } from '../../engine/types.js';
import type { LExpr } from '../../planner/logical.js';

/** A column by name. */
export const col = (name: string): LExpr => ({ kind: 'col', name });
/** A literal, typed when `type` is given. */
export const lit = (value: LitValue, type?: DataType): LExpr => (type === undefined ? { kind: 'lit', value } : { kind: 'lit', value, type });
/** A scalar function call. */
export const call = (fn: ScalarFn, ...args: LExpr[]): LExpr => ({ kind: 'call', fn, args });
/** A cast. */
export const cast = (expr: LExpr, type: DataType): LExpr => ({ kind: 'cast', expr, type });
/** CASE WHEN … THEN … ELSE … END. */
export const caseWhen = (branches: { when: LExpr; then: LExpr }[], otherwise: LExpr | null): LExpr => ({ kind: 'case', branches, otherwise });
