/**
 * Drives the rondo CLI as users do: `node dist/cli/main.js …` as a child process, with
 * piped stdio or inside a pseudo-terminal (`script` from util-linux).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI entry of the build these tests run from. */
export const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

/** The repository root (where examples/ lives). */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Every child these helpers started: killed when the test process exits, however it ends. */
const children = new Set<ChildProcess>();
process.on('exit', killChildren);

/** Kills the children still running (their executors, watching their stdin, follow). */
export function killChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}

function track<C extends ChildProcess>(child: C): C {
  children.add(child);
  child.on('close', () => children.delete(child));
  return child;
}

/**
 * Processes of this build's CLI (`dist/cli/main.js`, an executor or a run) that are not this
 * process's own children: what a test run left behind. Waits up to `ms` for them to go (an
 * executor exits once it sees its driver's pipe close).
 */
export async function leftoverProcesses(ms = 20_000): Promise<string[]> {
  const list = (): string[] => {
    const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
    return ps.stdout.split('\n').filter((l) => l.includes(CLI)).filter((l) => {
      const [pid, ppid] = l.trim().split(/\s+/).map(Number);
      return pid !== process.pid && ppid !== process.pid;
    });
  };
  const until = Date.now() + ms;
  let left = list();
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    left = list();
  }
  return left;
}

/** What a finished CLI run gave. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `rondo ARGS` to the end (with `input` on stdin, if given). */
export function runCli(args: readonly string[], opts: { cwd?: string; input?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = track(spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? REPO,
      env: { ...process.env, RONDO_DEBUG: '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`rondo ${args.join(' ')} did not finish in time\nstdout:\n${stdout}\nstderr:\n${stderr}`)); }, opts.timeoutMs ?? 50_000);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/** A running child whose output is collected, with a wait for text to appear. */
export interface Live {
  readonly child: ChildProcess;
  /** Everything written so far (stdout and stderr together for a terminal). */
  output(): string;
  /** Resolves when the output (after `from` characters) matches `re`; rejects after `ms`. */
  waitFor(re: RegExp, ms?: number, from?: number): Promise<void>;
  /** Resolves with the exit code. */
  exited(): Promise<number | null>;
  /** Writes to the child's stdin (the terminal's keyboard under `script`). */
  type(text: string): void;
}

function live(child: ChildProcess): Live {
  let out = '';
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer): void => { out += d.toString(); for (const w of [...waiters]) w(); };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = new Promise<number | null>((r) => child.on('close', (code) => { for (const w of [...waiters]) w(); r(code); }));
  return {
    child,
    output: () => out,
    waitFor(re, ms = 30_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (re.test(stripAnsi(out.slice(from)))) { done(); resolve(); }
        };
        const timer = setTimeout(() => { done(); reject(new Error(`timed out waiting for ${re}; output so far:\n${stripAnsi(out)}`)); }, ms);
        const done = (): void => { clearTimeout(timer); const i = waiters.indexOf(check); if (i >= 0) waiters.splice(i, 1); };
        waiters.push(check);
        check();
      });
    },
    exited: () => exit,
    type(text) { child.stdin?.write(text); },
  };
}

/** Starts `rondo ARGS` with piped stdio. */
export function startCli(args: readonly string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Live {
  return live(track(spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO, env: { ...process.env, RONDO_DEBUG: '', ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] })));
}

/** Whether `script` (util-linux) is there to give the CLI a pseudo-terminal. */
export function hasScript(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Starts `rondo ARGS` inside a pseudo-terminal (stdout a TTY, keystrokes through stdin). */
export function startInTerminal(args: readonly string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Live {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = [process.execPath, CLI, ...args].map(quote).join(' ');
  return live(track(spawn('script', ['-qfec', `stty cols 120 2>/dev/null; exec ${cmd}`, '/dev/null'], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, TERM: 'xterm', RONDO_DEBUG: '', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })));
}

/** The text without ANSI escape sequences and carriage returns. */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}

/** The rows of the first `show` table after the line `title` (cells trimmed), header first. */
export function tableAfter(text: string, title: string): string[][] {
  const lines = text.split('\n');
  let i = lines.findIndex((l) => l.trim() === title);
  if (i < 0) throw new Error(`no "${title}" in:\n${text}`);
  const rows: string[][] = [];
  let frames = 0;
  for (i++; i < lines.length && frames < 3; i++) {
    const l = lines[i]!;
    if (l.startsWith('+')) { frames++; continue; }
    if (l.startsWith('|')) rows.push(l.slice(1, -1).split('|').map((c) => c.trim()));
  }
  return rows;
}
