/**
 * Session configuration: the settings a user may pass to `Session.local({ conf })` or
 * `rondo run --conf key=value`, their defaults and their validation.
 */
import { AnalysisError } from '../engine/errors.js';

/** Settings of a session. */
export interface SessionConf {
  /** Partitions after a shuffle (Spark's spark.sql.shuffle.partitions). */
  shufflePartitions: number;
  /** Target rows per batch inside a task. */
  batchSize: number;
  /** A join side estimated below this many bytes is broadcast; 0 disables broadcasting. */
  broadcastThresholdBytes: number;
  /** Target bytes per split when a large file is cut into byte ranges. */
  maxSplitBytes: number;
  /** Attempts of a task before its job fails (deterministic errors are never retried). */
  maxTaskAttempts: number;
  /** Largest total result (Arrow IPC bytes) `collect()` brings back to the driver. */
  maxResultBytes: number;
  /** Whether every int64 value comes out as a bigint (else a number, and one beyond ±2^53 is an error). */
  bigint: boolean;
  /** Whether typed-API functions the analysis can compile run as vectorized expressions (false: always row by row). */
  compileLambdas: boolean;
  /**
   * Whether a collect's last stage reads several small shuffle partitions in one task, decided
   * from the map outputs' sizes when the stage starts (Spark's adaptive coalescePartitions).
   */
  coalescePartitions: boolean;
  /** The most bytes of shuffle input one coalesced task takes (Spark's advisoryPartitionSizeInBytes). */
  advisoryPartitionBytes: number;
}

const MIB = 1024 * 1024;

/** The defaults: 8 shuffle partitions, 65536-row batches, 10 MiB broadcast, 64 MiB splits, 4 attempts, 1 GiB results, coalescing up to 64 MiB. */
export const DEFAULT_CONF: SessionConf = Object.freeze({
  shufflePartitions: 8,
  batchSize: 65536,
  broadcastThresholdBytes: 10 * MIB,
  maxSplitBytes: 64 * MIB,
  maxTaskAttempts: 4,
  maxResultBytes: 1024 * MIB,
  bigint: false,
  compileLambdas: true,
  coalescePartitions: true,
  advisoryPartitionBytes: 64 * MIB,
});

type Kind = 'count' | 'bytes' | 'bool';

/** How each key is validated: `min` is the smallest value allowed. */
const KEYS: Record<keyof SessionConf, { kind: Kind; min: number }> = {
  shufflePartitions: { kind: 'count', min: 1 },
  batchSize: { kind: 'count', min: 1 },
  broadcastThresholdBytes: { kind: 'bytes', min: 0 },
  maxSplitBytes: { kind: 'bytes', min: 1 },
  maxTaskAttempts: { kind: 'count', min: 1 },
  maxResultBytes: { kind: 'bytes', min: 1 },
  bigint: { kind: 'bool', min: 0 },
  compileLambdas: { kind: 'bool', min: 0 },
  coalescePartitions: { kind: 'bool', min: 0 },
  advisoryPartitionBytes: { kind: 'bytes', min: 1 },
};

/** Every conf key a user may set. */
export const CONF_KEYS: readonly (keyof SessionConf)[] = Object.keys(KEYS) as (keyof SessionConf)[];

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: MIB, mb: MIB, mib: MIB, g: 1024 * MIB, gb: 1024 * MIB, gib: 1024 * MIB };

/**
 * Fills in the defaults for the keys `partial` leaves out and checks the others. Values may be
 * numbers and booleans, or strings as a command line gives them (`"16"`, `"true"`, byte sizes
 * like `"10m"` or `"64MiB"`). An unknown key or a bad value is an AnalysisError saying which.
 */
export function resolveConf(partial: Record<string, unknown> = {}): SessionConf {
  const out: Record<string, number | boolean> = { ...DEFAULT_CONF };
  for (const [key, raw] of Object.entries(partial)) {
    if (raw === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(KEYS, key)) {
      const near = closest(key, CONF_KEYS);
      throw new AnalysisError(
        `unknown conf key "${key}"; known keys: ${CONF_KEYS.join(', ')}${near ? `; did you mean "${near}"?` : ''}`,
        { key, known: CONF_KEYS },
      );
    }
    const spec = KEYS[key as keyof SessionConf];
    out[key] = spec.kind === 'bool' ? parseBool(key, raw) : parseNumber(key, raw, spec.kind, spec.min);
  }
  return out as unknown as SessionConf;
}

function bad(key: string, raw: unknown, want: string): AnalysisError {
  const shown = typeof raw === 'string' ? `"${raw}"` : String(raw);
  return new AnalysisError(`bad value ${shown} for conf key "${key}": expected ${want}`, { key, value: String(raw) });
}

function parseBool(key: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const s = raw.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  throw bad(key, raw, 'true or false');
}

function parseNumber(key: string, raw: unknown, kind: Kind, min: number): number {
  const want = kind === 'bytes'
    ? `an integer number of bytes >= ${min} (a suffix k, m or g is allowed, e.g. "10m")`
    : `an integer >= ${min}`;
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(raw);
    const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
    if (!m || unit === undefined || (kind !== 'bytes' && unit !== 1)) throw bad(key, raw, want);
    n = Number(m[1]) * unit;
  } else throw bad(key, raw, want);
  if (!Number.isSafeInteger(n) || n < min) throw bad(key, raw, want);
  return n;
}

/** The candidate nearest to `s` by edit distance, when near enough to be a likely typo. */
function closest(s: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(s.toLowerCase(), c.toLowerCase());
    if (d < bestD) { bestD = d; best = c; }
  }
  return bestD <= Math.max(2, Math.floor(s.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
