/**
 * Records of one byte range of a CSV file, streamed in chunks.
 *
 * A range [start, end) owns the records whose first byte lies in it. A range that starts
 * mid-file begins after the first newline at or after `start - 1` (so a range starting right
 * on a line start keeps that line); the last record may run past `end`. Only the range at
 * byte 0 skips a UTF-8 BOM and the header.
 */
import { DataError } from '../errors.js';
import type { CsvOptions } from '../plan.js';
import { BAD_QUOTE, CsvTokenizer, NEED_MORE, UNTERMINATED } from './csv-tokenizer.js';
import { ChunkReader, lineAt, openText, type ByteSource } from './file-access.js';

/** `next()` found a record: its fields are in `tok`, its first byte at file offset `rowOffset`. */
export const ROW = 1;
/** `next()` needs `await more()` first. */
export const MORE = 2;
/** `next()`: no more records in this range. */
export const DONE = 3;

/** Streams the records of a range of a CSV file. */
export class CsvSource {
  readonly tok: CsvTokenizer;
  /** File offset of the first byte of the current record. */
  rowOffset = 0;
  /**
   * Blank lines are skipped (as Spark does), except in a one-column file where a blank line is
   * a null value (that is how a writer spells it).
   */
  keepBlankRows = false;
  /** Header field names when the range starts at byte 0 and the file has a header. */
  header: string[] | null = null;
  private reader!: ChunkReader;
  private pos = 0;
  private fh!: ByteSource;

  private constructor(readonly path: string, private readonly start: number, private readonly end: number, private readonly options: CsvOptions) {
    this.tok = new CsvTokenizer(options);
  }

  /** Opens `path` and positions on the first owned record (reading the header when there is one). */
  static async open(path: string, start: number, end: number, options: CsvOptions): Promise<CsvSource> {
    const src = new CsvSource(path, start, end, options);
    src.fh = await openText(path);
    try {
      await src.init();
    } catch (e) {
      await src.close();
      throw e;
    }
    return src;
  }

  /** The current buffer: field byte ranges of `tok` index into it. */
  get buf(): Buffer {
    return this.reader.buf;
  }

  private async init(): Promise<void> {
    const r = (this.reader = new ChunkReader(this.fh, this.start > 0 ? this.start - 1 : 0));
    await r.more(0);
    if (this.start > 0) {
      let nl = -1;
      for (;;) {
        nl = r.buf.indexOf(10, this.pos);
        if (nl !== -1 && nl < r.len) break;
        this.pos = r.len;
        if (!(await r.more(r.len))) { this.pos = r.len; return; }
        this.pos = 0;
      }
      this.pos = nl + 1;
      return;
    }
    while (r.len < 3 && !r.eof) await r.more(0);
    if (r.len >= 3 && r.buf[0] === 0xef && r.buf[1] === 0xbb && r.buf[2] === 0xbf) this.pos = 3;
    if (this.options.header) {
      for (;;) {
        const st = this.next();
        if (st === MORE) { await this.more(); continue; }
        if (st === ROW) {
          const names: string[] = [];
          for (let k = 0; k < this.tok.count; k++) names.push(this.tok.fieldText(this.buf, k));
          this.header = names;
        }
        return;
      }
    }
  }

  /** Advances to the next record of the range (see ROW, MORE, DONE); throws on a broken quote. */
  next(): number {
    const r = this.reader;
    for (;;) {
      if (r.base + this.pos >= this.end) return DONE;
      if (this.pos >= r.len) return r.eof ? DONE : MORE;
      const at = this.pos;
      const res = this.tok.nextRow(r.buf, at, r.len, r.eof);
      if (res === NEED_MORE) return MORE;
      if (res === BAD_QUOTE || res === UNTERMINATED) {
        throw new PendingLineError(r.base + (res === BAD_QUOTE ? this.tok.errorAt : at),
          res === BAD_QUOTE ? ': a closing quote must be followed by a delimiter or a line end' : ': a quoted field is not closed before the end of the file');
      }
      this.pos = res;
      this.rowOffset = r.base + at;
      if (!this.keepBlankRows && this.tok.isBlankRow()) continue;
      return ROW;
    }
  }

  /** Reads the next chunk (keeping the unfinished record). */
  async more(): Promise<void> {
    const r = this.reader;
    await r.more(this.pos);
    this.pos = 0;
  }

  /** File offset of byte `i` of the current buffer. */
  offsetOf(i: number): number {
    return this.reader.base + i;
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.fh?.close().catch(() => undefined);
  }
}

/**
 * A data problem found at a byte offset; `resolve` counts lines (async, off the hot path)
 * and makes the DataError with `file line N` in it.
 */
export class PendingLineError extends Error {
  /** `detail` follows the line number, starting with its separator (`: …` or `, column "x" …`). */
  constructor(readonly offset: number, readonly detail: string, readonly extra: Record<string, unknown> = {}) {
    super(detail);
  }

  /** The DataError naming the file and the 1-based line of `offset`. */
  async resolve(path: string, what: string): Promise<DataError> {
    const line = await lineAt(path, this.offset);
    return new DataError(`${what} in ${path} line ${line}${this.detail}`, { path, line, ...this.extra });
  }
}
