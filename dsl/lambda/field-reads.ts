/**
 * The row fields a function reads, to prune the scan under it: `r.a`, `r['a']`,
 * `({ a, b: x }) => …`, `const { a } = r`. A row used any other way (spread, passed on,
 * returned, a computed key, a rest pattern) makes the answer null: the whole row.
 * For mapPartitions and mapGroups the rows come as an iterable; their fields are seen when the
 * iterable is only walked by `for (const r of rows)`.
 */
import type { Node, Identifier } from 'ts-morph';
import type { Resolution } from './scope.js';
import { tsMorph } from './ts-morph-loader.js';
import type { LambdaKind } from './types.js';

/** Indices of the parameters that are rows, and of the one that is an iterable of rows. */
export function rowParamIndices(kind: LambdaKind): { rows: number[]; iterable: number | null } {
  switch (kind) {
    case 'reduce':
      return { rows: [0, 1], iterable: null };
    case 'mapPartitions':
      return { rows: [], iterable: 0 };
    case 'mapGroups':
      return { rows: [], iterable: 1 };
    default:
      return { rows: [0], iterable: null };
  }
}

/** Fields read through a destructuring pattern, or null when the pattern takes the whole row. */
export function patternFields(p: Node): string[] | null {
  const { Node: N } = tsMorph();
  if (!N.isObjectBindingPattern(p)) return null;
  const out: string[] = [];
  for (const el of p.getElements()) {
    if (el.getDotDotDotToken()) return null;
    const prop = el.getPropertyNameNode();
    if (prop === undefined) {
      out.push(el.getNameNode().getText());
    } else if (N.isIdentifier(prop)) out.push(prop.getText());
    else if (N.isStringLiteral(prop) || N.isNumericLiteral(prop)) out.push(prop.getLiteralText());
    else return null;
  }
  return out;
}

/** The reads of `fn`'s row parameters, or null for the whole row. */
export function fieldReads(fn: Node, kind: LambdaKind, res: Resolution): string[] | null {
  const { Node: N } = tsMorph();
  const params = (fn as unknown as { getParameters(): Node[] }).getParameters();
  const found = new Set<string>();
  const add = (xs: string[] | null): boolean => {
    if (xs === null) return false;
    xs.forEach((x) => found.add(x));
    return true;
  };
  const refsOf = (decl: Identifier): Identifier[] => res.order.filter((r) => res.refs.get(r)?.decl === decl);

  /** Reads through the row variable declared by `decl`; false when the whole row is used. */
  const readsOfVar = (decl: Identifier): boolean => {
    for (const r of refsOf(decl)) {
      const p = r.getParentOrThrow();
      if (N.isPropertyAccessExpression(p) && p.getExpression() === r) {
        found.add(p.getName());
      } else if (N.isElementAccessExpression(p) && p.getExpression() === r) {
        const arg = p.getArgumentExpression();
        if (arg && (N.isStringLiteral(arg) || N.isNoSubstitutionTemplateLiteral(arg) || N.isNumericLiteral(arg))) found.add(arg.getLiteralText());
        else return false;
      } else if (N.isVariableDeclaration(p) && p.getInitializer() === r) {
        if (!add(patternFields(p.getNameNode()))) return false;
      } else if (N.isParenthesizedExpression(p)) {
        return false;
      } else {
        return false;
      }
    }
    return true;
  };
  const readsOfParam = (param: Node | undefined): boolean => {
    if (param === undefined) return true;
    if (!N.isParameterDeclaration(param) || param.getDotDotDotToken()) return false;
    const name = param.getNameNode();
    if (N.isIdentifier(name)) return readsOfVar(name);
    return add(patternFields(name));
  };

  const { rows, iterable } = rowParamIndices(kind);
  for (const i of rows) if (!readsOfParam(params[i])) return null;
  if (iterable !== null) {
    const param = params[iterable];
    if (param === undefined) return [];
    if (!N.isParameterDeclaration(param)) return null;
    const name = param.getNameNode();
    if (!N.isIdentifier(name)) return null;
    for (const r of refsOf(name)) {
      const loop = r.getParentOrThrow();
      if (!N.isForOfStatement(loop) || loop.getExpression() !== r) return null;
      const init = loop.getInitializer();
      if (!N.isVariableDeclarationList(init) || init.getDeclarations().length !== 1) return null;
      const v = init.getDeclarations()[0]!.getNameNode();
      if (N.isIdentifier(v)) {
        if (!readsOfVar(v)) return null;
      } else if (!add(patternFields(v))) return null;
    }
  }
  return [...found];
}
