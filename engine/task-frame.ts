/**
 * The task frame: how a Task travels from the driver to whoever runs it, in every mode (the
 * in-process backend encodes and decodes it too, so what runs in a test is what runs in a
 * cluster). Byte blocks of the task (Uint8Array values anywhere in it: inline partitions,
 * range bounds) travel as binary attachments beside the JSON, never as base64 inside it.
 *
 * Layout (protocol 2), all integers big-endian:
 *
 *     0   "RNDT"                      magic
 *     4   u32 protocol                WIRE_PROTOCOL of the sender
 *     8   u32 n                       length of the header (space-padded so 12 + n is a multiple of 8)
 *     12  header JSON                 TaskFrameHeader: ids, cached splits, body length, attachment paths
 *     ..  body JSON                   the rest of the Task, byte blocks left as null; space-padded to 8
 *     ..  attachment 0, 1, …          each starting 8-byte aligned (zero padding), in header order
 *
 * The header is small on purpose: the executor's main thread reads only it (ids, and the cached
 * partitions to gather), and the task worker parses the body once. Attachments are 8-byte
 * aligned because Arrow's reader copies every message body that is not.
 */
import { InternalError } from './errors.js';
import type { Task } from './plan.js';

/**
 * The version of the driver–executor wire protocol. 1: the task was a plain JSON body and
 * /v1/health said no version. 2: the task frame of this file, and `protocol` in /v1/health.
 * A driver and an executor of different versions refuse each other with both versions named.
 */
export const WIRE_PROTOCOL = 2;

/** The content type of a task frame. */
export const TASK_FRAME_TYPE = 'application/vnd.rondo.task';

const MAGIC = [0x52, 0x4e, 0x44, 0x54]; // "RNDT"
const PREFIX = 12;

/** A cached partition a task reads (the executor gathers it before the task runs). */
export interface CachedRef {
  readonly cacheId: string;
  readonly partition: number;
  readonly location: string;
}

/** A byte block of the task: where it sits in the body (keys from the body's root) and its length. */
export interface AttachmentRef {
  readonly path: readonly (string | number)[];
  readonly bytes: number;
}

/** The JSON header of a task frame. */
export interface TaskFrameHeader {
  readonly jobId: string;
  readonly stageId: number;
  readonly partition: number;
  readonly attempt: number;
  /** Every cached split anywhere in the task. */
  readonly cached: readonly CachedRef[];
  /** Bytes of the body JSON (without its padding). */
  readonly body: number;
  readonly attachments: readonly AttachmentRef[];
}

/** Encodes a task as one frame. */
export function encodeTaskFrame(task: Task): Uint8Array {
  const { jobId, stageId, partition, attempt, ...rest } = task;
  const blocks: Uint8Array[] = [];
  const attachments: AttachmentRef[] = [];
  const cached: CachedRef[] = [];
  const body = strip(rest, [], blocks, attachments, cached);
  const bodyJson = Buffer.from(JSON.stringify(body), 'utf8');
  const header: TaskFrameHeader = { jobId, stageId, partition, attempt, cached, body: bodyJson.length, attachments };
  const headJson = Buffer.from(JSON.stringify(header), 'utf8');
  const n = pad8(PREFIX + headJson.length) - PREFIX;
  let size = PREFIX + n + pad8(bodyJson.length);
  for (const b of blocks) size += pad8(b.byteLength);
  const out = new Uint8Array(size);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, WIRE_PROTOCOL, false);
  view.setUint32(8, n, false);
  out.set(headJson, PREFIX);
  out.fill(0x20, PREFIX + headJson.length, PREFIX + n);
  let at = PREFIX + n;
  out.set(bodyJson, at);
  out.fill(0x20, at + bodyJson.length, at + pad8(bodyJson.length));
  at += pad8(bodyJson.length);
  for (const b of blocks) {
    out.set(b, at);
    at += pad8(b.byteLength);
  }
  return out;
}

/**
 * Reads the protocol and the header of a frame, without its body. Throws InternalError saying
 * what is wrong: not a frame (a JSON body is what a protocol 1 driver sends), another protocol
 * version (both named), a truncated or malformed header.
 */
export function readTaskFrameHeader(frame: Uint8Array, reader = 'the reader'): TaskFrameHeader {
  if (frame.byteLength < PREFIX || MAGIC.some((b, i) => frame[i] !== b)) {
    const jsonLike = frame.byteLength > 0 && frame[0] === 0x7b; // '{'
    throw new InternalError(jsonLike
      ? `the task is a JSON body, as a driver of rondo wire protocol 1 sends; ${reader} speaks rondo wire protocol ${WIRE_PROTOCOL}`
      : `the task is not a rondo task frame (${frame.byteLength} bytes, no "RNDT" magic); ${reader} speaks rondo wire protocol ${WIRE_PROTOCOL}`,
    { protocol: WIRE_PROTOCOL });
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const protocol = view.getUint32(4, false);
  if (protocol !== WIRE_PROTOCOL) {
    throw new InternalError(`the task speaks rondo wire protocol ${protocol}, ${reader} speaks ${WIRE_PROTOCOL}`, { protocol: WIRE_PROTOCOL, got: protocol });
  }
  const n = view.getUint32(8, false);
  if (PREFIX + n > frame.byteLength) throw new InternalError(`truncated task frame: a header of ${n} bytes in a frame of ${frame.byteLength}`);
  let header: TaskFrameHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(frame.subarray(PREFIX, PREFIX + n))) as TaskFrameHeader;
  } catch (e) {
    throw new InternalError(`malformed task frame: the header is not JSON (${(e as Error).message})`);
  }
  checkHeader(header, frame.byteLength - PREFIX - n);
  return header;
}

