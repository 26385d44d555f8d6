/**
 * Which files are rondo's own code: the compiled rooms (cli, driver, dsl, engine, executor,
 * planner and the entry index) of the build this module belongs to. Stack frames in them are
 * internals, never the user's call site; tests, benches and examples beside them are not.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder the rooms sit in (the build's dist/, or the checkout when run from source). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The top-level folders of rondo's own code (DESIGN.md's rooms). */
const ROOMS = ['cli', 'driver', 'dsl', 'engine', 'executor', 'planner', 'sql', 'ui'];

/** True for a path (not a URL) inside rondo's own code. */
export function isOwnSource(file: string): boolean {
  if (!file.startsWith(ROOT + path.sep)) return false;
  const first = file.slice(ROOT.length + 1).split(path.sep)[0]!;
  return ROOMS.includes(first) || /^index\.(js|ts|d\.ts)$/.test(first);
}
