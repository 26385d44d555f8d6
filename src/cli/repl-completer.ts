/**
 * Tab completion for the REPL: `ds.<tab>` lists the Dataset methods and `col('<tab>` the
 * column names of the Datasets in scope; anything else goes to Node's own completer.
 */
import { Dataset } from '../dsl/index.js';
import { datasetMethods } from './repl-display.js';

type Completion = [string[], string];
type Completer = (line: string, cb: (err: Error | null, result?: Completion) => void) => void;

/** The Datasets bound to names in `scope`. */
function datasetsIn(scope: Record<string, unknown>): Map<string, Dataset<unknown>> {
  const out = new Map<string, Dataset<unknown>>();
  for (const name of Object.keys(scope)) {
    let v: unknown;
    try { v = scope[name]; } catch { continue; }
    if (v instanceof Dataset) out.set(name, v);
  }
  return out;
}

/** Completions of the end of `line`, or undefined to let Node complete it. */
export function completeRondo(line: string, scope: Record<string, unknown>): Completion | undefined {
  const colArg = /\bcol\(\s*(['"`])([^'"`]*)$/.exec(line);
  if (colArg) {
    const [, quote, partial] = colArg;
    const names = new Set<string>();
    for (const ds of datasetsIn(scope).values()) for (const c of ds.columns) names.add(c);
    const hits = [...names].filter((n) => n.startsWith(partial!)).sort().map((n) => `${n}${quote}`);
    return [hits, partial!];
  }
  const member = /([A-Za-z_$][\w$]*)\.([\w$]*)$/.exec(line);
  if (member) {
    const [, name, partial] = member;
    let v: unknown;
    try { v = scope[name!]; } catch { return undefined; }
    if (v instanceof Dataset) {
      return [datasetMethods().filter((m) => m.startsWith(partial!)), partial!];
    }
  }
  return undefined;
}

/** A completer that tries rondo's completions first, then `fallback`. */
export function rondoCompleter(scope: () => Record<string, unknown>, fallback: Completer): Completer {
  return (line, cb) => {
    let mine: Completion | undefined;
    try { mine = completeRondo(line, scope()); } catch { mine = undefined; }
    if (mine) cb(null, mine);
    else fallback(line, cb);
  };
}
