/**
 * `rondo executor`: serves the executor RPC until SIGTERM/SIGINT (or, with --watch-stdin, until
 * the process that spawned it goes away and its stdin pipe closes).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { defaultWorkDir, startExecutor, type RunningExecutor } from '../executor/index.js';

/** The help text of `rondo executor`. */
export const EXECUTOR_HELP = `Usage: rondo executor [options]

Serves the executor RPC: runs tasks on worker threads, stores and serves shuffle data.

Options:
  --host HOST            address to listen on (default 127.0.0.1); a non-loopback host needs a secret
  --port PORT            port to listen on, 0 for any free port (default 7070)
  --secret-file FILE     file holding the shared secret every request must carry
  --cores N              tasks at once, one worker thread each (default: CPU cores)
  --work-dir DIR         base folder for shuffle files (default: the system temp folder)
  --max-body-bytes N     largest task request accepted (default 536870912)
  --fetch-timeout-ms N   timeout of one shuffle fetch from a peer (default 120000)
  --advertise-url URL    the URL peers and the driver know this executor by
  --watch-stdin          exit when stdin closes, removing --work-dir if left empty
                         (used by a driver that spawns its executors)
  -h, --help             show this help

Prints "rondo executor listening on URL" once it serves.`;

/**
 * Runs the command. Returns an exit code for a usage or start-up error (2) or --help (0);
 * once the executor serves, it ends the process itself when it stops (exit 0).
 */
export async function executorCommand(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '7070' },
        'secret-file': { type: 'string' },
        cores: { type: 'string' },
        'work-dir': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'fetch-timeout-ms': { type: 'string' },
        'advertise-url': { type: 'string' },
        'watch-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    process.stderr.write(`rondo executor: ${(e as Error).message}\n\n${EXECUTOR_HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${EXECUTOR_HELP}\n`);
    return 0;
  }
  const num = (name: string, text: string | undefined, dflt: number): number => {
    if (text === undefined) return dflt;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${text}"`);
    return n;
  };
  let executor: RunningExecutor;
  try {
    let secret: string | null = null;
    if (values['secret-file'] !== undefined) {
      const file = values['secret-file'];
      try {
        secret = readFileSync(file, 'utf8').trim();
      } catch (e) {
        throw new Error(`cannot read the secret file "${file}": ${(e as Error).message}`);
      }
      if (secret.length === 0) throw new Error(`the secret file "${file}" is empty`);
    }
    executor = await startExecutor({
      host: values.host!,
      port: num('port', values.port, 7070),
      secret,
      cores: num('cores', values.cores, cpus().length) || cpus().length,
      workDir: values['work-dir'] ?? defaultWorkDir(),
      maxBodyBytes: values['max-body-bytes'] !== undefined ? num('max-body-bytes', values['max-body-bytes'], 0) : undefined,
      fetchTimeoutMs: values['fetch-timeout-ms'] !== undefined ? num('fetch-timeout-ms', values['fetch-timeout-ms'], 0) : undefined,
      advertiseUrl: values['advertise-url'],
      // A spawning driver made the work folder for its executors: the last one out removes it.
      removeEmptyWorkDir: values['watch-stdin'],
    });
  } catch (e) {
    process.stderr.write(`rondo executor: ${(e as Error).message}\n`);
    return 2;
  }
  process.stdout.write(`rondo executor listening on ${executor.url}\n`);
  // When the driver that reads our output dies, writing to the pipe fails: that must not crash the shutdown.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  return new Promise<number>((resolve) => {
    let exiting = false;
    const shutdown = (): void => {
      if (exiting) return;
      exiting = true;
      // A server command ends the process itself: stdin and signal handlers would keep it alive.
      executor.stop().then(() => {
        resolve(0);
        process.exit(0);
      }, (e: unknown) => {
        process.stderr.write(`rondo executor: error while stopping: ${(e as Error).message}\n`);
        resolve(1);
        process.exit(1);
      });
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
    if (values['watch-stdin']) {
      // The driver that spawned us holds the other end of stdin: when it dies, even by SIGKILL, the pipe closes.
      process.stdin.on('end', shutdown);
      process.stdin.on('close', shutdown);
      process.stdin.on('error', shutdown);
      process.stdin.resume();
    }
  });
}
