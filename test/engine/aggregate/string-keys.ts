/**
 * Test helpers for string keys as bytes: byte dictionaries written by hand, random strings,
 * and batches whose string columns are re-encoded as byte dictionaries or share one dictionary.
 */
import type { Batch, StrVec, Utf8Dict, Vec } from '../../../engine/batch.js';
import { encodeUtf8Dict, utf8StrVec } from '../../../engine/kernels/index.js';

/**
 * A byte dictionary of `strings` written with TextEncoder (independent of encodeUtf8Dict),
 * its offsets starting at `pad`, with filler bytes before and after the entries.
 */
export function byteDict(strings: readonly string[], pad = 0): Utf8Dict {
  const enc = new TextEncoder();
  const parts = strings.map((s) => enc.encode(s));
  const total = parts.reduce((a, p) => a + p.length, 0);
  const bytes = new Uint8Array(pad + total + 3).fill(0x41);
  const offsets = new Int32Array(strings.length + 1);
  let o = pad;
  offsets[0] = o;
  parts.forEach((p, i) => {
    bytes.set(p, o);
    o += p.length;
    offsets[i + 1] = o;
  });
  return { offsets, bytes };
}

const PIECES = ['a', 'b', 'z', '0', ' ', 'é', 'ß', '€', '🙂', '中', 'ab', 'id000'];

/** A random string of 0 to 5 pieces (ASCII, 2-, 3- and 4-byte characters), sometimes long. */
export function randomString(rnd: () => number): string {
  let s = '';
  const n = Math.floor(rnd() * 6);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rnd() * PIECES.length)]!;
  if (rnd() < 0.05) s += 'L'.repeat(30 + Math.floor(rnd() * 40));
  return s;
}

/** How the string columns of a batch list are re-encoded. */
export type StringForm = 'strings' | 'bytes' | 'mixed' | 'shared';

/**
 * The batches with their string columns as `form` says: 'strings' as they are (plain
 * dictionaries); 'bytes' as byte dictionaries; 'mixed' bytes in every other batch; 'shared'
 * one dictionary per column for all batches (the batches' dictionaries one after the other, so
 * with duplicate and unused entries): bytes for the first string column, strings for the others.
 */
export function recode(bs: readonly Batch[], form: StringForm): Batch[] {
  if (form === 'strings') return bs.slice();
  if (form !== 'shared') {
    return bs.map((b, i) => (form === 'mixed' && i % 2 === 1 ? b : { ...b, columns: b.columns.map(toBytes) }));
  }
  const width = bs[0]?.columns.length ?? 0;
  const out = bs.map((b) => ({ ...b, columns: b.columns.slice() }));
  let firstString = true;
  for (let c = 0; c < width; c++) {
    if (bs[0]!.columns[c]!.kind !== 'str') continue;
    const union: string[] = [];
    const starts = bs.map((b) => {
      const at = union.length;
      union.push(...(b.columns[c] as StrVec).dict);
      return at;
    });
    const bytes = firstString ? encodeUtf8Dict(union) : null;
    firstString = false;
    bs.forEach((b, i) => {
      const v = b.columns[c] as StrVec;
      const codes = v.codes.map((k) => k + starts[i]!);
      out[i]!.columns[c] = bytes !== null ? utf8StrVec(bytes, codes, v.valid) : { kind: 'str', type: 'utf8', dict: union, codes, valid: v.valid };
    });
  }
  return out;
}

function toBytes(v: Vec): Vec {
  return v.kind === 'str' ? utf8StrVec(encodeUtf8Dict(v.dict), v.codes, v.valid) : v;
}
