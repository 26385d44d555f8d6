/**
 * Save modes around a distributed write: tasks write into a staging folder
 * `path/_temporary/jobId`; commit moves the files into `path` (after removing the old data
 * for overwrite) and writes `_SUCCESS`; abort removes the staging folder.
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, join, relative } from 'node:path';
import { SinkError } from '../errors.js';
import { isHiddenName } from './paths.js';

/** A save mode. */
export type SaveMode = 'error' | 'overwrite' | 'append';

const TEMPORARY = '_temporary';

async function hasData(path: string): Promise<boolean> {
  const st = await stat(path).catch(() => null);
  if (st === null) return false;
  if (!st.isDirectory()) return true;
  const names = await readdir(path);
  return names.some((n) => !isHiddenName(n));
}

/**
 * Checks the target and makes the staging folder `path/_temporary/jobId`. Mode 'error' with
 * data already at `path` is a SinkError naming it; a plain file at `path` is one for every mode
 * but overwrite (whose old data is removed only at commit).
 */
export async function prepareWrite(path: string, mode: SaveMode, jobId: string): Promise<string> {
  const st = await stat(path).catch(() => null);
  if (st !== null && mode === 'error' && (await hasData(path))) {
    throw new SinkError(`path already exists: ${path} (save mode 'error'; use mode 'overwrite' or 'append')`, { path });
  }
  if (st !== null && !st.isDirectory() && mode !== 'overwrite') {
    throw new SinkError(`path is a file, not a folder: ${path} (save mode '${mode}')`, { path });
  }
  if (st !== null && !st.isDirectory()) await rm(path);
  const staging = join(path, TEMPORARY, jobId);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  return staging;
}

/** The files under a staging folder, leaving out hidden ones (unfinished `.…tmp` files of failed attempts). */
async function listFiles(dir: string, out: string[]): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (isHiddenName(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await listFiles(p, out);
    else out.push(p);
  }
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null)) !== null;
}

/** A name next to `target` that is not taken: `name-1.ext`, `name-2.ext`, … */
async function freeName(target: string): Promise<string> {
  if (!(await exists(target))) return target;
  const ext = extname(target), base = target.slice(0, target.length - ext.length);
  for (let k = 1; ; k++) {
    const t = `${base}-${k}${ext}`;
    if (!(await exists(t))) return t;
  }
}

/**
 * Moves the staged files into `path` (overwrite: old data removed first; append: kept, and a
 * name already taken gets a `-N` suffix, never clobbered), removes the staging folder and
 * writes `_SUCCESS`.
 */
export async function commitWrite(path: string, staging: string, mode: SaveMode): Promise<void> {
  if (mode === 'overwrite') {
    for (const n of await readdir(path)) {
      if (n === TEMPORARY) continue;
      await rm(join(path, n), { recursive: true, force: true });
    }
  }
  const files: string[] = [];
  await listFiles(staging, files);
  for (const f of files) {
    const target = await freeName(join(path, relative(staging, f)));
    await mkdir(dirname(target), { recursive: true });
    await rename(f, target);
  }
  await abortWrite(staging);
  await writeFile(join(path, '_SUCCESS'), '');
}

/** Removes a staging folder (and `_temporary` when it is left empty). */
export async function abortWrite(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
  const parent = dirname(staging);
  const left = await readdir(parent).catch(() => null);
  if (left !== null && left.length === 0) await rm(parent, { recursive: true, force: true });
}
