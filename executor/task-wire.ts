/**
 * The wire form of POST /v1/tasks.
 *
 * Request: the Task as a task frame (engine/task-frame.ts: a JSON header, the JSON body, binary
 * attachments), refused with 400 when it speaks another wire protocol version. Response (200, `application/vnd.rondo.task-reply`): a 4-byte
 * big-endian length n, then n bytes of JSON header (space-padded so 4 + n is a multiple of 8),
 * then the payload bytes (the Arrow IPC stream
 * of a `result` or `sample` task; nothing otherwise). The header is either
 * `{ ok: true, result: TaskReplyMeta }` or `{ ok: false, error: ErrorJson }`: a task failure is a
 * 200 with a typed error, so FetchFailedError and friends keep their class across the wire.
 * The driver side decodes the same layout in driver/cluster/task-reply.ts.
 */
import type { ErrorJson } from '../engine/errors.js';
import type { Task } from '../engine/plan.js';

/** The content type of a task reply. */
export const TASK_REPLY_TYPE = 'application/vnd.rondo.task-reply';

/** What a task gave, without its payload bytes. */
export type TaskReplyMeta =
  | { readonly kind: 'shuffle'; readonly sizes: readonly number[]; readonly rows: number }
  | { readonly kind: 'result' | 'sample'; readonly rows: number; readonly bytes: number }
  | { readonly kind: 'write'; readonly files: readonly string[]; readonly rows: number }
  | { readonly kind: 'cache'; readonly rows: number; readonly bytes: number };

/** The JSON header of a task reply. */
export type TaskReplyHeader = { readonly ok: true; readonly result: TaskReplyMeta } | { readonly ok: false; readonly error: ErrorJson };

/** The frame prefix (length + JSON header) of a reply; the payload follows it on the wire. */
export function encodeReplyHead(header: TaskReplyHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  // The header is padded with spaces (still JSON) so the payload starts 8-byte aligned: Arrow's
  // reader copies every message body that is not, and a result can be hundreds of megabytes.
  const n = json.length + ((8 - ((4 + json.length) % 8)) % 8);
  const head = Buffer.alloc(4 + n, 0x20);
  head.writeUInt32BE(n, 0);
  json.copy(head, 4);
  return head;
}

const OUTPUT_KINDS = new Set(['result', 'shuffle', 'sample', 'write', 'cache']);

/**
 * Checks that a decoded task has the shape of a Task (the fields the executor itself relies on),
 * and returns it typed; throws an Error whose message names the first missing or wrong field.
 * The plan's inner structure is the engine's to judge when it runs.
 */
export function validateTask(body: unknown): Task {
  const fail = (what: string): never => {
    throw new Error(`malformed task: ${what}`);
  };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) fail('the body is not a JSON object');
  const t = body as Record<string, unknown>;
  if (typeof t.jobId !== 'string') fail('field "jobId" must be a string');
  for (const k of ['stageId', 'partition', 'attempt'] as const) {
    if (typeof t[k] !== 'number' || !Number.isInteger(t[k]) || (t[k] as number) < 0) fail(`field "${k}" must be a non-negative integer`);
  }
  const plan = t.plan as Record<string, unknown> | undefined;
  if (plan === null || typeof plan !== 'object' || typeof plan.op !== 'string') fail('field "plan" must be a physical plan object with an "op"');
  if (!Array.isArray(t.inputs)) fail('field "inputs" must be an array');
  for (const [i, inp] of (t.inputs as unknown[]).entries()) {
    const s = inp as Record<string, unknown> | null;
    if (s === null || typeof s !== 'object' || typeof s.shuffleId !== 'number' || !Array.isArray(s.maps)) {
      fail(`inputs[${i}] must be { shuffleId, maps: [...] }`);
    }
  }
  const out = t.output as Record<string, unknown> | undefined;
  if (out === null || typeof out !== 'object' || typeof out.kind !== 'string' || !OUTPUT_KINDS.has(out.kind)) {
    fail(`field "output" must be an object whose "kind" is one of ${[...OUTPUT_KINDS].join(', ')}`);
  }
  if (out!.kind === 'shuffle' && (typeof out!.shuffleId !== 'number' || typeof out!.partitioning !== 'object' || out!.partitioning === null)) {
    fail('a shuffle output needs "shuffleId" and "partitioning"');
  }
  if (out!.kind === 'cache' && typeof out!.cacheId !== 'string') fail('a cache output needs a string "cacheId"');
  const conf = t.conf as Record<string, unknown> | undefined;
  if (conf === null || typeof conf !== 'object' || typeof conf.batchSize !== 'number') fail('field "conf" must be an object with a numeric "batchSize"');
  return body as Task;
}
