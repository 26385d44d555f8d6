/**
 * The `rondo` command line: dispatches subcommands (bin/rondo.js calls main).
 */
import { pathToFileURL } from 'node:url';
import { rondoVersion } from './version.js';

interface Command {
  readonly summary: string;
  /** Loaded on use, so one command does not load the code of the others (executors start lean). */
  run(argv: readonly string[]): Promise<number>;
  /** Exit the process when the command is done, even if the user's code left timers or sockets open. */
  readonly exitWhenDone?: boolean;
}

const COMMANDS: Record<string, Command> = {
  run: {
    summary: 'run a job file (TypeScript or JavaScript) on a session', exitWhenDone: true,
    run: async (argv) => (await import('./run-command.js')).runCommand(argv),
  },
  repl: {
    summary: 'a notebook-style REPL with a session and the DSL in scope', exitWhenDone: true,
    run: async (argv) => (await import('./repl-command.js')).replCommand(argv),
  },
  executor: {
    summary: 'serve the executor RPC (tasks, shuffle data)',
    run: async (argv) => (await import('./executor-command.js')).executorCommand(argv),
  },
};

/** The top-level help text. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: rondo <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nOptions:\n  --version, -v  print the version (rondo ${rondoVersion()})\n  --help, -h     print this help\n\nRun "rondo <command> --help" for a command's options.`;
}

/** Runs the CLI with `argv` (without node and the script) and sets process.exitCode. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  let code: number;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(`${mainHelp()}\n`);
    code = name === undefined ? 2 : 0;
  } else if (name === '--version' || name === '-v' || name === '-V') {
    process.stdout.write(`rondo ${rondoVersion()}\n`);
    code = 0;
  } else if (!Object.hasOwn(COMMANDS, name)) {
    process.stderr.write(`rondo: unknown command "${name}"\n\n${mainHelp()}\n`);
    code = 2;
  } else {
    const command = COMMANDS[name]!;
    code = await command.run(rest);
    if (command.exitWhenDone) process.exit(code);
  }
  process.exitCode = code;
  return code;
}

// Run directly (node dist/cli/main.js …), as the cluster backend spawns executors.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2));
}
