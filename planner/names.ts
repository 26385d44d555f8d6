/**
 * Spark-style text of logical expressions: `exprName` gives the default output name of a
 * column (`sum(v1)`, `(v1 + 1)`, `count(1)`), `describeLExpr` the text explain prints (an
 * alias shows as `expr AS name`, string literals are quoted).
 */
import { describeCall, fnSymbol } from '../engine/expr/describe.js';
import type { LExpr, LSortKey, LWindowFn } from './logical.js';

export { fnSymbol };

function litText(value: unknown, quote: boolean): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return quote ? `'${value.replace(/'/g, "''")}'` : value;
  return String(value);
}

function text(e: LExpr, quote: boolean, aliases: boolean): string {
  const t = (x: LExpr): string => text(x, quote, aliases);
  switch (e.kind) {
    case 'col':
      return e.name;
    case 'lit':
      return litText(e.value, quote && e.type !== 'float64'); // a float64 as text is NaN, ±Infinity or -0
    case 'alias':
      return aliases ? `${t(e.expr)} AS ${e.name}` : e.name;
    case 'cast':
      return `CAST(${t(e.expr)} AS ${e.type})`;
    case 'case': {
      const parts = e.branches.map((b) => `WHEN ${t(b.when)} THEN ${t(b.then)}`);
      return `CASE ${parts.join(' ')}${e.otherwise ? ` ELSE ${t(e.otherwise)}` : ''} END`;
    }
    case 'sortOrder':
      return sortText(e, t);
    case 'agg': {
      if (e.fn === 'count' && e.args.length === 0) return 'count(1)';
      const a = e.args.map(t).join(', ');
      if (e.fn === 'countDistinct') return `count(DISTINCT ${a})`;
      return `${e.fn}(${a})`;
    }
    case 'window': {
      const parts: string[] = [];
      if (e.partitionBy.length) parts.push(`PARTITION BY ${e.partitionBy.map(t).join(', ')}`);
      if (e.orderBy.length) parts.push(`ORDER BY ${e.orderBy.map((k) => sortText(k, t)).join(', ')}`);
      return `${windowFnText(e.fn, t)} OVER (${parts.join(' ')})`;
    }
    case 'call':
      return describeCall(e.fn, e.args.map(t));
  }
}

function sortText(k: LSortKey | Extract<LExpr, { kind: 'sortOrder' }>, t: (x: LExpr) => string): string {
  return `${t(k.expr)} ${k.asc ? 'ASC' : 'DESC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`;
}

function windowFnText(fn: LWindowFn, t: (x: LExpr) => string): string {
  switch (fn.kind) {
    case 'rowNumber':
      return 'row_number()';
    case 'rank':
      return 'RANK()';
    case 'denseRank':
      return 'DENSE_RANK()';
    case 'agg':
      return t(fn.agg);
  }
}

/** The default output name of an expression, as Spark names it (an alias gives its name). */
export function exprName(e: LExpr): string {
  return text(e, false, false);
}

/** The text of an expression in an explained logical plan (aliases as `expr AS name`). */
export function describeLExpr(e: LExpr): string {
  return text(e, true, true);
}

/** The text of a logical sort key. */
export function describeSortKey(k: LSortKey): string {
  return sortText(k, describeLExpr);
}
