/**
 * Loads a job file for `rondo run`: registers the loader hooks (TypeScript on the fly, `rondo`
 * resolving to this rondo) once, then imports the file and returns its default export.
 */
import { existsSync, statSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Session } from '../dsl/index.js';
import type { JobLoaderData } from './job-loader-hooks.js';
import { UsageError } from './session-flags.js';

/** A job: the default export of a job file. */
export type JobFunction = (session: Session, args: string[]) => unknown;

let registered = false;

/** Registers the hooks (idempotent); later imports of .ts files and of `rondo` go through them. */
export function registerJobLoader(): void {
  if (registered) return;
  registered = true;
  // Stack traces of transpiled files point at the user's .ts lines.
  process.setSourceMapsEnabled(true);
  const data: JobLoaderData = { rondoUrl: new URL('../index.js', import.meta.url).href };
  register(new URL('./job-loader-hooks.js', import.meta.url), { data });
}

/** Imports `file` and returns its default export; a missing file or a file that is not a job is a UsageError. */
export async function loadJob(file: string): Promise<JobFunction> {
  const abs = path.resolve(file);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new UsageError(`job file not found: ${file}`);
  registerJobLoader();
  const mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
  if (typeof mod.default !== 'function') {
    throw new UsageError(`${file} has no default export function; a job file ends with\n  export default async function (session: Session, args: string[]) { … }`);
  }
  return mod.default as JobFunction;
}
