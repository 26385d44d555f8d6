/**
 * Readable text of an expression, for errors and explain.
 */
import type { Expr, ScalarFn } from '../expr.js';

const INFIX: Partial<Record<ScalarFn, string>> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%',
  eq: '=', neq: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=',
  and: 'AND', or: 'OR',
};

/** Spark's spelling of the functions whose name differs from ours. */
const FN_NAMES: Partial<Record<ScalarFn, string>> = {
  startsWith: 'startswith', endsWith: 'endswith', substr: 'substring',
  floor: 'FLOOR', ceil: 'CEIL', sqrt: 'SQRT', exp: 'EXP', pow: 'POWER',
};

/** The operator symbol or function name of a scalar function, as messages show it. */
export function fnSymbol(fn: ScalarFn): string {
  return INFIX[fn] ?? FN_NAMES[fn] ?? fn;
}

/**
 * The text of a call given the text of its arguments: infix operators in parentheses,
 * `IS NULL`, `IN (…)`, `BETWEEN … AND …`, otherwise `name(args)`. Shared with the planner's
 * names of logical expressions, so physical and logical plans print calls alike.
 */
export function describeCall(fn: ScalarFn, a: readonly string[]): string {
  const op = INFIX[fn];
  if (op !== undefined && a.length === 2) return `(${a[0]} ${op} ${a[1]})`;
  switch (fn) {
    case 'neg':
      return `(- ${a[0]})`;
    case 'not':
      return `(NOT ${a[0]})`;
    case 'isNull':
      return `(${a[0]} IS NULL)`;
    case 'isNotNull':
      return `(${a[0]} IS NOT NULL)`;
    case 'in':
      return `(${a[0]} IN (${a.slice(1).join(', ')}))`;
    case 'between':
      return `(${a[0]} BETWEEN ${a[1]} AND ${a[2]})`;
    default:
      return `${fnSymbol(fn)}(${a.join(', ')})`;
  }
}

const DAY_MS = 86_400_000;

function describeLit(e: Extract<Expr, { kind: 'lit' }>): string {
  const v = e.value;
  if (v === null) return 'NULL';
  if (typeof v === 'string') return e.type === 'float64' ? v : `'${v.replace(/'/g, "''")}'`;
  if (e.type === 'date' && typeof v === 'number') return `DATE '${new Date(v * DAY_MS).toISOString().slice(0, 10)}'`;
  if (e.type === 'timestamp' && typeof v === 'number') return `TIMESTAMP '${new Date(v).toISOString()}'`;
  return String(v);
}

/** Text like `(v1 + 1)`, `lower(name)`, `CAST(x AS int64)`. */
export function describeExpr(e: Expr): string {
  switch (e.kind) {
    case 'col':
      return e.name;
    case 'lit':
      return describeLit(e);
    case 'cast':
      return `CAST(${describeExpr(e.expr)} AS ${e.type})`;
    case 'case': {
      const parts = e.branches.map((b) => `WHEN ${describeExpr(b.when)} THEN ${describeExpr(b.then)}`);
      const other = e.otherwise ? ` ELSE ${describeExpr(e.otherwise)}` : '';
      return `CASE ${parts.join(' ')}${other} END`;
    }
    case 'call':
      return describeCall(e.fn, e.args.map(describeExpr));
  }
}
