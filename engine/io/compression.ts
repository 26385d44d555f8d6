/**
 * Compressed text inputs, known by their file extension as in Spark: `.gz` is read through
 * node:zlib (a stream, so a gzip file is one split: gzip cannot be read from the middle).
 * Other codecs are a SourceError saying what is supported, never garbage rows.
 */
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { DataError, InternalError, SourceError } from '../errors.js';

/** The codecs rondo decompresses. */
export type Compression = 'gzip';

/** Extensions of codecs Spark or Hadoop know that rondo does not read (yet). */
const UNSUPPORTED: Record<string, string> = {
  '.bz2': 'bzip2', '.zst': 'zstd', '.zstd': 'zstd', '.xz': 'xz', '.lz4': 'lz4', '.snappy': 'snappy',
  '.deflate': 'deflate', '.zip': 'zip', '.br': 'brotli', '.lzo': 'lzo', '.z': 'compress',
};

/**
 * The codec of a text file by its extension (null: not compressed). A compressed file rondo
 * cannot read is a SourceError naming it and what is supported.
 */
export function compressionOf(path: string): Compression | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.gz') || lower.endsWith('.gzip')) return 'gzip';
  const dot = lower.lastIndexOf('.');
  const codec = dot < 0 ? undefined : UNSUPPORTED[lower.slice(dot)];
  if (codec !== undefined) {
    throw new SourceError(`cannot read ${path}: ${codec}-compressed files are not supported; CSV and JSON files may be plain or gzip-compressed (.gz)`, { path });
  }
  return null;
}

/**
 * Reads the decompressed bytes of a gzip file in order, through the positional `read` of a
 * file handle (so the line readers need not know): several gzip members one after another are
 * one stream, as gzip itself reads them. A file that is not valid gzip is a DataError naming it.
 */
export class GunzipSource {
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly gz: Gunzip;
  private pending: Buffer | null = null;
  private used = 0;
  private pos = 0;

  constructor(private readonly path: string, private readonly fh: FileHandle) {
    this.gz = createGunzip();
    // pipeline passes a read error on to the gunzip stream, so the loop below sees it.
    pipeline(fh.createReadStream({ autoClose: false }), this.gz, () => undefined);
    this.chunks = this.gz[Symbol.asyncIterator]();
  }

  /** Copies the next decompressed bytes into `buffer`; `position` must follow on from the previous read. */
  async read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    if (position !== this.pos) throw new InternalError(`${this.path}: a gzip file is read from its start in order (asked for byte ${position} at ${this.pos})`);
    let n = 0;
    while (n < length) {
      if (this.pending === null || this.used >= this.pending.length) {
        let r: IteratorResult<Buffer>;
        try {
          r = await this.chunks.next();
        } catch (e) {
          throw new DataError(`cannot decompress ${this.path}: not a valid gzip file (${(e as Error).message}) after ${this.pos + n} bytes of text`, { path: this.path }, { cause: e });
        }
        if (r.done === true) break;
        this.pending = r.value;
        this.used = 0;
        continue;
      }
      const k = Math.min(length - n, this.pending.length - this.used);
      this.pending.copy(buffer, offset + n, this.used, this.used + k);
      this.used += k;
      n += k;
    }
    this.pos += n;
    return { bytesRead: n };
  }

  /** Stops decompressing and closes the file. */
  async close(): Promise<void> {
    this.gz.destroy();
    await this.fh.close();
  }
}
