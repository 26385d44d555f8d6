/**
 * Lines of one byte range of a JSON Lines file, streamed in chunks, parsed with JSON.parse
 * (integers past ±2^53 exactly, as bigints: json-big-ints.ts).
 * Same ownership rule as CSV: a line belongs to the range holding its first byte. Blank
 * lines are skipped; a line that is not a JSON object is a DataError with file and line.
 */
import { lineAt, openText, ChunkReader } from './file-access.js';
import { DataError } from '../errors.js';
import { parseJsonExact } from './json-big-ints.js';

/** The objects of one chunk of lines and the file offset of each one's line. */
export interface JsonChunk {
  readonly objs: Record<string, unknown>[];
  readonly offsets: number[];
}

/** Yields, chunk by chunk, the JSON objects whose line starts in [start, end), with their file offsets. */
export async function* jsonObjects(path: string, start: number, end: number): AsyncGenerator<JsonChunk> {
  const fh = await openText(path);
  try {
    const r = new ChunkReader(fh, start > 0 ? start - 1 : 0);
    await r.more(0);
    let pos = 0;
    if (start > 0) {
      for (;;) {
        const nl = r.buf.indexOf(10, pos);
        if (nl !== -1 && nl < r.len) { pos = nl + 1; break; }
        pos = r.len;
        if (!(await r.more(pos))) return;
        pos = 0;
      }
    } else if (r.len >= 3 && r.buf[0] === 0xef && r.buf[1] === 0xbb && r.buf[2] === 0xbf) {
      pos = 3;
    }
    for (;;) {
      const objs: Record<string, unknown>[] = [];
      const offsets: number[] = [];
      let done = false;
      for (;;) {
        if (r.base + pos >= end) { done = true; break; }
        let nl = r.buf.indexOf(10, pos);
        if (nl >= r.len) nl = -1;
        if (nl === -1 && !r.eof) break;
        const lineEnd = nl === -1 ? r.len : nl;
        if (lineEnd <= pos && nl === -1) { done = true; break; }
        const text = r.buf.toString('utf8', pos, lineEnd);
        const offset = r.base + pos;
        pos = nl === -1 ? r.len : nl + 1;
        if (text.trim() === '') continue;
        let obj: unknown;
        try {
          obj = parseJsonExact(text);
        } catch (e) {
          const line = await lineAt(path, offset);
          throw new DataError(`invalid JSON in ${path} line ${line}: ${(e as Error).message}`, { path, line });
        }
        if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
          const line = await lineAt(path, offset);
          throw new DataError(`invalid JSON Lines record in ${path} line ${line}: expected an object, found ${text.length > 60 ? text.slice(0, 60) + '…' : text}`, { path, line });
        }
        objs.push(obj as Record<string, unknown>);
        offsets.push(offset);
      }
      if (objs.length > 0) yield { objs, offsets };
      if (done) return;
      // Only reached when the buffer ends mid-line and the file has more.
      await r.more(pos);
      pos = 0;
    }
  } finally {
    await fh.close();
  }
}
