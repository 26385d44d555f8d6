/**
 * Opening files (plain or gzip) with errors that name the path, and counting lines on the error path.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { SourceError } from '../errors.js';
import { compressionOf, GunzipSource } from './compression.js';

/** Bytes read per call when streaming a file. */
export const CHUNK_BYTES = 1 << 20;

/** Opens a file for reading; a missing or unreadable file is a SourceError naming it. */
export async function openForRead(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'file does not exist' : code === 'EISDIR' ? 'path is a directory' : `cannot open file (${code ?? String(e)})`;
    throw new SourceError(`${what}: ${path}`, { path }, { cause: e });
  }
}

/** Sequential reads of a file's (decompressed) bytes: a file handle, or a decompressing reader. */
export interface ByteSource {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/**
 * Opens a text file for reading its bytes: through gunzip for `.gz` (then reads must start at
 * 0 and go in order); an unsupported codec or a missing file is a SourceError naming it.
 */
export async function openText(path: string): Promise<ByteSource> {
  const codec = compressionOf(path);
  const fh = await openForRead(path);
  return codec === 'gzip' ? new GunzipSource(path, fh) : fh;
}

/**
 * The 1-based physical line holding byte `offset` of a file: 1 + the newlines before it.
 * Only called when reporting an error, so splits never pay for it.
 */
export async function lineAt(path: string, offset: number): Promise<number> {
  const fh = await openText(path);
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let pos = 0;
    let lines = 1;
    while (pos < offset) {
      const want = Math.min(buf.length, offset - pos);
      const { bytesRead } = await fh.read(buf, 0, want, pos);
      if (bytesRead === 0) break;
      let i = buf.indexOf(10, 0);
      while (i !== -1 && i < bytesRead) {
        lines++;
        i = buf.indexOf(10, i + 1);
      }
      pos += bytesRead;
    }
    return lines;
  } finally {
    await fh.close();
  }
}

/**
 * A forward reader over a byte range of a file that keeps the unconsumed tail: `buf[pos..len)`
 * are the bytes at file offsets `base+pos …`. `more()` appends the next chunk, keeping bytes
 * from `keepFrom` on, and returns false at end of file.
 */
export class ChunkReader {
  buf: Buffer = Buffer.alloc(0);
  len = 0;
  /** File offset of buf[0]. */
  base: number;
  private next: number;
  eof = false;

  constructor(private readonly fh: ByteSource, start: number, private readonly chunk = CHUNK_BYTES) {
    this.base = start;
    this.next = start;
  }

  /** Reads the next chunk; bytes before `keepFrom` (an index into buf) are dropped. */
  async more(keepFrom: number): Promise<boolean> {
    if (this.eof) return false;
    const keep = this.len - keepFrom;
    const need = keep + this.chunk;
    let target = this.buf;
    if (target.length < need) {
      target = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    }
    if (keep > 0) this.buf.copy(target, 0, keepFrom, this.len);
    const { bytesRead } = await this.fh.read(target, keep, this.chunk, this.next);
    this.buf = target;
    this.base += keepFrom;
    this.len = keep + bytesRead;
    this.next += bytesRead;
    if (bytesRead === 0) this.eof = true;
    return bytesRead > 0;
  }
}
