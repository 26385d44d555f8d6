/**
 * JSON.parse keeps every digit of an integer: literals past ±2^53 come back as `bigint`
 * instead of a rounded double (JSON.parse alone would round 19-digit IDs silently).
 *
 * Node 20's JSON.parse cannot show a reviver the source text, so a line holding a run of 16 or
 * more digits is parsed a second way: each such integer literal outside a string is wrapped in
 * a marker object before parsing and turned into a bigint by the reviver. Other lines take the
 * plain JSON.parse path.
 */

/** The marker key: a NUL-led name no JSON Lines producer writes. */
const MARK = '\u0000int';

// A string (skipped whole), or an integer literal of 16+ digits: not part of a fraction or an
// exponent (nothing numeric before it) and not followed by one.
const LITERALS = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])(-?\d{16,})(?=\s*[,}\]]|\s*$)/g;

function revive(this: unknown, _key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const digits = (v as Record<string, unknown>)[MARK];
    if (typeof digits === 'string' && Object.keys(v).length === 1) return BigInt(digits);
  }
  return v;
}

/**
 * Parses one JSON text like JSON.parse, but an integer literal that a double cannot hold
 * exactly is a `bigint`.
 *
 * @example parseJsonExact('{"id": 12345678901234567891}')  // { id: 12345678901234567891n }
 */
export function parseJsonExact(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  let wrapped = false;
  const marked = text.replace(LITERALS, (m: string, digits: string | undefined) => {
    if (digits === undefined || Number.isSafeInteger(Number(digits))) return m;
    wrapped = true;
    return `{"\\u0000int":"${digits}"}`; // MARK, escaped as JSON text must spell a NUL
  });
  return wrapped ? JSON.parse(marked, revive) : JSON.parse(text);
}

/** JSON text of a value that may hold bigints: each written as its exact integer literal. */
export function stringifyJsonExact(v: unknown): string {
  const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${MARK}:${x}` : x));
  // The replacer can only give strings; unquote the marked ones back into literals.
  return text.includes('\\u0000int:') ? text.replace(/"\\u0000int:(-?\d+)"/g, '$1') : text;
}
