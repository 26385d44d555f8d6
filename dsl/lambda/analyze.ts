/**
 * analyzeLambda: parses a row function once (per source, kind and captures), rejects what
 * cannot run on an executor, finds the fields it reads and compiles it when it can.
 */
import { parseFunction } from './parse-function.js';
import { checkCaptures } from './captures.js';
import { checkNames } from './check-names.js';
import { compileLambda } from './compile.js';
import { fieldReads } from './field-reads.js';
import { resultShape } from './result-shape.js';
import { resolveScopes } from './scope.js';
import { lambdaProject, tsMorph } from './ts-morph-loader.js';
import type { AnalyzedLambda, LambdaKind } from './types.js';

const CACHE_LIMIT = 1000;
const cache = new Map<string, AnalyzedLambda>();

/**
 * Analyzes `fn` given to a typed call of `kind` with its `captures`. Throws AnalysisError for a
 * free variable, `this`, captures that are not JSON, a native or async function.
 */
export function analyzeLambda(fn: Function, kind: LambdaKind, captures?: Record<string, unknown>): AnalyzedLambda {
  const caps = checkCaptures(captures, kind);
  const text = typeof fn === 'function' ? Function.prototype.toString.call(fn) : '';
  const key = `${kind}\u0000${text}\u0000${JSON.stringify(caps)}`;
  const hit = text !== '' ? cache.get(key) : undefined;
  if (hit !== undefined) return hit;

  const parsed = parseFunction(fn, kind);
  try {
    const { Node: N } = tsMorph();
    const res = resolveScopes(parsed.fn);
    checkNames(parsed.fn, res, parsed.src, kind, new Set(Object.keys(caps)));
    const params = (parsed.fn as unknown as { getParameters(): import('ts-morph').Node[] }).getParameters().map((p) => {
      if (!N.isParameterDeclaration(p)) return '';
      const name = p.getNameNode();
      return N.isIdentifier(name) ? name.getText() : '';
    });
    const reads = fieldReads(parsed.fn, kind, res);
    const { compiled, notCompiledBecause, requires } = compileLambda(parsed.fn, kind, res, caps);
    const out: AnalyzedLambda = Object.freeze({
      kind,
      source: parsed.shipped,
      params: Object.freeze(params),
      captures: Object.freeze(caps),
      reads: reads === null ? null : Object.freeze(reads),
      compiled,
      notCompiledBecause,
      requires: Object.freeze(requires),
      resultShape: resultShape(parsed.fn, kind, res, caps),
    });
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, out);
    return out;
  } finally {
    lambdaProject().removeSourceFile(parsed.file);
  }
}
