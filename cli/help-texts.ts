/** The help texts of `rondo run` and `rondo repl` (kept apart so `--help` loads no engine code). */
import { SESSION_FLAGS_HELP } from './session-flags.js';

/** The help text of `rondo run`. */
export const RUN_HELP = `Usage: rondo run JOB.ts [options] [-- args...]

Runs a job file (TypeScript or JavaScript, no build step) whose default export is
  export default async function (session: Session, args: string[]) { … }
on a session made from the options; the words after "--" are its args.
Progress goes to the terminal (plain log lines on stderr when not a terminal), then a summary.

Options:
${SESSION_FLAGS_HELP}
  --quiet                no progress lines and no summary

Environment: RONDO_DEBUG=1 shows full stacks (rondo's and remote ones) on failure.
Exit status: 0 done, 1 the job failed (or does not parse), 2 bad usage, 130 interrupted.`;

/** The help text of `rondo repl`. */
export const REPL_HELP = `Usage: rondo repl [options]

A notebook-style REPL: "session" and the DSL (col, lit, sum, Window, …) are in scope, with
top-level await. A Dataset shows as a table of its first 20 rows.

Commands: .explain EXPR   the plans of a Dataset
          .schema EXPR    the schema of a Dataset
          .time           toggle timing of each input
          .help, .exit    Node's REPL commands
Keys: Tab completes Dataset methods (ds.<Tab>) and column names (col('<Tab>);
      Ctrl-C cancels the running input; Ctrl-C twice on an empty line or Ctrl-D exits.
History: ~/.rondo_history (RONDO_HISTORY=FILE to move it).

Options:
${SESSION_FLAGS_HELP}`;
