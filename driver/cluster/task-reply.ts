/**
 * Decodes the executor's answer to POST /v1/tasks (the layout is written by
 * executor/task-wire.ts): a 4-byte big-endian length n, n bytes of JSON header, then the
 * payload (the IPC stream of a result or sample task).
 */
import { errorFromJson, InternalError, type ErrorJson } from '../../engine/errors.js';
import type { TaskRunResult } from '../backend.js';

/** The header of a task reply. */
type ReplyHeader =
  | { readonly ok: true; readonly result: { readonly kind: string; readonly rows: number; readonly sizes?: number[]; readonly files?: string[]; readonly bytes?: number } }
  | { readonly ok: false; readonly error: ErrorJson };

/** Turns a reply body into the TaskRunResult, or throws the task's rebuilt typed error. */
export function decodeTaskReply(body: Uint8Array, location: string): TaskRunResult {
  if (body.byteLength < 4) throw new InternalError(`executor ${location} sent a task reply of ${body.byteLength} bytes, too short for its header`);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const n = view.getUint32(0, false);
  if (4 + n > body.byteLength) throw new InternalError(`executor ${location} sent a truncated task reply (header of ${n} bytes, body of ${body.byteLength})`);
  let header: ReplyHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(body.subarray(4, 4 + n))) as ReplyHeader;
  } catch (e) {
    throw new InternalError(`executor ${location} sent a task reply whose header is not JSON: ${(e as Error).message}`);
  }
  if (!header.ok) throw errorFromJson(header.error);
  const r = header.result;
  const payload = body.subarray(4 + n);
  switch (r.kind) {
    case 'shuffle':
      return { kind: 'shuffle', sizes: r.sizes ?? [], rows: r.rows, location };
    case 'result':
    case 'sample':
      return { kind: r.kind, ipc: payload, rows: r.rows, location };
    case 'write':
      return { kind: 'write', files: r.files ?? [], rows: r.rows, location };
    case 'cache':
      return { kind: 'cache', rows: r.rows, bytes: r.bytes ?? 0, location };
    default:
      throw new InternalError(`executor ${location} sent a task reply of unknown kind "${r.kind}"`);
  }
}
