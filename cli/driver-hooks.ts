/**
 * Hooks on a session's driver for the CLI: remembers where in the user's program each job
 * was started (so a failure can point at the user's line even when the error was raised deep
 * in the scheduler), and with `--explain` prints each job's plans before it runs.
 */
import type { Session } from '../dsl/index.js';

const callSites = new WeakMap<object, string>();

/** The stack of the user's call that started the job that failed with `error`, if known. */
export function callSiteOf(error: unknown): string | undefined {
  return error !== null && typeof error === 'object' ? callSites.get(error) : undefined;
}

/** Options of hookDriver. */
export interface DriverHookOptions {
  /** Print the plans of every job before it runs, with this printer. */
  readonly explain?: (text: string) => void;
}

/** Wraps the session driver's `collect` and `write` (the two ways a job starts). */
export function hookDriver(session: Session, opts: DriverHookOptions = {}): void {
  const driver = session.driver;
  const collect = driver.collect.bind(driver);
  const write = driver.write.bind(driver);
  const around = async <R>(plan: Parameters<typeof collect>[0], site: string | undefined, run: () => Promise<R>): Promise<R> => {
    if (opts.explain) {
      // Printing the plans must never be what fails the job.
      let text: string;
      try { text = await driver.explain(plan); } catch (e) { text = `(no plans to show: ${(e as Error).message})`; }
      opts.explain(text);
    }
    try {
      return await run();
    } catch (e) {
      if (site !== undefined && e !== null && typeof e === 'object' && !callSites.has(e)) callSites.set(e, site);
      throw e;
    }
  };
  // The stack is taken synchronously, while the user's frames are still on it.
  driver.collect = (plan, o) => around(plan, new Error().stack, () => collect(plan, o));
  driver.write = (plan, format, path, o) => around(plan, new Error().stack, () => write(plan, format, path, o));
}
