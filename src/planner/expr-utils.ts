/**
 * Small helpers over logical expressions: children, bottom-up rewriting, structural
 * equality, conjunct splitting and the column references an expression makes.
 */
import type { LExpr } from './logical.js';

/** The direct sub-expressions of `e`, in order. */
export function exprChildren(e: LExpr): LExpr[] {
  switch (e.kind) {
    case 'col':
    case 'lit':
      return [];
    case 'call':
    case 'agg':
      return [...e.args];
    case 'cast':
    case 'alias':
    case 'sortOrder':
      return [e.expr];
    case 'case':
      return [...e.branches.flatMap((b) => [b.when, b.then]), ...(e.otherwise ? [e.otherwise] : [])];
    case 'window':
      return [...(e.fn.kind === 'agg' ? [e.fn.agg] : []), ...e.partitionBy, ...e.orderBy.map((k) => k.expr)];
  }
}

/**
 * Rewrites `e` top-down: `f` is asked first for each node; when it returns an expression that
 * one replaces the node (and is not visited further), otherwise the children are rewritten.
 */
export function rewriteExpr(e: LExpr, f: (e: LExpr) => LExpr | undefined): LExpr {
  const r = f(e);
  if (r !== undefined) return r;
  const go = (x: LExpr): LExpr => rewriteExpr(x, f);
  switch (e.kind) {
    case 'col':
    case 'lit':
      return e;
    case 'call':
      return { ...e, args: e.args.map(go) };
    case 'agg':
      return { ...e, args: e.args.map(go) };
    case 'cast':
      return { ...e, expr: go(e.expr) };
    case 'alias':
      return { ...e, expr: go(e.expr) };
    case 'sortOrder':
      return { ...e, expr: go(e.expr) };
    case 'case':
      return { ...e, branches: e.branches.map((b) => ({ when: go(b.when), then: go(b.then) })), otherwise: e.otherwise ? go(e.otherwise) : null };
    case 'window':
      return {
        ...e,
        fn: e.fn.kind === 'agg' ? { kind: 'agg', agg: go(e.fn.agg) } : e.fn,
        partitionBy: e.partitionBy.map(go),
        orderBy: e.orderBy.map((k) => ({ ...k, expr: go(k.expr) })),
      };
  }
}

/** True when some node of `e` satisfies `p`. */
export function someExpr(e: LExpr, p: (e: LExpr) => boolean): boolean {
  if (p(e)) return true;
  return exprChildren(e).some((c) => someExpr(c, p));
}

/** Structural equality (plain data). */
export function exprEquals(a: LExpr, b: LExpr): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The expression without a top-level alias. */
export function stripAlias(e: LExpr): LExpr {
  return e.kind === 'alias' ? stripAlias(e.expr) : e;
}

/** The conjuncts of an AND tree. */
export function conjuncts(e: LExpr): LExpr[] {
  if (e.kind === 'call' && e.fn === 'and') return e.args.flatMap(conjuncts);
  return [e];
}

/** The AND of `es` (at least one). */
export function andAll(es: readonly LExpr[]): LExpr {
  return es.reduce((a, b) => ({ kind: 'call', fn: 'and', args: [a, b] }));
}

/** Every column reference in `e`. */
export function columnRefs(e: LExpr): Extract<LExpr, { kind: 'col' }>[] {
  const out: Extract<LExpr, { kind: 'col' }>[] = [];
  const walk = (x: LExpr): void => {
    if (x.kind === 'col') out.push(x);
    else exprChildren(x).forEach(walk);
  };
  walk(e);
  return out;
}

/** True when `e` holds an aggregate call outside any window expression. */
export function containsAgg(e: LExpr): boolean {
  if (e.kind === 'agg') return true;
  if (e.kind === 'window') return false;
  return exprChildren(e).some(containsAgg);
}

/** True when `e` holds a window expression. */
export function containsWindow(e: LExpr): boolean {
  return someExpr(e, (x) => x.kind === 'window');
}
