/**
 * `rondo run JOB.ts [options] [-- args]`: runs a job file's default export
 * `async (session, args)` on a session made from the flags, with progress and a summary.
 * Exit codes: 0 done, 1 the job failed (a syntax error, an unawaited rejection too), 2 a usage error,
 * 130 interrupted (Ctrl-C), 143 SIGTERM, 129 SIGHUP.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Session } from '../dsl/index.js';
import { hookDriver } from './driver-hooks.js';
import { backgroundHint, watchBackgroundFailures, type BackgroundFailure } from './background-failures.js';
import { formatError } from './error-report.js';
import { loadJob } from './job-loader.js';
import { formatSummary, ProgressReporter } from './progress.js';
import { RUN_HELP } from './help-texts.js';
import { openSession } from './open-session.js';
import { SESSION_OPTIONS, sessionFlags, UsageError, type SessionFlags } from './session-flags.js';


interface RunArgs {
  readonly job: string;
  readonly args: string[];
  readonly flags: SessionFlags;
  readonly quiet: boolean;
}

function parseRunArgs(argv: readonly string[]): RunArgs | 'help' {
  const dash = argv.indexOf('--');
  const own = dash < 0 ? [...argv] : argv.slice(0, dash);
  const rest = dash < 0 ? [] : argv.slice(dash + 1);
  let parsed;
  try {
    parsed = parseArgs({ args: own, options: { ...SESSION_OPTIONS, quiet: { type: 'boolean' } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('give the job file to run: rondo run JOB.ts');
  const [job, ...extra] = positionals;
  return { job: job!, args: [...extra, ...rest], flags: sessionFlags(values), quiet: values.quiet === true };
}

/** Runs the command; resolves to the exit code. */
export async function runCommand(argv: readonly string[]): Promise<number> {
  let parsed: RunArgs | 'help';
  try {
    parsed = parseRunArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`rondo run: ${e.message}\n\nRun "rondo run --help" for the options.\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${RUN_HELP}\n`);
    return 0;
  }
  const { job, args, flags, quiet } = parsed;
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);

  let fn;
  try {
    fn = await loadJob(job);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`rondo run: ${e.message}\n`);
      return 2;
    }
    // A syntax error says where, with the line and a caret; its stack is the loader's.
    const syntax = e instanceof Error && e.name === 'SyntaxError' && /:\d+:\d+: /.test(e.message);
    process.stderr.write(`rondo run: cannot load ${job}\n${syntax ? `SyntaxError: ${(e as Error).message}\n` : formatError(e)}`);
    return 1;
  }

  const t0 = performance.now();
  let session: Session;
  try {
    session = await openSession(flags);
  } catch (e) {
    process.stderr.write(`rondo run: cannot start the session\n${formatError(e)}`);
    return 1;
  }

  const tty = process.stdout.isTTY === true;
  const progress = quiet ? undefined : new ProgressReporter(session.events, {
    tty,
    out: tty ? process.stdout : process.stderr,
    slots: session.defaultParallelism,
    columns: () => process.stdout.columns || 100,
  });
  const restoreStdout = progress && tty ? clearProgressBeforeOutput(progress) : undefined;
  hookDriver(session, flags.explain ? { explain: (text) => process.stdout.write(`${text.trimEnd()}\n\n`) } : {});

  // SIGINT (Ctrl-C), SIGTERM and SIGHUP cancel the jobs and stop the executors, then exit
  // 128 + the signal's number, as a shell reports a process ended by it.
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const exitCode = 128 + (os.constants.signals[signal] ?? 2);
    if (interrupted) process.exit(exitCode);
    interrupted = true;
    progress?.detach();
    restoreStdout?.();
    const what = signal === 'SIGINT' ? 'interrupted' : `got ${signal}`;
    process.stderr.write(`\nrondo run: ${what}; cancelling the running jobs and stopping the executors (Ctrl-C again to exit at once)\n`);
    session.cancelAll();
    const stopped = session.stop().catch(() => undefined);
    const timeout = new Promise((r) => setTimeout(r, 5000).unref());
    void Promise.race([stopped, timeout]).then(() => process.exit(exitCode));
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);

  // An unhandled rejection or an uncaught exception while the job runs fails the job: it is
  // reported as any failure (not as Node's raw trace) and the job's running work is cancelled.
  const background = watchBackgroundFailures();
  const reportBackground = (f: BackgroundFailure): void => {
    progress?.clear();
    process.stderr.write(`rondo run: ${job} failed: ${backgroundHint(f)}\n${formatError(f.error)}`);
  };
  let code = 0;
  try {
    const outcome = await Promise.race([
      Promise.resolve().then(() => fn(session, args)).then(() => undefined),
      background.failed,
    ]);
    if (outcome !== undefined && !interrupted) {
      reportBackground(outcome);
      code = 1;
      session.cancelAll();
    }
  } catch (e) {
    if (!interrupted) {
      progress?.clear();
      process.stderr.write(`rondo run: ${job} failed\n${formatError(e)}`);
      code = 1;
    }
  }
  if (interrupted) return new Promise<number>(() => {}); // the signal handler exits
  progress?.detach();
  restoreStdout?.();
  await session.stop().catch(() => undefined);
  // A promise the job left behind may reject after the job returned, or as the session stops
  // (unhandled rejections surface once the microtasks have run).
  await new Promise((r) => setImmediate(r));
  const late = code === 0 ? background.first() : undefined;
  if (late !== undefined) {
    reportBackground(late);
    code = 1;
  }
  background.stop();
  for (const s of STOP_SIGNALS) process.off(s, onSignal);
  if (progress) process.stderr.write(`rondo: ${formatSummary(progress.totals, performance.now() - t0)}\n`);
  return code;
}

/** Signals that stop a run the way Ctrl-C does. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** On a terminal, takes the live progress lines away before anything else writes to stdout. */
function clearProgressBeforeOutput(progress: ProgressReporter): () => void {
  const out = process.stdout as unknown as { write: (...a: unknown[]) => boolean };
  const original = out.write;
  let inside = false;
  out.write = function (this: unknown, ...a: unknown[]): boolean {
    if (!inside && !progress.writing) {
      inside = true;
      try { progress.clear(); } finally { inside = false; }
    }
    return original.apply(process.stdout, a);
  };
  return () => { out.write = original; };
}
