/**
 * SIGTERM and SIGHUP end a process at once, skipping every cleanup: a local cluster's secret
 * folder and work folder would stay behind. While a local cluster lives (or starts), this
 * listens for them and, when nothing else in the process does, cleans up as SIGINT's handlers
 * do (stops the executors, removes the folders), then lets the signal end the process as it
 * would have (exit by that signal). A process with its own handler keeps the say.
 */

/** The signals that end a process without cleanup, by default. */
const SIGNALS = ['SIGTERM', 'SIGHUP'] as const;

/** How long cleanup may take before the process goes anyway (ms). */
const CLEANUP_MS = 5000;

const cleanups = new Set<() => Promise<void>>();
let ending = false;

function onSignal(signal: NodeJS.Signals): void {
  // Someone else listens (the CLI, the user's program): they decide how the process ends.
  if (process.listenerCount(signal) > 1) return;
  if (ending) return;
  ending = true;
  const all = Promise.allSettled([...cleanups].map((c) => c()));
  const timeout = new Promise((r) => setTimeout(r, CLEANUP_MS).unref());
  void Promise.race([all, timeout]).then(() => {
    for (const s of SIGNALS) process.off(s, onSignal);
    // No listener left: the signal's default action ends the process, as if never caught.
    process.kill(process.pid, signal);
  });
}

/**
 * Runs `cleanup` if the process gets SIGTERM or SIGHUP (and nothing else handles them) until
 * the returned function is called.
 */
export function cleanupOnTermination(cleanup: () => Promise<void>): () => void {
  if (cleanups.size === 0 && !ending) for (const s of SIGNALS) process.on(s, onSignal);
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0 && !ending) for (const s of SIGNALS) process.off(s, onSignal);
  };
}
