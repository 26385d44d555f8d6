/**
 * What the REPL prints for a cell's value: a Dataset as a table of its first rows under its
 * column types (and whether more rows exist); anything else as util.inspect shows it.
 */
import { inspect } from 'node:util';
import { Dataset } from '../dsl/index.js';

/** Rows of a Dataset shown for a cell. */
export const SHOWN_ROWS = 20;

/** True for a Promise or another thenable. */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/** The text of a cell's value (runs a job for a Dataset); undefined prints nothing. */
export async function renderValue(value: unknown, opts: { colors: boolean; signal?: AbortSignal }): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (value instanceof Dataset) {
    const table = await value.show(SHOWN_ROWS, { print: false, ...(opts.signal ? { signal: opts.signal } : {}) });
    return `${value.toString()}\n${table.trimEnd()}`;
  }
  return inspect(value, { colors: opts.colors, depth: 4 });
}
