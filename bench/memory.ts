/**
 * Peak memory of the processes of a run, from /proc: VmHWM (the peak resident set) of the
 * driver process and of its child processes (the executors of a local session).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The peak RSS in bytes of process `pid` (VmHWM), or null where /proc does not tell. */
export function peakRss(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The ids of the live child processes of `parent` (from /proc/<pid>/stat). */
export function childPids(parent: number = process.pid): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // The command may hold spaces and parentheses: the ppid is the 2nd field after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[1]) === parent) out.push(Number(e));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Bytes as MiB, rounded. */
export function mib(bytes: number | null): string {
  return bytes === null ? 'n/a' : `${Math.round(bytes / 2 ** 20)}`;
}

/** CPU seconds (user + system) that process `pid` has used, all its threads, from /proc; 0 where unknown. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) are at 11 and 12 after the state field; clock ticks of 1/100 s.
    return (Number(rest[11]) + Number(rest[12])) / 100;
  } catch {
    return 0;
  }
}
