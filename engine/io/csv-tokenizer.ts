/**
 * The CSV row scanner: finds the fields of one record in a byte buffer without decoding it.
 *
 * Handles a delimiter, a quote character, escaped quotes (doubled, or a separate escape
 * character before the quote), quoted fields holding delimiters and newlines, and LF or CRLF
 * line ends. Fields are left as byte ranges; `fieldText` decodes one when a column needs it.
 */
import { AnalysisError } from '../errors.js';
import type { CsvOptions } from '../plan.js';

/** Field was not quoted. */
export const UNQUOTED = 0;
/** Field was quoted and holds no escaped quote. */
export const QUOTED = 1;
/** Field was quoted and holds escaped quotes to undo. */
export const QUOTED_ESCAPED = 2;

/** `nextRow` result: the buffer ends before the record does; read more and call again. */
export const NEED_MORE = -1;
/** `nextRow` result: a closing quote followed by something other than a delimiter or line end. */
export const BAD_QUOTE = -2;
/** `nextRow` result: the file ends inside a quoted field. */
export const UNTERMINATED = -3;

function byteOf(s: string, what: string): number {
  const b = Buffer.from(s, 'utf8');
  if (b.length !== 1) throw new AnalysisError(`CSV ${what} must be a single ASCII character, got ${JSON.stringify(s)}`);
  return b[0]!;
}

/** Scans records; after a successful `nextRow`, fields 0..count-1 are in starts/ends/flags. */
export class CsvTokenizer {
  readonly delim: number;
  readonly quote: number;
  readonly escape: number;
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);
  /** Buffer index where the problem was found, after BAD_QUOTE / UNTERMINATED. */
  errorAt = 0;

  constructor(options: CsvOptions) {
    this.delim = byteOf(options.delimiter, 'delimiter');
    this.quote = byteOf(options.quote, 'quote');
    this.escape = byteOf(options.escape, 'escape');
  }

  private push(start: number, end: number, flag: number): void {
    if (this.count === this.starts.length) {
      const n = this.count * 2;
      const s = new Int32Array(n); s.set(this.starts); this.starts = s;
      const e = new Int32Array(n); e.set(this.ends); this.ends = e;
      const f = new Uint8Array(n); f.set(this.flags); this.flags = f;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.flags[this.count] = flag;
    this.count++;
  }

  /**
   * Scans the record starting at `pos` in buf[0..len). Returns the index just past its line
   * end (or `len` at end of file), NEED_MORE when the record may continue past `len` and the
   * file has more, or BAD_QUOTE / UNTERMINATED.
   */
  nextRow(buf: Uint8Array, pos: number, len: number, eof: boolean): number {
    const d = this.delim, q = this.quote, esc = this.escape;
    this.count = 0;
    let i = pos;
    for (;;) {
      if (i < len && buf[i] === q) {
        let j = i + 1;
        let flag = QUOTED;
        for (;;) {
          if (j >= len) {
            if (eof) { this.errorAt = i; return UNTERMINATED; }
            return NEED_MORE;
          }
          const c = buf[j];
          if (c === esc && esc !== q) {
            if (j + 1 >= len && !eof) return NEED_MORE;
            if (j + 1 < len && (buf[j + 1] === q || buf[j + 1] === esc)) { j += 2; flag = QUOTED_ESCAPED; continue; }
            j++;
            continue;
          }
          if (c === q) {
            if (j + 1 >= len && !eof) return NEED_MORE;
            if (esc === q && j + 1 < len && buf[j + 1] === q) { j += 2; flag = QUOTED_ESCAPED; continue; }
            break;
          }
          j++;
        }
        this.push(i + 1, j, flag);
        i = j + 1;
        // Spaces between a closing quote and the delimiter are dropped; anything else is an error.
        while (i < len && (buf[i] === 32 || buf[i] === 9) && buf[i] !== d) i++;
        if (i >= len && !eof) return NEED_MORE;
        if (i < len) {
          const c = buf[i];
          if (c !== d && c !== 10 && c !== 13) { this.errorAt = i; return BAD_QUOTE; }
        }
      } else {
        let j = i;
        while (j < len) {
          const c = buf[j];
          if (c === d || c === 10) break;
          j++;
        }
        if (j >= len && !eof) return NEED_MORE;
        // A CR right before the LF (or the end of file) belongs to the line end.
        const e = j > i && buf[j - 1] === 13 && (j >= len || buf[j] === 10) ? j - 1 : j;
        this.push(i, e, UNQUOTED);
        i = j;
      }
      if (i >= len) return len;
      const c = buf[i];
      if (c === d) { i++; continue; }
      if (c === 10) return i + 1;
      // c === 13 after a quoted field
      if (i + 1 >= len) return eof ? len : NEED_MORE;
      return buf[i + 1] === 10 ? i + 2 : i + 1;
    }
  }

  /** True when the last record is an empty line (skipped, as Spark does). */
  isBlankRow(): boolean {
    return this.count === 1 && this.flags[0] === UNQUOTED && this.ends[0] === this.starts[0];
  }

  /** Decodes field k of the last record as UTF-8, undoing escaped quotes. */
  fieldText(buf: Buffer, k: number): string {
    const s = buf.toString('utf8', this.starts[k], this.ends[k]);
    if (this.flags[k] !== QUOTED_ESCAPED) return s;
    const q = String.fromCharCode(this.quote), e = String.fromCharCode(this.escape);
    if (e === q) return s.split(q + q).join(q);
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      if (ch === e && i + 1 < s.length && (s[i + 1] === q || s[i + 1] === e)) { out += s[i + 1]; i++; } else out += ch;
    }
    return out;
  }
}