/**
 * Decodes a whole frame into its Task: the body is parsed once, and every attachment becomes
 * a Uint8Array view into `frame` (no copy), 8-byte aligned when `frame` is.
 */
export function decodeTaskFrame(frame: Uint8Array): Task {
  const header = readTaskFrameHeader(frame);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  let at = PREFIX + view.getUint32(8, false);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(new TextDecoder().decode(frame.subarray(at, at + header.body))) as Record<string, unknown>;
  } catch (e) {
    throw new InternalError(`malformed task frame: the body is not JSON (${(e as Error).message})`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InternalError('malformed task frame: the body is not a JSON object');
  at += pad8(header.body);
  for (const [i, a] of header.attachments.entries()) {
    place(body, a.path, frame.subarray(at, at + a.bytes), i);
    at += pad8(a.bytes);
  }
  return { ...body, jobId: header.jobId, stageId: header.stageId, partition: header.partition, attempt: header.attempt } as unknown as Task;
}

/**
 * `value` with every Uint8Array replaced by null (copying only the objects on the way to one),
 * the blocks and their paths appended to `blocks` and `refs`, the cached splits to `cached`.
 */
function strip(value: unknown, path: (string | number)[], blocks: Uint8Array[], refs: AttachmentRef[], cached: CachedRef[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) {
    blocks.push(value);
    refs.push({ path: [...path], bytes: value.byteLength });
    return null;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (v === null || typeof v !== 'object') continue;
      path.push(i);
      const s = strip(v, path, blocks, refs, cached);
      path.pop();
      if (s !== v) (copy ??= value.slice())[i] = s;
    }
    return copy ?? value;
  }
  const o = value as Record<string, unknown>;
  if (o.kind === 'cached' && typeof o.cacheId === 'string' && typeof o.partition === 'number') {
    cached.push({ cacheId: o.cacheId, partition: o.partition, location: typeof o.location === 'string' ? o.location : '' });
  }
  let copy: Record<string, unknown> | null = null;
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === null || typeof v !== 'object') continue;
    path.push(k);
    const s = strip(v, path, blocks, refs, cached);
    path.pop();
    if (s !== v) (copy ??= { ...o })[k] = s;
  }
  return copy ?? value;
}

/** Puts attachment `i` at `path` in `body`, where the encoder left a null. */
function place(body: Record<string, unknown>, path: readonly (string | number)[], bytes: Uint8Array, i: number): void {
  let holder: unknown = body;
  for (let k = 0; k < path.length - 1; k++) {
    holder = holder !== null && typeof holder === 'object' ? (holder as Record<string | number, unknown>)[path[k]!] : undefined;
  }
  const last = path[path.length - 1];
  if (last === undefined || holder === null || typeof holder !== 'object' || (holder as Record<string | number, unknown>)[last] !== null) {
    throw new InternalError(`malformed task frame: attachment ${i} points at ${JSON.stringify(path)}, which is not a null in the body`);
  }
  (holder as Record<string | number, unknown>)[last] = bytes;
}

function checkHeader(h: TaskFrameHeader, room: number): void {
  const fail = (what: string): never => {
    throw new InternalError(`malformed task: ${what}`);
  };
  if (h === null || typeof h !== 'object' || Array.isArray(h)) fail('the frame header is not a JSON object');
  if (typeof h.jobId !== 'string') fail('field "jobId" must be a string');
  for (const k of ['stageId', 'partition', 'attempt'] as const) {
    if (typeof h[k] !== 'number' || !Number.isInteger(h[k]) || h[k] < 0) fail(`field "${k}" must be a non-negative integer`);
  }
  if (!Array.isArray(h.cached) || !h.cached.every((c) => c !== null && typeof c === 'object' && typeof c.cacheId === 'string' && Number.isInteger(c.partition) && typeof c.location === 'string')) {
    fail('the frame header\'s "cached" must be a list of { cacheId, partition, location }');
  }
  if (!Number.isInteger(h.body) || h.body < 0) fail('the frame header\'s "body" must be a byte length');
  if (!Array.isArray(h.attachments)) fail('the frame header\'s "attachments" must be a list');
  let need = pad8(h.body);
  for (const [i, a] of h.attachments.entries()) {
    if (a === null || typeof a !== 'object' || !Array.isArray(a.path) || a.path.length === 0 || !Number.isInteger(a.bytes) || a.bytes < 0
      || !a.path.every((p) => typeof p === 'string' || (Number.isInteger(p) && p >= 0))) {
      fail(`attachment ${i} in the frame header must be { path: [keys], bytes }`);
    }
    need += pad8(a.bytes);
  }
  if (need > room) fail(`truncated task frame: the header announces ${need} bytes of body and attachments, ${room} follow it`);
}

function pad8(n: number): number {
  return n + ((8 - (n % 8)) % 8);
}
