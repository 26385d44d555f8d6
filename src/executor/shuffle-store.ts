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
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
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

/** Writes a map task's pieces as one data file plus index; returns the size of every piece. */
export async function writeMapOutput(workDir: string, shuffleId: number, mapPartition: number, pieces: readonly Uint8Array[]): Promise<number[]> {
  await mkdir(shuffleDir(workDir, shuffleId), { recursive: true });
  const offsets = new Float64Array(pieces.length + 1);
  for (let i = 0; i < pieces.length; i++) offsets[i + 1] = offsets[i]! + pieces[i]!.byteLength;
  const tag = randomBytes(6).toString('hex');
  const dataPath = mapDataPath(workDir, shuffleId, mapPartition);
  const indexPath = mapIndexPath(workDir, shuffleId, mapPartition);
  const dataTmp = `${dataPath}.${tag}.tmp`;
  const indexTmp = `${indexPath}.${tag}.tmp`;
  try {
    const fh = await open(dataTmp, 'w');
    try {
      const nonEmpty = pieces.filter((p) => p.byteLength > 0);
      // writev takes a bounded number of buffers per call on some platforms: go in chunks.
      for (let i = 0; i < nonEmpty.length; i += 512) await fh.writev(nonEmpty.slice(i, i + 512));
    } finally {
      await fh.close();
    }
    const idx = Buffer.alloc(offsets.length * 8);
    for (let i = 0; i < offsets.length; i++) idx.writeDoubleLE(offsets[i]!, i * 8);
    await writeFileAtomic(indexTmp, idx);
    await rename(dataTmp, dataPath);
    await rename(indexTmp, indexPath);
  } catch (e) {
    await unlink(dataTmp).catch(() => {});
    await unlink(indexTmp).catch(() => {});
    throw e;
  }
  return pieces.map((p) => p.byteLength);
}

async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.write(bytes);
  } finally {
    await fh.close();
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

/** Reads one piece from this store's disk; null when it is not here. */
export async function readPieceLocal(workDir: string, shuffleId: number, mapPartition: number, reduce: number): Promise<Uint8Array | null> {
  const offsets = await readMapIndex(workDir, shuffleId, mapPartition);
  if (offsets === null) return null;
  const range = pieceRange(offsets, reduce);
  if (range === null) return null;
  const out = new Uint8Array(range.end - range.start);
  if (out.length === 0) return out;
  const fh = await open(mapDataPath(workDir, shuffleId, mapPartition), 'r');
  try {
    let got = 0;
    while (got < out.length) {
      const { bytesRead } = await fh.read(out, got, out.length - got, range.start + got);
      if (bytesRead === 0) throw new Error(`shuffle ${shuffleId} map ${mapPartition}: data file shorter than its index`);
      got += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return out;
}

/** Removes every file of a shuffle from this store. */
export async function dropShuffleFiles(workDir: string, shuffleId: number): Promise<void> {
  await rm(shuffleDir(workDir, shuffleId), { recursive: true, force: true });
}
