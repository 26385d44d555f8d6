/**
 * From an analyzed lambda to the RowFn that travels in plans, with the user's call site.
 */
import { fileURLToPath } from 'node:url';
import type { RowFn } from '../../engine/plan.js';
import type { AnalyzedLambda } from './lambda.js';

import { isOwnSource } from '../own-source.js';

/** The first stack frame outside rondo (`file:line:col`): where the user defined a transformation. */
export function callSite(): string | undefined {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^\s()]+:\d+:\d+)\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const loc = m[1]!;
    const file = loc.startsWith('file://') ? fileURLToPath(loc.replace(/:\d+:\d+$/, '')) : loc.replace(/:\d+:\d+$/, '');
    if (isOwnSource(file) || file.startsWith('node:') || file.includes('/node_modules/')) continue;
    return loc.startsWith('file://') ? `${file}${loc.slice(loc.replace(/:\d+:\d+$/, '').length)}` : loc;
  }
  return undefined;
}

/**
 * The RowFn of an analyzed function. `valueIn`: the Dataset's rows are bare values (its
 * column `value`); then the reads the analysis found are properties of the value, not columns.
 */
export function rowFnOf(a: AnalyzedLambda, opts: { valueIn: boolean; valueOut: boolean; definedAt?: string; wholeRows?: boolean; why?: string | null }): RowFn {
  return {
    kind: a.kind,
    source: a.source,
    captures: a.captures,
    reads: opts.valueIn || opts.wholeRows ? null : a.reads === null ? null : [...a.reads],
    valueIn: opts.valueIn,
    valueOut: opts.valueOut,
    notCompiledBecause: opts.why !== undefined ? opts.why : a.notCompiledBecause,
    ...(opts.definedAt !== undefined ? { definedAt: opts.definedAt } : {}),
  };
}
