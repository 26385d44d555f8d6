/**
 * Input paths: globs, directories and plain files → a sorted list of absolute data files.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { SourceError } from '../errors.js';

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

/**
 * Resolves one path, a glob, or a list of them to absolute data files, sorted and without
 * duplicates. A directory means the data files inside it; a path or glob matching nothing is
 * a SourceError naming it.
 */
export async function resolvePaths(paths: string | readonly string[]): Promise<string[]> {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (list.length === 0) throw new SourceError('no input paths given', {});
  const found = new Set<string>();
  for (const p of list) {
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
          for (const f of inner) found.add(f);
        } else found.add(abs);
      }
      if (found.size === before) throw new SourceError(`no files match the pattern ${p}`, { path: p });
      continue;
    }
    const abs = resolve(p);
    const st = await stat(abs).catch(() => null);
    if (st === null) throw new SourceError(`path does not exist: ${abs}`, { path: abs });
    if (st.isDirectory()) {
      const inner: string[] = [];
      await listDataFiles(abs, inner);
      if (inner.length === 0) throw new SourceError(`directory holds no data files: ${abs}`, { path: abs });
      for (const f of inner) found.add(f);
    } else {
      found.add(abs);
    }
  }
  return [...found].sort();
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
