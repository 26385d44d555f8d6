/**
 * Input paths: globs, directories and plain files → a sorted list of absolute data files.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob, isDynamicPattern } from 'tinyglobby';
import { SourceError } from '../errors.js';
import type { InputFile } from './partitions.js';

/**
 * Names that are not data, as in Spark: `_SUCCESS`, `_temporary`, `.crc` and other hidden
 * files; a `_`-name holding `=` is a partition folder (`_k=1`) and stays.
 */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.') || (name.startsWith('_') && !name.includes('='));
}

/** Every data file under a directory, recursively (partition folders `col=value/` included). */
async function listDataFiles(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (isHiddenName(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await listDataFiles(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** `scheme://…`: a URL rather than a local path. */
const URL_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

/** A local path for `p`: `file://` URLs become paths (as Spark accepts them); any other URL is a SourceError. */
function localPath(p: string): string {
  const m = URL_RE.exec(p);
  if (m === null) return p;
  if (m[1]!.toLowerCase() === 'file') {
    try {
      return fileURLToPath(p);
    } catch (e) {
      throw new SourceError(`cannot read ${p}: ${(e as Error).message}`, { path: p }, { cause: e });
    }
  }
  throw new SourceError(`cannot read ${p}: ${m[1]}:// paths are not supported; rondo reads local files only (a path, a glob, a directory or a file:// URL)`, { path: p });
}

/**
 * Resolves one path, a glob, or a list of them to the absolute data files, sorted and without
 * duplicates, each with the folder its partition folders count from: a directory given (or a
 * glob's matching directory) is that root; a file given or matched is its own folder's. With
 * `basePath` (Spark's option) every file counts from there, and must lie under it. A path or
 * glob matching nothing is a SourceError naming it.
 */
export async function resolveInputFiles(paths: string | readonly string[], opts: { basePath?: string } = {}): Promise<InputFile[]> {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (list.length === 0) throw new SourceError('no input paths given', {});
  const found = new Map<string, string>();
  const add = (file: string, root: string): void => {
    if (!found.has(file)) found.set(file, root);
  };
  for (const given of list) {
    const p = localPath(given);
    const before = found.size;
    if (isDynamicPattern(p)) {
      const matches = await glob([p], { absolute: true, onlyFiles: false, expandDirectories: false });
      for (const m of matches) {
        const abs = resolve(m);
        if (isHiddenName(basename(abs))) continue;
        const st = await stat(abs).catch(() => null);
        if (st === null) continue;
        if (st.isDirectory()) {
          const inner: string[] = [];
          await listDataFiles(abs, inner);
          for (const f of inner) add(f, abs);
        } else add(abs, dirname(abs));
      }
      if (found.size === before) throw new SourceError(`no files match the pattern ${given}`, { path: given });
      continue;
    }
    const abs = resolve(p);
    const st = await stat(abs).catch(() => null);
    if (st === null) throw new SourceError(`path does not exist: ${abs}`, { path: abs });
    if (st.isDirectory()) {
      const inner: string[] = [];
      await listDataFiles(abs, inner);
      if (inner.length === 0) throw new SourceError(`directory holds no data files: ${abs}`, { path: abs });
      for (const f of inner) add(f, abs);
    } else {
      add(abs, dirname(abs));
    }
  }
  let base: string | null = null;
  if (opts.basePath !== undefined) {
    base = resolve(localPath(opts.basePath));
    for (const f of found.keys()) {
      const rel = relative(base, f);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new SourceError(`basePath ${base} does not hold the input file ${f}`, { path: f });
    }
  }
  return [...found].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([path, root]) => ({ path, root: base ?? root }));
}

/** The absolute data files of one path, a glob or a list of them, sorted (see resolveInputFiles). */
export async function resolvePaths(paths: string | readonly string[]): Promise<string[]> {
  return (await resolveInputFiles(paths)).map((f) => f.path);
}

/** Total size in bytes of the given files; a missing file is a SourceError naming it. */
export async function fileSizes(paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const p of paths) {
    const st = await stat(p).catch((e: unknown) => {
      throw new SourceError(`file does not exist: ${p}`, { path: p }, { cause: e });
    });
    total += st.size;
  }
  return total;
}
