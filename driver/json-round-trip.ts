/**
 * Proof that a task is plain data: it goes through JSON.stringify/JSON.parse and comes back
 * equal (numbers by Object.is, so NaN, ±Infinity and -0 count as changed; typed arrays, Maps,
 * Dates, functions, bigints are not allowed). An optional property set to undefined counts as
 * absent.
 */
import { InternalError } from '../engine/errors.js';

/** Serializes `value` to JSON and parses it back; throws InternalError naming the first path that changed. */
export function jsonRoundTrip<T>(value: T, what: string): T {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new InternalError(`${what} cannot be serialized to JSON: ${(e as Error).message}`, {}, { cause: e });
  }
  const back = JSON.parse(text) as T;
  const where = firstDifference(value, back, '$');
  if (where !== null) throw new InternalError(`${what} does not survive the JSON round trip: ${where}`, { path: where });
  return back;
}

/**
 * The path of the first difference between `a` and its round trip `b`, or null. A Uint8Array
 * must come back a Uint8Array of the same bytes (the task frame carries them as attachments).
 */
export function firstDifference(a: unknown, b: unknown, path: string): string | null {
  switch (typeof a) {
    case 'number':
      return Object.is(a, b) ? null : `${path} was ${String(a)}, came back ${JSON.stringify(b)}`;
    case 'string':
    case 'boolean':
      return a === b ? null : `${path} changed`;
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      return `${path} is a ${typeof a}`;
  }
  if (a === null) return b === null ? null : `${path} changed`;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || b.length !== a.length) return `${path} (array) changed`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array)) return `${path} is a ${a.constructor.name}, not plain data`;
    return Buffer.compare(a, b) === 0 ? null : `${path} (${a.byteLength} bytes) came back as other bytes (${b.byteLength})`;
  }
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.prototype && proto !== null) {
    return `${path} is a ${(a as object).constructor?.name ?? 'non-plain object'}, not plain data`;
  }
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return `${path} (object) changed`;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  for (const k of keys) {
    const d = firstDifference(ao[k], bo[k], `${path}.${k}`);
    if (d !== null) return d;
  }
  if (keys.length !== Object.keys(bo).length) return `${path} has different keys after the round trip`;
  return null;
}
