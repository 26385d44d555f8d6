/**
 * Turns a JavaScript function value into a parsed ts-morph node and the source text that
 * ships to executors. Arrow functions, `function` expressions and generators print as
 * expressions; a method shorthand (`{ f(r) { … } }.f`) prints as `f(r) { … }` and is shipped
 * wrapped back into its object. Native and bound functions, classes and async functions are
 * refused with a message that says what to pass instead.
 */
import type { Node, SourceFile } from 'ts-morph';
import { AnalysisError } from '../../engine/errors.js';
import { errorAt, type SourceMapInfo } from './check-names.js';
import { lambdaProject, tsMorph } from './ts-morph-loader.js';
import type { LambdaKind } from './types.js';

/** A parsed row function. */
export interface ParsedFunction {
  /** The function node (arrow, function expression or method). */
  readonly fn: Node;
  /** An expression that evaluates to the function. */
  readonly shipped: string;
  /** The function's own text and where it sits in the parsed file. */
  readonly src: SourceMapInfo;
  /** The parsed file; forget it when done. */
  readonly file: SourceFile;
}

let fileCounter = 0;

function parse(text: string): SourceFile {
  const project = lambdaProject();
  return project.createSourceFile(`/rondo-lambda-${fileCounter++}.js`, text, { overwrite: true });
}

function syntaxErrors(file: SourceFile): number {
  return ((file.compilerNode as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? []).length;
}

/** Parses `fn` (given to a call of `kind`); throws AnalysisError for what cannot be a row function. */
export function parseFunction(fn: unknown, kind: LambdaKind): ParsedFunction {
  const { Node: N } = tsMorph();
  if (typeof fn !== 'function') {
    throw new AnalysisError(`a ${kind} function must be a function, got ${fn === null ? 'null' : typeof fn}`, { function: kind });
  }
  const text = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(text)) {
    throw new AnalysisError(`the ${kind} function ${fn.name ? `"${fn.name}" ` : ''}is a native or bound function, whose source cannot be shipped to the executors; pass an arrow function written in your code instead, e.g. r => parseInt(r.s) rather than parseInt or f.bind(x)`, { function: kind });
  }
  if (/^class\b/.test(text)) {
    throw new AnalysisError(`the ${kind} function is a class; pass an arrow function or a function expression`, { function: kind });
  }
  // An expression first: arrows, function expressions, generators.
  const prefix = '(';
  let file = parse(`${prefix}${text}\n)`);
  let node: Node | undefined;
  let shipped = text;
  let offset = prefix.length;
  if (syntaxErrors(file) === 0) {
    const st = file.getStatements()[0];
    const paren = st && N.isExpressionStatement(st) ? st.getExpression() : undefined;
    const inner = paren && N.isParenthesizedExpression(paren) ? paren.getExpression() : undefined;
    if (inner && (N.isArrowFunction(inner) || N.isFunctionExpression(inner))) node = inner;
  }
  if (node === undefined) {
    lambdaProject().removeSourceFile(file);
    const objPrefix = '({ ';
    file = parse(`${objPrefix}${text}\n})`);
    offset = objPrefix.length;
    if (syntaxErrors(file) === 0) {
      const st = file.getStatements()[0];
      const paren = st && N.isExpressionStatement(st) ? st.getExpression() : undefined;
      const obj = paren && N.isParenthesizedExpression(paren) ? paren.getExpression() : undefined;
      const props = obj && N.isObjectLiteralExpression(obj) ? obj.getProperties() : [];
      const m = props.length === 1 ? props[0] : undefined;
      if (m && N.isMethodDeclaration(m)) {
        const name = m.getNameNode();
        if (N.isIdentifier(name) || N.isStringLiteral(name) || N.isNumericLiteral(name)) {
          node = m;
          shipped = `({ ${text}\n})[${JSON.stringify(N.isIdentifier(name) ? name.getText() : name.getLiteralText())}]`;
        } else {
          lambdaProject().removeSourceFile(file);
          throw new AnalysisError(`the ${kind} function is a method with a computed name, whose source cannot be shipped; pass an arrow function instead`, { function: kind });
        }
      } else if (m && (N.isGetAccessorDeclaration(m) || N.isSetAccessorDeclaration(m))) {
        lambdaProject().removeSourceFile(file);
        throw new AnalysisError(`the ${kind} function is a getter or setter; pass an arrow function instead`, { function: kind });
      }
    }
  }
  if (node === undefined) {
    lambdaProject().removeSourceFile(file);
    throw new AnalysisError(`cannot parse the source of the ${kind} function: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`, { function: kind });
  }
  const src: SourceMapInfo = { text, offset };
  const f = node as unknown as { isAsync(): boolean; isGenerator?: () => boolean };
  let err: AnalysisError | null = null;
  if (f.isAsync()) {
    err = errorAt(node, src, kind, 'is async', `Row functions must return their result synchronously; an async function returns a Promise. Do the asynchronous work on the driver and pass the result in captures.`);
  } else if (f.isGenerator?.() && kind !== 'mapPartitions' && kind !== 'flatMap') {
    err = errorAt(node, src, kind, 'is a generator', `Only mapPartitions and flatMap take a generator (they return an iterable); a ${kind} function must return its value.`);
  }
  if (err !== null) {
    lambdaProject().removeSourceFile(file);
    throw err;
  }
  return { fn: node, shipped, src, file };
}
