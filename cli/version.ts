/**
 * This package's version, as `rondo --version` and the REPL banner print it.
 */
import { readFileSync } from 'node:fs';

/** The version in package.json beside the build folder (dist/cli/ → ../../package.json); '' if unreadable. */
export function rondoVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '';
  } catch {
    return '';
  }
}
