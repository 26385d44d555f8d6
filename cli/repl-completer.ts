/**
 * Tab completion for the REPL, without running anything: `ds.<tab>`, `session.read.<tab>`,
 * `ds.groupBy('k').count().<tab>` list members from what rondo's classes are known to return;
 * `col('<tab>` lists the column names of the Datasets in scope; `Math.<tab>` lists the members
 * of a value reached by plain property reads. Completion never calls a function, never runs a
 * getter or a Proxy trap and never evaluates an expression (Node's own completer evaluates
 * `EXPR` of `EXPR.<tab>`, which ran jobs and printed the session): what cannot be known that
 * way completes to nothing.
 */
import vm from 'node:vm';
import { types } from 'node:util';
import { Column, DataFrameReader, DataFrameWriter, Dataset, GroupedDataset, KeyedDataset, Session } from '../dsl/index.js';
import * as dslFunctions from '../dsl/functions.js';
import { memberType, membersOf, type Known } from './repl-members.js';

type Completion = [string[], string];
/** A readline completer, callback style (as node:repl's own). */
export type Completer = (line: string, cb: (err: Error | null, result?: Completion) => void) => void;

const IDENT = /^[A-Za-z_$][\w$]*$/;
const KEYWORDS = new Set(['new', 'await', 'typeof', 'void', 'delete', 'return', 'yield', 'in', 'of', 'instanceof']);

/** A step of a member chain: a property read or a call (its argument text kept). */
type Step = { readonly kind: 'prop'; readonly name: string } | { readonly kind: 'call'; readonly args: string };

/** The chain before the last `.` of a line: its root identifier and the steps after it. */
interface Chain {
  readonly root: string;
  readonly steps: readonly Step[];
  /** The identifier being typed after the last `.`. */
  readonly partial: string;
}

/**
 * Where a bracketed group that ends at `end` (a `)` or `]`) opens, or -1; string literals are
 * skipped so their brackets do not count.
 */
function openingOf(line: string, end: number): number {
  let depth = 0;
  for (let i = end; i >= 0; i--) {
    const c = line[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const start = line.lastIndexOf(c, i - 1);
      if (start < 0) return -1;
      i = start;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      depth--;
      if (depth === 0) return c === (line[end] === ')' ? '(' : '[') ? i : -1;
    }
  }
  return -1;
}

/**
 * The member chain the line ends with (`a.b(x).c.par`), read backwards from the end; undefined
 * when the line does not end in `EXPR.partial` with EXPR an identifier followed by property
 * reads and calls.
 */
export function chainAtEnd(line: string): Chain | undefined {
  const tail = /([A-Za-z_$][\w$]*|)$/.exec(line)!;
  const partial = tail[1]!;
  let i = line.length - partial.length - 1;
  if (line[i] !== '.') return undefined;
  if (line[i - 1] === '?') i--; // optional chaining
  const steps: Step[] = [];
  i--;
  for (;;) {
    while (i >= 0 && /\s/.test(line[i]!)) i--;
    if (i < 0) return undefined;
    const c = line[i]!;
    if (c === ')') {
      const open = openingOf(line, i);
      if (open < 0) return undefined;
      steps.unshift({ kind: 'call', args: line.slice(open + 1, i) });
      i = open - 1;
      continue;
    }
    if (c === ']') return undefined; // an index: its value is not known statically
    const id = /[A-Za-z_$][\w$]*$/.exec(line.slice(0, i + 1));
    if (!id) return undefined;
    const start = i + 1 - id[0].length;
    let j = start - 1;
    while (j >= 0 && /\s/.test(line[j]!)) j--;
    if (j >= 0 && line[j] === '.' && line[j - 1] !== '.') {
      steps.unshift({ kind: 'prop', name: id[0] });
      i = line[j - 1] === '?' ? j - 2 : j - 1;
      continue;
    }
    // The root identifier; a number (`1.5.`) or a keyword is not one.
    if (/^\d/.test(id[0]) || KEYWORDS.has(id[0])) return undefined;
    return { root: id[0], steps, partial };
  }
}

/** A property's value if it is a plain data property (own or inherited); undefined for a getter or a Proxy. */
function readData(obj: unknown, name: string): { value: unknown } | undefined {
  if (obj === null || obj === undefined) return undefined;
  let o: unknown = typeof obj === 'object' || typeof obj === 'function' ? obj : Object(obj);
  for (let depth = 0; o !== null && depth < 50; depth++) {
    if (types.isProxy(o)) return undefined;
    const d = Object.getOwnPropertyDescriptor(o as object, name);
    if (d) return 'value' in d ? { value: d.value } : undefined;
    o = Object.getPrototypeOf(o);
  }
  return undefined;
}

/**
 * The value a plain identifier names in the REPL, without running a getter: a property of the
 * global object if it is a data property, else a lexical binding (a `const` of an earlier input
 * lives in the script scope, not on the global object), read by evaluating the bare name.
 */
export function lookup(name: string): unknown {
  if (!IDENT.test(name)) return undefined;
  let o: object | null = globalThis;
  while (o !== null) {
    if (types.isProxy(o)) return undefined;
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (d) return 'value' in d ? d.value : undefined;
    o = Object.getPrototypeOf(o);
  }
  try {
    // Not on the global object: a lexical binding (a bare name reads no getter, calls nothing).
    return vm.runInThisContext(name);
  } catch {
    return undefined;
  }
}

