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
  // Children are rebuilt only when one of them changed, so an untouched tree keeps its identity.
  const go = (x: LExpr): LExpr => rewriteExpr(x, f);
  const all = (xs: readonly LExpr[]): readonly LExpr[] => {
    const ys = xs.map(go);
    return ys.every((y, i) => y === xs[i]) ? xs : ys;
  };
  switch (e.kind) {
    case 'col':
    case 'lit':
      return e;
    case 'call':
    case 'agg': {
      const args = all(e.args);
      return args === e.args ? e : { ...e, args };
    }
    case 'cast':
    case 'alias':
    case 'sortOrder': {
      const inner = go(e.expr);
      return inner === e.expr ? e : { ...e, expr: inner };
    }
    case 'case': {
      const flat = all([...e.branches.flatMap((b) => [b.when, b.then]), ...(e.otherwise ? [e.otherwise] : [])]);
      if (flat.every((y, i) => y === exprChildren(e)[i])) return e;
      const branches = e.branches.map((_, i) => ({ when: flat[2 * i]!, then: flat[2 * i + 1]! }));
      return { ...e, branches, otherwise: e.otherwise ? flat[flat.length - 1]! : null };
    }
    case 'window': {
      const fnAgg = e.fn.kind === 'agg' ? go(e.fn.agg) : null;
      const partitionBy = all(e.partitionBy);
      const keys = all(e.orderBy.map((k) => k.expr));
      if ((fnAgg === null || (e.fn.kind === 'agg' && fnAgg === e.fn.agg)) && partitionBy === e.partitionBy && keys.every((k, i) => k === e.orderBy[i]!.expr)) return e;
      return {
        ...e,
        fn: fnAgg !== null ? { kind: 'agg', agg: fnAgg } : e.fn,
        partitionBy,
        orderBy: e.orderBy.map((k, i) => ({ ...k, expr: keys[i]! })),
      };
    }
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
