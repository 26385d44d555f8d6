/**
 * The on-disk shuffle store of an executor.
 *
 * A map task's output is ONE file per (shuffle, map): a header that indexes it, then the
 * reduce pieces (Arrow IPC streams) one after another. The header is a little-endian uint32
 * n = R+1, 4 bytes of padding, then n float64 byte offsets into the file, so that piece r is
 * the byte range [offsets[r], offsets[r+1]). One file rather than data plus index halves the
 * file creations, the costly part of a small map task. It is written under a temporary name
 * and renamed, so a reader finds complete output or none, and a retried map attempt replaces
 * it atomically.
 */
import { closeSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync, writevSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** The folder of one shuffle's files. */
export function shuffleDir(workDir: string, shuffleId: number): string {
  return join(workDir, `shuffle-${shuffleId}`);
}

/** The data file of one map output. */
export function mapDataPath(workDir: string, shuffleId: number, mapPartition: number): string {
  return join(shuffleDir(workDir, shuffleId), `map-${mapPartition}.data`);
}

/** Shuffle folders this thread knows exist (a folder dropped meanwhile is made again on ENOENT). */
const madeDirs = new Set<string>();
let tmpSeq = 0;

/** The header of a map output with these piece sizes: n = R+1, padding, absolute offsets. */
function encodeHeader(sizes: readonly number[]): Uint8Array {
  const n = sizes.length + 1;
  const head = Buffer.alloc(8 + 8 * n);
  head.writeUInt32LE(n, 0);
  let at = head.length;
  for (let r = 0; r <= sizes.length; r++) {
    head.writeDoubleLE(at, 8 + 8 * r);
    at += sizes[r] ?? 0;
  }
  return head;
}

/** The offsets of a header whose first 8 bytes are `first`, read by `readAt(buffer, position)`. */
function decodeOffsets(first: Buffer, readAt: (into: Buffer, position: number) => number, where: string): Float64Array {
  const n = first.readUInt32LE(0);
  if (n < 1 || n > 1e8) throw new Error(`${where}: corrupt header (n = ${n})`);
  const buf = Buffer.alloc(8 * n);
  if (readAt(buf, 8) !== buf.length) throw new Error(`${where}: file shorter than its header`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = buf.readDoubleLE(8 * i);
  return out;
}

/**
 * Writes a map task's pieces as one indexed file; returns the size of every piece. The file
 * calls are synchronous on purpose: this runs on a task worker thread, where a few direct
 * syscalls cost far less than as many thread-pool round trips of the async API.
 */
export async function writeMapOutput(workDir: string, shuffleId: number, mapPartition: number, pieces: readonly Uint8Array[]): Promise<number[]> {
  const dir = shuffleDir(workDir, shuffleId);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const sizes = pieces.map((p) => p.byteLength);
  const path = mapDataPath(workDir, shuffleId, mapPartition);
  // Unique per process, thread and write: concurrent attempts of one map never share a temporary file.
  const tmp = `${path}.${process.pid}-${threadId}-${++tmpSeq}.tmp`;
  try {
    let fd: number;
    try {
      fd = openSync(tmp, 'w');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(dir, { recursive: true });
      fd = openSync(tmp, 'w');
    }
    try {
      const all = [encodeHeader(sizes), ...pieces.filter((p) => p.byteLength > 0)];
      // writev takes a bounded number of buffers per call on some platforms: go in chunks.
      for (let i = 0; i < all.length; i += 512) {
        const chunk = all.slice(i, i + 512);
        const want = chunk.reduce((n, p) => n + p.byteLength, 0);
        const wrote = writevSync(fd, chunk);
        // A short write (rare: a signal, a full disk) finishes piece by piece.
        if (wrote < want) writeRest(fd, chunk, wrote);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* not there */ }
    throw e;
  }
  return sizes;
}

/** Writes what a short writev left of `chunk`, `done` bytes in. */
function writeRest(fd: number, chunk: readonly Uint8Array[], done: number): void {
  let skip = done;
  for (const p of chunk) {
    if (skip >= p.byteLength) { skip -= p.byteLength; continue; }
    let off = skip;
    skip = 0;
    while (off < p.byteLength) off += writeSync(fd, p, off, p.byteLength - off);
  }
}

/** The offsets of a map output (n = R+1 absolute file offsets), or null when this store does not hold it. */
export async function readMapIndex(workDir: string, shuffleId: number, mapPartition: number): Promise<Float64Array | null> {
  const path = mapDataPath(workDir, shuffleId, mapPartition);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const first = Buffer.alloc(8);
    if ((await fh.read(first, 0, 8, 0)).bytesRead !== 8) throw new Error(`${path}: file shorter than its header`);
    const n = first.readUInt32LE(0);
    if (n < 1 || n > 1e8) throw new Error(`${path}: corrupt header (n = ${n})`);
    const buf = Buffer.alloc(8 * n);
    if ((await fh.read(buf, 0, buf.length, 8)).bytesRead !== buf.length) throw new Error(`${path}: file shorter than its header`);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = buf.readDoubleLE(8 * i);
    return out;
  } finally {
    await fh.close();
  }
}

/** The byte range [start, end) of piece `reduce`, or null when the map output or the piece is not here. */
export function pieceRange(offsets: Float64Array, reduce: number): { start: number; end: number } | null {
  if (!Number.isInteger(reduce) || reduce < 0 || reduce + 1 >= offsets.length) return null;
  return { start: offsets[reduce]!, end: offsets[reduce + 1]! };
}

/** Reads one piece from this store's disk; null when it is not here. Synchronous file calls, for a worker thread (see writeMapOutput). */
export async function readPieceLocal(workDir: string, shuffleId: number, mapPartition: number, reduce: number): Promise<Uint8Array | null> {
  const path = mapDataPath(workDir, shuffleId, mapPartition);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const readAt = (into: Buffer, position: number): number => {
      let got = 0;
      while (got < into.length) {
        const n = readSync(fd, into, got, into.length - got, position + got);
        if (n === 0) break;
        got += n;
      }
      return got;
    };
    const first = Buffer.alloc(8);
    if (readAt(first, 0) !== 8) throw new Error(`${path}: file shorter than its header`);
    const range = pieceRange(decodeOffsets(first, readAt, path), reduce);
    if (range === null) return null;
    const out = Buffer.alloc(range.end - range.start);
    if (out.length > 0 && readAt(out, range.start) !== out.length) {
      throw new Error(`shuffle ${shuffleId} map ${mapPartition}: data file shorter than its index`);
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } finally {
    closeSync(fd);
  }
}

/** Removes every file of a shuffle from this store. */
export async function dropShuffleFiles(workDir: string, shuffleId: number): Promise<void> {
  await rm(shuffleDir(workDir, shuffleId), { recursive: true, force: true });
}
