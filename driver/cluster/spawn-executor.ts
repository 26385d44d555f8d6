/**
 * Spawns one `rondo executor` child process on loopback for a local cluster and waits for
 * its "listening on URL" line. The child watches its stdin, a pipe from this process, and exits
 * when it closes: so executors never outlive their driver, even a driver killed by SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ExecutorLostError } from '../../engine/errors.js';

/** A started executor child. */
export interface SpawnedExecutor {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
}

/** The compiled CLI entry that runs `executor` (dist/cli/main.js beside this file's tree). */
export function cliEntry(): string {
  return fileURLToPath(new URL('../../cli/main.js', import.meta.url));
}

const LISTENING = /^rondo executor listening on (\S+)\s*$/;

/** Starts an executor child; the secret reaches it through `secretFile`, never the command line. */
export function spawnExecutor(opts: { secretFile: string; cores: number; workDir: string; startTimeoutMs?: number; label: string }): Promise<SpawnedExecutor> {
  const args = [cliEntry(), 'executor', '--host', '127.0.0.1', '--port', '0', '--secret-file', opts.secretFile,
    '--cores', String(opts.cores), '--work-dir', opts.workDir, '--watch-stdin'];
  // Node flags for the executor (e.g. --cpu-prof while profiling), space-separated.
  const nodeArgs = (process.env.RONDO_EXECUTOR_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise<SpawnedExecutor>((resolve, reject) => {
    let out = '';
    let err = '';
    let done = false;
    const finish = (e: Error | null, url?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout!.off('data', onOut);
      if (e) {
        child.kill('SIGKILL');
        reject(e);
        return;
      }
      // From here on, forward what the executor says, prefixed, and let the driver exit freely.
      child.stderr!.on('data', (d: Buffer) => forward(opts.label, d));
      child.stdout!.on('data', (d: Buffer) => forward(opts.label, d));
      child.stdin!.on('error', () => {});
      for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
      child.unref();
      resolve({ url: url!, pid: child.pid!, child });
    };
    const onOut = (d: Buffer): void => {
      out += d.toString('utf8');
      const lines = out.split('\n');
      lines.pop(); // an unfinished line may yet grow
      for (const line of lines) {
        const m = LISTENING.exec(line);
        if (m) return finish(null, m[1]!);
      }
    };
    const onErr = (d: Buffer): void => {
      if (!done) err = (err + d.toString('utf8')).slice(-4000);
    };
    child.stdout!.on('data', onOut);
    child.stderr!.on('data', onErr);
    child.on('error', (e) => finish(new ExecutorLostError(`could not start ${opts.label}: ${e.message}`)));
    child.on('exit', (code, signal) => finish(new ExecutorLostError(
      `${opts.label} exited (${signal ?? `code ${code}`}) before listening: ${err.trim() || out.trim() || 'no output'}`)));
    const timer = setTimeout(() => finish(new ExecutorLostError(
      `${opts.label} did not report listening within ${opts.startTimeoutMs ?? 30_000} ms: ${err.trim() || out.trim() || 'no output'}`)), opts.startTimeoutMs ?? 30_000);
  });
}

function forward(label: string, d: Buffer): void {
  const text = d.toString('utf8').replace(/\n$/, '');
  if (text.length > 0) process.stderr.write(text.split('\n').map((l) => `[${label}] ${l}\n`).join(''));
}
