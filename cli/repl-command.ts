/**
 * `rondo repl [options]`: a notebook-style REPL on node:repl. `session` and every export of
 * rondo (col, lit, sum, Window, …) are in scope; top-level await works; inputs and outputs
 * are numbered (`In [3]:` / `Out[3]:`); a Dataset (or a Promise of one) shows as a table of its
 * first 20 rows; `.explain EXPR`, `.schema EXPR`, `.time`; completion of Dataset methods and
 * column names; history in ~/.rondo_history (or $RONDO_HISTORY); progress of running stages;
 * Ctrl-C cancels the running cell's jobs and keeps the REPL.
 */
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import repl, { type REPLServer } from 'node:repl';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import * as rondo from '../index.js';
import { Dataset, type Session } from '../dsl/index.js';
import { hookDriver } from './driver-hooks.js';
import { formatError } from './error-report.js';
import { formatMs } from './format.js';
import { ProgressReporter } from './progress.js';
import { rondoCompleter, type Completer } from './repl-completer.js';
import { continuedInput, isContinuation } from './repl-continuation.js';
import { isThenable, renderValue } from './repl-display.js';
import { REPL_HELP } from './help-texts.js';
import { openSession } from './open-session.js';
import { rondoVersion } from './version.js';
import { SESSION_OPTIONS, sessionFlags, UsageError } from './session-flags.js';


type EvalCallback = (err: Error | null, result?: unknown) => void;
type EvalFn = (cmd: string, context: object, file: string, cb: EvalCallback) => void;