/** The DSL's functions (`col`, `lit`, `sum`, `when`, …): each returns a Column. */
const COLUMN_FUNCTIONS: ReadonlySet<unknown> = new Set(Object.values(dslFunctions).filter((f) => typeof f === 'function' && !/^[A-Z]/.test(f.name)));

/** The rondo class of a value, if it is an instance of one. */
function knownOf(v: unknown): Known | undefined {
  if (v instanceof Session) return 'Session';
  if (v instanceof Dataset) return 'Dataset';
  if (v instanceof GroupedDataset) return 'GroupedDataset';
  if (v instanceof KeyedDataset) return 'KeyedDataset';
  if (v instanceof DataFrameReader) return 'DataFrameReader';
  if (v instanceof DataFrameWriter) return 'DataFrameWriter';
  if (v instanceof Column) return 'Column';
  if (v instanceof Promise) return 'Promise';
  return undefined;
}

/** Property names of a value and its prototypes (no getter runs; none for a Proxy). */
function namesOf(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  const names = new Set<string>();
  let o: unknown = typeof v === 'object' || typeof v === 'function' ? v : Object(v);
  for (let depth = 0; o !== null && o !== Object.prototype && depth < 50; depth++) {
    if (types.isProxy(o)) return [];
    for (const n of Object.getOwnPropertyNames(o)) if (IDENT.test(n) && n !== 'constructor') names.add(n);
    o = Object.getPrototypeOf(o);
  }
  return [...names];
}

/** What a chain is known to be: a rondo class (statically), or a value reached by data reads. */
type Resolved = { readonly known: Known } | { readonly value: unknown };

function resolve(chain: Chain): Resolved | undefined {
  const rootValue = lookup(chain.root);
  const rootKnown = knownOf(rootValue);
  let cur: Resolved = rootKnown ? { known: rootKnown } : { value: rootValue };
  if ('value' in cur && cur.value === undefined) return undefined;
  const { steps } = chain;
  let i = 0;
  if (steps[0]?.kind === 'call') {
    // `col('x').<tab>`: the DSL's functions make Columns; any other function's result is unknown.
    if (!COLUMN_FUNCTIONS.has(rootValue)) return undefined;
    cur = { known: 'Column' };
    i = 1;
  }
  for (; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.kind === 'call') return undefined; // a call of a call's result: not known
    const call = steps[i + 1]?.kind === 'call' ? (steps[i + 1] as { args: string }).args : undefined;
    if ('known' in cur) {
      // rondo's classes: the member's type from what the class is known to return.
      const next = memberType(cur.known, step.name, call);
      if (next === undefined) return undefined;
      cur = { known: next };
      if (call !== undefined) i++;
    } else {
      // Other values: plain data properties only, and no calls (their result is unknown).
      if (call !== undefined) return undefined;
      const r = readData(cur.value, step.name);
      if (r === undefined || r.value === undefined || r.value === null) return undefined;
      const k = knownOf(r.value);
      cur = k ? { known: k } : { value: r.value };
    }
  }
  return cur;
}

/** Column names of the Datasets named on `line` and of those on the global object (no getter of the user's runs). */
function columnsInScope(line: string): string[] {
  const names = new Set<string>();
  const add = (v: unknown): void => {
    // A Dataset whose schema waits for its first action has no columns to show yet (asking
    // would run the user's function on a sample).
    if (v instanceof Dataset && !v._isLazy) for (const c of v.columns) names.add(c);
  };
  for (const m of line.matchAll(/[A-Za-z_$][\w$]*/g)) add(lookup(m[0]));
  for (const key of Object.getOwnPropertyNames(globalThis)) {
    const d = Object.getOwnPropertyDescriptor(globalThis, key);
    if (d && 'value' in d) add(d.value);
  }
  return [...names];
}

/**
 * Completions of the end of `line`, or undefined to let Node complete it (a line that does not
 * end in a member chain: a plain name, a path of `require('`).
 */
export function completeRondo(line: string): Completion | undefined {
  const colArg = /\bcol\(\s*(['"`])([^'"`]*)$/.exec(line);
  if (colArg) {
    const [, quote, partial] = colArg;
    const hits = columnsInScope(line.slice(0, colArg.index)).filter((n) => n.startsWith(partial!)).sort().map((n) => `${n}${quote}`);
    return [hits, partial!];
  }
  const chain = chainAtEnd(line);
  if (!chain) {
    // `x.` that is not a chain rondo can read (an index, a literal, a call on an unknown
    // value): nothing, rather than Node's completer, which would evaluate it.
    return /\.\s*[\w$]*$/.test(line) && !/^\s*\.[\w$]*$/.test(line) ? [[], /[\w$]*$/.exec(line)![0]] : undefined;
  }
  const target = resolve(chain);
  const names = target === undefined ? [] : 'known' in target ? membersOf(target.known) : namesOf(target.value);
  return [[...new Set(names)].filter((n) => n.startsWith(chain.partial)).sort(), chain.partial];
}

/**
 * A completer that tries rondo's completions first, then `fallback` (Node's, for the rest:
 * plain names, paths of `require('`).
 */
export function rondoCompleter(fallback: Completer): Completer {
  return (line, cb) => {
    let mine: Completion | undefined;
    try { mine = completeRondo(line); } catch { mine = [[], '']; }
    if (mine) cb(null, mine);
    else fallback(line, cb);
  };
}
