/**
 * Proof that a task travels: it is encoded as a task frame (engine/task-frame.ts), decoded
 * back, and must come back equal: the same check as jsonRoundTrip for its JSON part, byte
 * equality for its attachments. The in-process backend runs what this returns, so every mode
 * runs tasks through the same framing as a cluster.
 */
import { InternalError } from '../engine/errors.js';
import type { Task } from '../engine/plan.js';
import { decodeTaskFrame, encodeTaskFrame } from '../engine/task-frame.js';
import { firstDifference } from './json-round-trip.js';

/** Encodes `task` as a frame and decodes it; throws InternalError naming the first path that changed. */
export function frameRoundTrip(task: Task, what: string): Task {
  let frame: Uint8Array;
  try {
    frame = encodeTaskFrame(task);
  } catch (e) {
    throw new InternalError(`${what} cannot be encoded as a task frame: ${(e as Error).message}`, {}, { cause: e });
  }
  const back = decodeTaskFrame(frame);
  const where = firstDifference(task, back, '$');
  if (where !== null) throw new InternalError(`${what} does not survive the task frame round trip: ${where}`, { path: where });
  return back;
}
