/**
 * Tab completion for the REPL: `ds.<tab>` lists the Dataset methods and `col('<tab>` the
 * column names of the Datasets named on the line (or bound on the global object); anything
 * else goes to Node's own completer.
 */
import vm from 'node:vm';
import { Dataset } from '../dsl/index.js';
import { datasetMethods } from './repl-display.js';

type Completion = [string[], string];
/** A readline completer, callback style (as node:repl's own). */
export type Completer = (line: string, cb: (err: Error | null, result?: Completion) => void) => void;

const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * The value a plain identifier names in the REPL (a `const` of an earlier input is a lexical
 * binding of the script scope, not a property of the global object, so it is looked up by
 * evaluating the bare name: no call, no side effect).
 */
export function lookup(name: string): unknown {
  if (!IDENT.test(name)) return undefined;
  try {
    return vm.runInThisContext(name);
  } catch {
    return undefined;
  }
}

/** Column names of the Datasets named on `line` and of those on the global object. */
function columnsInScope(line: string): string[] {
  const names = new Set<string>();
  const add = (v: unknown): void => { if (v instanceof Dataset) for (const c of v.columns) names.add(c); };
  for (const m of line.matchAll(/[A-Za-z_$][\w$]*/g)) add(lookup(m[0]));
  for (const key of Object.keys(globalThis)) {
    let v: unknown;
    try { v = (globalThis as Record<string, unknown>)[key]; } catch { continue; }
    add(v);
  }
  return [...names];
}

/** Completions of the end of `line`, or undefined to let Node complete it. */
export function completeRondo(line: string): Completion | undefined {
  const colArg = /\bcol\(\s*(['"`])([^'"`]*)$/.exec(line);
  if (colArg) {
    const [, quote, partial] = colArg;
    const hits = columnsInScope(line.slice(0, colArg.index)).filter((n) => n.startsWith(partial!)).sort().map((n) => `${n}${quote}`);
    return [hits, partial!];
  }
  const member = /(?:^|[^\w$.])([A-Za-z_$][\w$]*)\.([\w$]*)$/.exec(line);
  if (member) {
    const [, name, partial] = member;
    if (lookup(name!) instanceof Dataset) return [datasetMethods().filter((m) => m.startsWith(partial!)), partial!];
  }
  return undefined;
}

/** A completer that tries rondo's completions first, then `fallback` (Node's). */
export function rondoCompleter(fallback: Completer): Completer {
  return (line, cb) => {
    let mine: Completion | undefined;
    try { mine = completeRondo(line); } catch { mine = undefined; }
    if (mine) cb(null, mine);
    else fallback(line, cb);
  };
}
