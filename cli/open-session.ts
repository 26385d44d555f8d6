/** The session `rondo run` and `rondo repl` work on, from their flags. */
import { Session } from '../dsl/index.js';
import type { SessionFlags } from './session-flags.js';

/** Starts (or attaches to) the executors the flags describe. */
export async function openSession(flags: SessionFlags): Promise<Session> {
  if (flags.connect !== undefined) {
    return Session.connect({ executors: flags.connect, secret: flags.secret!, conf: flags.conf });
  }
  return Session.local({
    ...(flags.executors !== undefined ? { executors: flags.executors } : {}),
    conf: flags.conf,
    inProcess: flags.inProcess,
  });
}