/** Runs the command; resolves to the exit code once the REPL is closed. */
export async function replCommand(argv: readonly string[]): Promise<number> {
  let flags;
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: SESSION_OPTIONS, strict: true, allowPositionals: true });
    if (values.help) {
      process.stdout.write(`${REPL_HELP}\n`);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (to run a file: rondo run FILE)`);
    flags = sessionFlags(values);
  } catch (e) {
    process.stderr.write(`rondo repl: ${(e as Error).message}\n\nRun "rondo repl --help" for the options.\n`);
    return 2;
  }
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);
  let session: Session;
  try {
    session = await openSession(flags);
  } catch (e) {
    process.stderr.write(`rondo repl: cannot start the session\n${formatError(e)}`);
    return 1;
  }
  return new Promise<number>((resolve) => startRepl(session, flags.explain, resolve));
}

function startRepl(session: Session, explainJobs: boolean, done: (code: number) => void): void {
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const out = process.stdout;
  // Piped input is fed one line at a time, each once the previous input has finished, so
  // cells run in order and the transcript reads like a session at a terminal.
  // A line starting with `.` (not a command) joins the input before it, so `ds` ⏎ `.filter(…)`
  // is one input, as at a terminal it continues the previous one.
  const gate = terminal ? undefined : lineGate((line) => out.write(`${line}\n`), (line) => isContinuation(line, commandNames()));
  let cell = 1;
  let timing = false;
  let running = 0;

  const progress = terminal
    ? new ProgressReporter(session.events, { tty: true, out, slots: session.defaultParallelism, columns: () => out.columns || 100 })
    : undefined;
  if (progress) hookStdout(progress);
  hookDriver(session, explainJobs ? { explain: (text) => out.write(`${text.trimEnd()}\n\n`) } : {});

  out.write(`rondo ${rondoVersion()} REPL: ${session.defaultParallelism} ${session.defaultParallelism === 1 ? 'executor' : 'executors'}; "session" and the DSL are in scope. .help for commands.\n`);
  const r: REPLServer = repl.start({
    prompt: `In [${cell}]: `,
    input: gate?.input ?? process.stdin,
    output: out,
    terminal,
    useGlobal: true,
    ignoreUndefined: true,
    preview: false,
  });
  const ctx = r.context as Record<string, unknown>;
  for (const [name, v] of Object.entries(rondo)) ctx[name] = v;
  ctx.session = session;

  const defaultEval = r.eval as unknown as EvalFn;
  /** The text of the last complete input, which a line starting with `.` continues. */
  let lastInput: string | undefined;
  const commandNames = (): ReadonlySet<string> => new Set(Object.keys((r as unknown as { commands: object }).commands));
  /** Whether Node's REPL is inside an unfinished input (then it continues `.` lines itself) or .editor. */
  const inMultiLine = (): boolean => {
    const rr = r as unknown as Record<symbol, unknown> & { editorMode?: boolean };
    const sym = Object.getOwnPropertySymbols(rr).find((k) => k.description === 'bufferedCommand');
    return rr.editorMode === true || (sym !== undefined && typeof rr[sym] === 'string' && rr[sym] !== '');
  };
  /** Rejects the expression `evaluate` is running when its error goes to the REPL's domain. */
  let evaluating: ((e: unknown) => void) | undefined;
  /** Evaluates the expression of a command (.explain, .schema) as an input would be. */
  const evaluate = (code: string): Promise<unknown> => new Promise((res, rej) => {
    evaluating = rej;
    defaultEval(code, r.context, 'REPL', (err, value) => {
      evaluating = undefined;
      if (err) rej(err);
      else res(value);
    });
  });

  /** Runs the rest of an input (awaiting, showing), prints its error if any, and its time from `t0`. */
  const runCell = async <T>(body: () => Promise<T>, t0 = performance.now()): Promise<T | undefined> => {
    running++;
    try {
      return await body();
    } catch (e) {
      progress?.clear();
      out.write(formatError(e));
      return undefined;
    } finally {
      running--;
      progress?.clear();
      if (timing) out.write(`(${formatMs(performance.now() - t0)})\n`);
    }
  };
  const nextPrompt = (): void => {
    cell++;
    r.setPrompt(`In [${cell}]: `);
  };

  // The input being evaluated: Node's eval hands an input's error to the REPL's domain
  // rather than to the callback, so the domain's handler finishes the input then.
  let pending: { n: number; cb: EvalCallback; t0: number } | undefined;
  const finishCell = (t0: number, cb: EvalCallback, body: () => Promise<void>): void => {
    void runCell(body, t0).then(() => {
      nextPrompt();
      cb(null, undefined);
    });
  };
  (r as unknown as { eval: EvalFn }).eval = (cmd, context, file, cb) => {
    if (completing) { cb(null, undefined); return; }
    const me = { n: cell, cb, t0: performance.now() };
    pending = me;
    cancelled = false;
    defaultEval(cmd, context, file, (err, value) => {
      if (pending === me) pending = undefined;
      if (err && err instanceof repl.Recoverable) { cb(err); return; }
      lastInput = cmd;
      finishCell(me.t0, cb, async () => {
        if (err) throw err;
        const v = isThenable(value) ? await value : value;
        const text = await renderValue(v, { colors: terminal });
        if (text !== undefined) out.write(`Out[${me.n}]: ${text}\n`);
      });
    });
  };
  const domain = (r as unknown as { _domain?: NodeJS.EventEmitter })._domain;
  if (domain) {
    domain.removeAllListeners('error');
    domain.on('error', (e: unknown) => {
      if (evaluating) { const f = evaluating; evaluating = undefined; f(e); return; }
      const p = pending;
      pending = undefined;
      if (p) { finishCell(p.t0, p.cb, () => Promise.reject(e)); return; }
      // An error from code left running in the background (a timer, an unawaited promise).
      progress?.clear();
      out.write(formatError(e));
      r.displayPrompt();
    });
  }

  const datasetOf = async (expr: string, command: string): Promise<Dataset<unknown> | undefined> => {
    if (expr.trim() === '') { out.write(`.${command} needs an expression, e.g. .${command} ds\n`); return undefined; }
    const v = await evaluate(expr);
    const ds = isThenable(v) ? await v : v;
    if (!(ds instanceof Dataset)) { out.write(`.${command}: ${expr.trim()} is not a Dataset\n`); return undefined; }
    return ds;
  };
  r.defineCommand('explain', {
    help: 'Print the plans of a Dataset: .explain EXPR',
    action(expr: string) {
      void runCell(async () => {
        const ds = await datasetOf(expr, 'explain');
        if (ds) out.write(`${(await ds.explain()).trimEnd()}\n`);
      }).then(() => r.displayPrompt());
    },
  });
  r.defineCommand('schema', {
    help: 'Print the schema of a Dataset: .schema EXPR',
    action(expr: string) {
      void runCell(async () => {
        const ds = await datasetOf(expr, 'schema');
        if (ds) out.write(ds.printSchema({ print: false }));
      }).then(() => r.displayPrompt());
    },
  });
  r.defineCommand('time', {
    help: 'Toggle printing how long each input takes',
    action() {
      timing = !timing;
      out.write(`timing is ${timing ? 'on' : 'off'}\n`);
      r.displayPrompt();
    },
  });

  // Node's completer evaluates the `EXPR` of `EXPR.<tab>` through r.eval (which ran jobs and
  // printed values): rondo completes member chains itself, and while Node's completer runs
  // for the rest, eval evaluates nothing.
  let completing = false;
  // A line starting with `.` that is not a command continues the previous input. Piped input
  // joins such lines before the input runs (see lineGate); at a terminal the previous input
  // has run already, so it runs again with the line appended, as a new input.
  const nodeOnLine = r.listeners('line') as ((line: string) => void)[];
  r.removeAllListeners('line');
  r.on('line', (line: string) => {
    let cmd = line;
    if (!inMultiLine() && isContinuation(line, commandNames())) {
      if (lastInput === undefined) {
        out.write(`"${line.trim()}" continues the previous input, but there is none\n`);
        r.displayPrompt();
        return;
      }
      const c = continuedInput(lastInput, line);
      if ('error' in c) {
        out.write(`${c.error}\n`);
        r.displayPrompt();
        return;
      }
      cmd = c.code;
    }
    for (const f of nodeOnLine) f.call(r, cmd);
  });

  const holder = r as unknown as { completer: Completer };
  const nodeCompleter = holder.completer;
  holder.completer = rondoCompleter((line, cb) => {
    completing = true;
    try { nodeCompleter.call(r, line, cb); } finally { completing = false; }
  });

  // Ctrl-C while an input runs cancels its jobs; otherwise Node's behaviour (clear the line;
  // twice on an empty line exits). Node's REPL holds keys back while an input runs, so the
  // key is watched on stdin itself too; `cancelled` keeps one press from cancelling twice.
  let cancelled = false;
  const cancelRunning = (): boolean => {
    if (running === 0 && pending === undefined) { cancelled = false; return false; }
    if (!cancelled) {
      cancelled = true;
      progress?.clear();
      out.write('^C cancelling the running jobs…\n');
      session.cancelAll();
    }
    return true;
  };
  const nodeSigint = r.listeners('SIGINT') as ((...a: unknown[]) => void)[];
  r.removeAllListeners('SIGINT');
  r.on('SIGINT', (...a: unknown[]) => {
    if (cancelRunning()) return;
    for (const f of nodeSigint) f.apply(r, a);
  });
  if (terminal) {
    process.stdin.on('keypress', (_s: unknown, key: { ctrl?: boolean; name?: string } | undefined) => {
      if (key?.ctrl && key.name === 'c') cancelRunning();
    });
  }

  const historyFile = process.env.RONDO_HISTORY || path.join(os.homedir(), '.rondo_history');
  r.setupHistory(historyFile, (err) => {
    if (err) out.write(`(history is off: ${err.message})\n`);
  });

  if (gate) {
    const display = r.displayPrompt.bind(r);
    r.displayPrompt = (preserveCursor?: boolean) => { display(preserveCursor); gate.ready(); };
    r.on('line', () => gate.taken());
    gate.ready();
  }

  r.on('exit', () => {
    const finish = (): void => {
      progress?.detach();
      void session.stop().catch(() => undefined).then(() => done(0));
    };
    const idle = (): boolean => running === 0 && pending === undefined;
    if (idle()) { out.write('\n'); finish(); return; }
    // Input ended while a cell still runs: let it finish first.
    const wait = setInterval(() => { if (idle()) { clearInterval(wait); finish(); } }, 20);
  });
}

/**
 * Lines of stdin handed to the REPL one at a time: `ready()` when a prompt shows, `taken()`
 * when the REPL got the line; `echo` shows each line after its prompt, as a terminal would.
 * The lines already read that `continues` are joined to the line before them (JavaScript
 * inserts no semicolon before a `.`, so a space joins them as the line break did).
 */
function lineGate(echo: (line: string) => void, continues: (line: string) => boolean): { input: PassThrough; ready(): void; taken(): void } {
  const input = new PassThrough();
  const queue: string[] = [];
  let ended = false;
  let waiting = false;
  let inFlight = false;
  const pump = (): void => {
    if (!waiting || inFlight) return;
    if (queue.length > 0) {
      waiting = false;
      inFlight = true;
      let line = queue.shift()!;
      echo(line);
      while (queue.length > 0 && continues(queue[0]!)) {
        const next = queue.shift()!;
        echo(`... ${next}`);
        line = `${line} ${next}`;
      }
      input.write(`${line}\n`);
    } else if (ended) {
      waiting = false;
      input.end();
    }
  };
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (l) => { queue.push(l); pump(); });
  lines.on('close', () => { ended = true; pump(); });
  return {
    input,
    ready() { waiting = true; setImmediate(pump); },
    taken() { inFlight = false; },
  };
}

/** On a terminal, takes the live progress lines away before anything else writes to stdout. */
function hookStdout(progress: ProgressReporter): void {
  const o = process.stdout as unknown as { write: (...a: unknown[]) => boolean };
  const original = o.write;
  let inside = false;
  o.write = function (...a: unknown[]): boolean {
    if (!inside && !progress.writing) {
      inside = true;
      try { progress.clear(); } finally { inside = false; }
    }
    return original.apply(process.stdout, a);
  };
}
