/**
 * Name resolution inside a row function: which declaration each identifier refers to, by
 * JavaScript's scoping rules (parameters and `var` per function, `let`/`const`/`class` per
 * block, `catch` variables per clause, function names hoisted to their block). An identifier
 * that resolves to nothing inside the function is free: a capture, a global, or an error.
 */
import type { Node, Identifier } from 'ts-morph';
import { tsMorph } from './ts-morph-loader.js';

/** A declaration inside the function. */
export interface Binding {
  readonly name: string;
  /** The declaring identifier. */
  readonly decl: Identifier;
  readonly declKind: 'param' | 'var' | 'let' | 'const' | 'function' | 'class' | 'catch';
}

/** Every identifier reference of a function, resolved. */
export interface Resolution {
  /** Each reference (not a property name, not a declaration) → its binding, or null when free. */
  readonly refs: Map<Identifier, Binding | null>;
  /** The references in source order. */
  readonly order: readonly Identifier[];
}

/** True for nodes that start a function scope. */
export function isFunctionLike(n: Node): boolean {
  const { Node: N } = tsMorph();
  return N.isArrowFunction(n) || N.isFunctionExpression(n) || N.isFunctionDeclaration(n) || N.isMethodDeclaration(n)
    || N.isConstructorDeclaration(n) || N.isGetAccessorDeclaration(n) || N.isSetAccessorDeclaration(n);
}

/** The identifiers a binding name (identifier or destructuring pattern) declares. */
export function bindingIdentifiers(name: Node): Identifier[] {
  const { Node: N } = tsMorph();
  if (N.isIdentifier(name)) return [name];
  const out: Identifier[] = [];
  if (N.isObjectBindingPattern(name) || N.isArrayBindingPattern(name)) {
    for (const el of name.getElements()) {
      if (N.isBindingElement(el)) out.push(...bindingIdentifiers(el.getNameNode()));
    }
  }
  return out;
}

/** Resolves every identifier reference inside `fn` (the function node, parameters included). */
export function resolveScopes(fn: Node): Resolution {
  const { Node: N, SyntaxKind: K } = tsMorph();
  const scopes = new Map<Node, Map<string, Binding>>();
  const declare = (scope: Node, ids: readonly Identifier[], declKind: Binding['declKind']): void => {
    let m = scopes.get(scope);
    if (m === undefined) scopes.set(scope, (m = new Map()));
    for (const id of ids) m.set(id.getText(), { name: id.getText(), decl: id, declKind });
  };
  const nearestFunction = (n: Node): Node => n.getFirstAncestor((a) => isFunctionLike(a)) ?? fn;
  const declIds = new Set<Node>();

  const visitDecl = (n: Node): void => {
    if (N.isParameterDeclaration(n)) {
      const ids = bindingIdentifiers(n.getNameNode());
      ids.forEach((i) => declIds.add(i));
      declare(n.getParentOrThrow(), ids, 'param');
    } else if (N.isVariableDeclaration(n)) {
      const ids = bindingIdentifiers(n.getNameNode());
      ids.forEach((i) => declIds.add(i));
      const parent = n.getParentOrThrow();
      if (N.isCatchClause(parent)) return declare(parent, ids, 'catch');
      if (!N.isVariableDeclarationList(parent)) return;
      const kind = parent.getDeclarationKind() as string;
      if (kind === 'var') return declare(nearestFunction(parent), ids, 'var');
      const holder = parent.getParentOrThrow();
      // `for (let i …)` scopes to the loop; a statement to its block (a case clause to the switch's block).
      const scope = N.isVariableStatement(holder) ? holder.getParentOrThrow() : holder;
      declare(N.isCaseClause(scope) || N.isDefaultClause(scope) ? scope.getParentOrThrow() : scope, ids, kind === 'const' ? 'const' : 'let');
    } else if (N.isFunctionDeclaration(n) || N.isClassDeclaration(n)) {
      const id = n.getNameNode();
      if (id) {
        declIds.add(id);
        declare(n.getParentOrThrow(), [id], N.isFunctionDeclaration(n) ? 'function' : 'class');
      }
    } else if (N.isFunctionExpression(n) || N.isClassExpression(n)) {
      const id = n.getNameNode();
      if (id) {
        declIds.add(id);
        declare(n, [id], N.isFunctionExpression(n) ? 'function' : 'class');
      }
    }
  };
  visitDecl(fn);
  fn.forEachDescendant(visitDecl);
  for (const p of (fn as unknown as { getParameters?: () => Node[] }).getParameters?.() ?? []) visitDecl(p);

  const refs = new Map<Identifier, Binding | null>();
  const order: Identifier[] = [];
  const isReference = (id: Identifier): boolean => {
    if (declIds.has(id)) return false;
    const p = id.getParent();
    if (p === undefined) return true;
    if (N.isPropertyAccessExpression(p) && p.getNameNode() === id) return false;
    if ((N.isPropertyAssignment(p) || N.isMethodDeclaration(p) || N.isPropertyDeclaration(p) || N.isGetAccessorDeclaration(p)
      || N.isSetAccessorDeclaration(p) || N.isPropertySignature(p) || N.isEnumMember(p)) && p.getNameNode() === id) return false;
    if (N.isBindingElement(p) && p.getPropertyNameNode() === id) return false;
    if (N.isLabeledStatement(p) || N.isBreakStatement(p) || N.isContinueStatement(p)) return false;
    if (N.isMetaProperty(p) || N.isQualifiedName(p)) return false;
    if (id.getFirstAncestor((a) => N.isTypeNode(a)) !== undefined) return false;
    return true;
  };
  const walk = (n: Node): void => {
    if (N.isIdentifier(n) && n.getKind() === K.Identifier && isReference(n)) {
      const name = n.getText();
      let found: Binding | null = null;
      for (let a: Node | undefined = n.getParent(); a !== undefined; a = a === fn ? undefined : a.getParent()) {
        const b = scopes.get(a)?.get(name);
        if (b !== undefined) {
          found = b;
          break;
        }
      }
      refs.set(n, found);
      order.push(n);
    }
  };
  fn.forEachDescendant(walk);
  return { refs, order };
}
