/**
 * The on-disk shuffle store of an executor.
 *
 * A map task's output is ONE data file per (shuffle, map): the reduce pieces one after another,
 * plus an index file of R+1 byte offsets (float64, little endian) so that piece r is the byte range
 * [offsets[r], offsets[r+1]). Files are written under a temporary name and renamed, data before
 * index, so a reader that finds the index always finds complete data; a retried map attempt
 * replaces the files atomically.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync, writeSync, writevSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The folder of one shuffle's files. */
export function shuffleDir(workDir: string, shuffleId: number): string {
  return join(workDir, `shuffle-${shuffleId}`);
}

/** The data file of one map output. */
export function mapDataPath(workDir: string, shuffleId: number, mapPartition: number): string {
  return join(shuffleDir(workDir, shuffleId), `map-${mapPartition}.data`);
}

/** The index file of one map output. */
export function mapIndexPath(workDir: string, shuffleId: number, mapPartition: number): string {
  return join(shuffleDir(workDir, shuffleId), `map-${mapPartition}.index`);
}

/** Shuffle folders this thread knows exist (a folder dropped meanwhile is made again on ENOENT). */
const madeDirs = new Set<string>();

/**
 * Writes a map task's pieces as one data file plus index; returns the size of every piece.
 * The file calls are synchronous on purpose: this runs on a task worker thread, where a few
 * direct syscalls cost far less than as many thread-pool round trips of the async API.
 */
export async function writeMapOutput(workDir: string, shuffleId: number, mapPartition: number, pieces: readonly Uint8Array[]): Promise<number[]> {
  const dir = shuffleDir(workDir, shuffleId);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  const offsets = new Float64Array(pieces.length + 1);
  for (let i = 0; i < pieces.length; i++) offsets[i + 1] = offsets[i]! + pieces[i]!.byteLength;
  const tag = randomBytes(6).toString('hex');
  const dataPath = mapDataPath(workDir, shuffleId, mapPartition);
  const indexPath = mapIndexPath(workDir, shuffleId, mapPartition);
  const dataTmp = `${dataPath}.${tag}.tmp`;
  const indexTmp = `${indexPath}.${tag}.tmp`;
  try {
    let fd: number;
    try {
      fd = openSync(dataTmp, 'w');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(dir, { recursive: true });
      fd = openSync(dataTmp, 'w');
    }
    try {
      const nonEmpty = pieces.filter((p) => p.byteLength > 0);
      // writev takes a bounded number of buffers per call on some platforms: go in chunks.
      for (let i = 0; i < nonEmpty.length; i += 512) {
        const chunk = nonEmpty.slice(i, i + 512);
        const want = chunk.reduce((n, p) => n + p.byteLength, 0);
        const wrote = writevSync(fd, chunk);
        // A short write (rare: a signal, a full disk) finishes piece by piece.
        if (wrote < want) writeRest(fd, chunk, wrote);
      }
    } finally {
      closeSync(fd);
    }
    writeFileSync(indexTmp, new Uint8Array(offsets.buffer));
    renameSync(dataTmp, dataPath);
    renameSync(indexTmp, indexPath);
  } catch (e) {
    try { unlinkSync(dataTmp); } catch { /* not there */ }
    try { unlinkSync(indexTmp); } catch { /* not there */ }
    throw e;
  }
  return pieces.map((p) => p.byteLength);
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

/** The offsets of a map output, or null when this store does not hold it. */
export async function readMapIndex(workDir: string, shuffleId: number, mapPartition: number): Promise<Float64Array | null> {
  let buf: Buffer;
  try {
    buf = await readFile(mapIndexPath(workDir, shuffleId, mapPartition));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const out = new Float64Array(buf.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = buf.readDoubleLE(i * 8);
  return out;
}

/** The byte range [start, end) of piece `reduce`, or null when the map output or the piece is not here. */
export function pieceRange(offsets: Float64Array, reduce: number): { start: number; end: number } | null {
  if (!Number.isInteger(reduce) || reduce < 0 || reduce + 1 >= offsets.length) return null;
  return { start: offsets[reduce]!, end: offsets[reduce + 1]! };
}

/** Reads one piece from this store's disk; null when it is not here. Synchronous file calls, for a worker thread (see writeMapOutput). */
export async function readPieceLocal(workDir: string, shuffleId: number, mapPartition: number, reduce: number): Promise<Uint8Array | null> {
  let idx: Buffer;
  try {
    idx = readFileSync(mapIndexPath(workDir, shuffleId, mapPartition));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const offsets = new Float64Array(idx.length / 8);
  for (let i = 0; i < offsets.length; i++) offsets[i] = idx.readDoubleLE(i * 8);
  const range = pieceRange(offsets, reduce);
  if (range === null) return null;
  const out = new Uint8Array(range.end - range.start);
  if (out.length === 0) return out;
  const fd = openSync(mapDataPath(workDir, shuffleId, mapPartition), 'r');
  try {
    let got = 0;
    while (got < out.length) {
      const n = readSync(fd, out, got, out.length - got, range.start + got);
      if (n === 0) throw new Error(`shuffle ${shuffleId} map ${mapPartition}: data file shorter than its index`);
      got += n;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Removes every file of a shuffle from this store. */
export async function dropShuffleFiles(workDir: string, shuffleId: number): Promise<void> {
  await rm(shuffleDir(workDir, shuffleId), { recursive: true, force: true });
}
