/**
 * Rebuilding a user's row function on the executor, and turning what it throws into a
 * UserFunctionError that says where (partition, row) and keeps the user's stack.
 */
import { UserFunctionError } from '../errors.js';
import type { RowFn } from '../plan.js';

/** A rebuilt user function. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type UserFn = (...args: any[]) => any;

/** The file name the rebuilt function's frames carry in stacks. */
export function rowFnUrl(fn: RowFn): string {
  return `rondo-${fn.kind}-fn.js`;
}

/**
 * The function of `fn`, built with `new Function` from its source, its captures passed as
 * named parameters (so the body sees them as the free names it was analyzed with). A method
 * shorthand (`f(r) { … }`) is accepted too.
 */
export function rebuildRowFn(fn: RowFn): UserFn {
  const names = Object.keys(fn.captures);
  const values = names.map((n) => fn.captures[n]);
  const url = `\n//# sourceURL=${rowFnUrl(fn)}`;
  let factory: (...a: unknown[]) => unknown;
  try {
    factory = new Function(...names, `"use strict";\nreturn (${fn.source}\n);${url}`) as typeof factory;
  } catch {
    try {
      // `name(args) { … }` (method shorthand) is not an expression on its own.
      factory = new Function(...names, `"use strict";\nconst o = ({ ${fn.source}\n});\nreturn o[Object.keys(o)[0]];${url}`) as typeof factory;
    } catch (e) {
      throw new UserFunctionError(`the ${fn.kind} function cannot be rebuilt from its source: ${(e as Error).message}\n  source: ${snippet(fn.source)}`, { kind: fn.kind });
    }
  }
  const f = factory(...values);
  if (typeof f !== 'function') throw new UserFunctionError(`the ${fn.kind} function's source does not evaluate to a function: ${snippet(fn.source)}`, { kind: fn.kind });
  return f as UserFn;
}

/** At most one line of 100 characters of a source text, for messages. */
export function snippet(source: string): string {
  const one = source.replace(/\s+/g, ' ').trim();
  return one.length > 100 ? `${one.slice(0, 97)}...` : one;
}

/**
 * The error for a user function that threw `e` in `partition` (at `row`, the row's index within
 * the partition, when one row is to blame). The stack is the user's: their frames inside the
 * function (file `rondo-<kind>-fn.js`), then where the transformation was defined. `place`
 * replaces "partition N" in the message (e.g. for the driver's schema sample).
 */
export function userFunctionError(fn: RowFn, e: unknown, partition: number, row: number | null, place?: string): UserFunctionError {
  if (e instanceof UserFunctionError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const errName = e instanceof Error ? e.name : typeof e;
  const part = place ?? `partition ${partition}`;
  const where = row === null ? `in ${part}` : `at row ${row} of ${part}`;
  const message = `the ${fn.kind} function threw ${where}: ${errName}: ${msg}\n  function: ${snippet(fn.source)}${fn.definedAt ? `\n  defined at ${fn.definedAt}` : ''}`;
  const url = rowFnUrl(fn);
  const frames = e instanceof Error && typeof e.stack === 'string' ? e.stack.split('\n').filter((l) => /^\s+at /.test(l)) : [];
  // Keep the user's frames up to the last one inside their function; rondo's own frames after it say nothing to them.
  let last = -1;
  frames.forEach((l, i) => { if (l.includes(url)) last = i; });
  const userFrames = last >= 0 ? frames.slice(0, last + 1) : frames.slice(0, 1);
  const err = new UserFunctionError(message, {
    kind: fn.kind, partition, ...(row !== null ? { row } : {}), userMessage: msg, ...(fn.definedAt ? { definedAt: fn.definedAt } : {}),
  }, { cause: e instanceof Error ? e : undefined });
  err.stack = [`UserFunctionError: ${message}`, ...userFrames, ...(fn.definedAt ? [`    at <${fn.kind} defined at> (${fn.definedAt})`] : [])].join('\n');
  return err;
}
