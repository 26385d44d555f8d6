/**
 * The flags `rondo run` and `rondo repl` share, and the session they describe:
 * `--executors N`, `--connect URL,... --secret-file F`, `--conf key=value` (repeatable),
 * `--in-process`, `--explain`. (No DSL import here: `rondo --help` and executors load this cheaply.)
 */
import { readFileSync } from 'node:fs';
import { CONF_KEYS, resolveConf } from '../driver/conf.js';

/** A command line the user got wrong: the CLI prints the message and the command's help, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The parseArgs option table of the session flags. */
export const SESSION_OPTIONS = {
  executors: { type: 'string' },
  connect: { type: 'string' },
  'secret-file': { type: 'string' },
  conf: { type: 'string', multiple: true },
  'in-process': { type: 'boolean' },
  explain: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The help lines of the session flags. */
export const SESSION_FLAGS_HELP = `  --executors N          start N local executor processes (default: one per CPU core)
  --connect URL,URL...   attach to executors started with "rondo executor" instead
  --secret-file FILE     the executors' shared secret (with --connect)
  --conf KEY=VALUE       a session setting, repeatable; keys: ${CONF_KEYS.join(', ')}
  --in-process           run tasks inside this process (still serialized; for debugging)
  --explain              print the plans of every job before it runs
  -h, --help             show this help`;

/** The parsed session flags. */
export interface SessionFlags {
  readonly executors?: number;
  readonly connect?: readonly string[];
  readonly secret?: string;
  readonly conf: Readonly<Record<string, string>>;
  readonly inProcess: boolean;
  readonly explain: boolean;
}

/** Values as parseArgs gives them for SESSION_OPTIONS. */
export interface RawSessionValues {
  executors?: string;
  connect?: string;
  'secret-file'?: string;
  conf?: string[];
  'in-process'?: boolean;
  explain?: boolean;
}

/** Checks the session flags; a mistake is a UsageError that says which flag and why. */
export function sessionFlags(v: RawSessionValues): SessionFlags {
  let executors: number | undefined;
  if (v.executors !== undefined) {
    executors = Number(v.executors);
    if (!/^\d+$/.test(v.executors.trim()) || !Number.isSafeInteger(executors) || executors < 1) {
      throw new UsageError(`--executors must be a positive integer, got "${v.executors}"`);
    }
  }
  const conf: Record<string, string> = {};
  for (const kv of v.conf ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--conf takes KEY=VALUE, got "${kv}"; keys: ${CONF_KEYS.join(', ')}`);
    conf[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
  }
  try {
    resolveConf(conf);
  } catch (e) {
    throw new UsageError(`--conf: ${(e as Error).message}`);
  }
  let connect: string[] | undefined;
  let secret: string | undefined;
  if (v.connect !== undefined) {
    if (executors !== undefined) throw new UsageError('give either --executors (local executors) or --connect (running executors), not both');
    if (v['in-process']) throw new UsageError('--in-process cannot be used with --connect');
    connect = v.connect.split(',').map((u) => u.trim()).filter((u) => u !== '');
    if (connect.length === 0) throw new UsageError('--connect needs at least one executor URL');
    for (const u of connect) {
      if (!/^https?:\/\/[^/]+/.test(u)) throw new UsageError(`--connect: "${u}" is not an http://host:port URL`);
    }
    const file = v['secret-file'];
    if (file === undefined) throw new UsageError('--connect needs --secret-file FILE (the secret the executors were started with)');
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new UsageError(`cannot read the secret file "${file}": ${(e as Error).message}`);
    }
    if (secret === '') throw new UsageError(`the secret file "${file}" is empty`);
  } else if (v['secret-file'] !== undefined) {
    throw new UsageError('--secret-file goes with --connect (local executors get a fresh secret)');
  }
  return {
    ...(executors !== undefined ? { executors } : {}),
    ...(connect !== undefined ? { connect, secret } : {}),
    conf,
    inProcess: v['in-process'] === true,
    explain: v.explain === true,
  };
}
