/**
 * Rejects, when a transformation is defined, every row function that could not run on an
 * executor: a free identifier that is not a parameter, a local, a JavaScript global or a
 * capture; `this`, `arguments`, `super`, `import()`/`import.meta`, `require`, and `await`
 * outside an async function. Each error quotes the line with a caret and says how to fix it.
 */
import type { Node } from 'ts-morph';
import { AnalysisError } from '../../engine/errors.js';
import { callName } from './call-names.js';
import { JS_GLOBALS } from './globals.js';
import { isFunctionLike, type Resolution } from './scope.js';
import { snippetAt } from './snippet.js';
import { tsMorph } from './ts-morph-loader.js';
import type { LambdaKind } from './types.js';

/** Where a function's text sits in the parsed file, to quote it in messages. */
export interface SourceMapInfo {
  /** The function's own text (fn.toString()). */
  readonly text: string;
  /** Offset of that text inside the parsed file (after the wrapping prefix). */
  readonly offset: number;
}

/** Builds an AnalysisError that points at `node` inside the function. */
export function errorAt(node: Node, src: SourceMapInfo, kind: LambdaKind, what: string, fix: string, details: Record<string, unknown> = {}): AnalysisError {
  const start = node.getStart() - src.offset;
  const snippet = snippetAt(src.text, start, node.getEnd() - node.getStart());
  return new AnalysisError(`${kind} function ${what}:\n${snippet}\n${fix}`, { function: kind, snippet, ...details });
}

/** Throws on the first free name or construct that cannot travel to an executor. */
export function checkNames(fn: Node, res: Resolution, src: SourceMapInfo, kind: LambdaKind, captureNames: ReadonlySet<string>): void {
  const { Node: N, SyntaxKind: K } = tsMorph();
  const call = callName(kind);
  const onlyHere = 'A row function runs on the executors: it may use only its parameters, its own locals, JavaScript globals and the values passed in captures.';
  // The nearest enclosing function that is not an arrow: `this` and `arguments` belong to it.
  const ownerOf = (n: Node): Node | undefined => {
    for (let a = n.getParent(); a !== undefined; a = a.getParent()) {
      if (isFunctionLike(a) && !N.isArrowFunction(a)) return a;
      if (N.isClassDeclaration(a) || N.isClassExpression(a)) return a;
      if (a === fn) return undefined;
    }
    return undefined;
  };
  const nested = (owner: Node | undefined): boolean => owner !== undefined && owner !== fn && owner.getFirstAncestor((a) => a === fn) !== undefined;

  const problems: { pos: number; err: () => AnalysisError }[] = [];
  fn.forEachDescendant((n) => {
    const k = n.getKind();
    if (k === K.ThisKeyword && !nested(ownerOf(n))) {
      problems.push({ pos: n.getStart(), err: () => errorAt(n, src, kind, 'uses `this`', `${onlyHere} \`this\` does not travel with the function; pass the values it needs in captures: ${call}(fn, { value })`, { variable: 'this' }) });
    } else if (k === K.SuperKeyword) {
      problems.push({ pos: n.getStart(), err: () => errorAt(n, src, kind, 'uses `super`', `${onlyHere} \`super\` does not travel with the function.`, { variable: 'super' }) });
    } else if (N.isCallExpression(n) && n.getExpression().getKind() === K.ImportKeyword) {
      problems.push({ pos: n.getStart(), err: () => errorAt(n, src, kind, 'imports a module with import()', `${onlyHere} A row function cannot load modules: do that work on the driver and pass the result in captures: ${call}(fn, { value })`) });
    } else if (N.isMetaProperty(n) && n.getKeywordToken() === K.ImportKeyword) {
      problems.push({ pos: n.getStart(), err: () => errorAt(n, src, kind, 'uses import.meta', `${onlyHere} import.meta belongs to the driver's module.`) });
    } else if (N.isAwaitExpression(n)) {
      const owner = n.getFirstAncestor((a) => isFunctionLike(a)) ?? fn;
      const isAsync = (owner as unknown as { isAsync?: () => boolean }).isAsync?.() ?? false;
      if (!isAsync) problems.push({ pos: n.getStart(), err: () => errorAt(n, src, kind, 'uses await outside an async function', 'Row functions are synchronous: compute the awaited value on the driver and pass it in captures.') });
    }
  });
  for (const id of res.order) {
    if (res.refs.get(id) !== null) continue;
    const name = id.getText();
    if (captureNames.has(name)) continue;
    if (name === 'arguments') {
      if (nested(ownerOf(id))) continue;
      problems.push({ pos: id.getStart(), err: () => errorAt(id, src, kind, 'uses `arguments`', `${onlyHere} Name the parameters instead of using \`arguments\`.`, { variable: 'arguments' }) });
      continue;
    }
    if (JS_GLOBALS.has(name)) continue;
    if (name === 'await') {
      problems.push({ pos: id.getStart(), err: () => errorAt(id, src, kind, 'uses await outside an async function', 'Row functions are synchronous: compute the awaited value on the driver and pass it in captures.', { variable: 'await' }) });
      continue;
    }
    if (name === 'require') {
      problems.push({ pos: id.getStart(), err: () => errorAt(id, src, kind, 'calls require', `${onlyHere} A row function cannot load modules: do that work on the driver and pass the result in captures: ${call}(fn, { value })`, { variable: 'require' }) });
      continue;
    }
    problems.push({
      pos: id.getStart(),
      err: () => errorAt(id, src, kind, `uses "${name}", which is not defined inside it`,
        `${onlyHere} "${name}" is neither: if it is a value, pass it in captures: ${call}(fn, { ${name} }); a helper function must be written inside the row function.`,
        { variable: name }),
    });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.pos - b.pos);
    throw problems[0]!.err();
  }
}
