/**
 * How the CLI shows a failure: the error class and message, the stage and partition of a
 * failed task, and the user's own frames first, without rondo's and Node's internals (all of
 * it, remote stack included, with RONDO_DEBUG=1).
 */
import { fileURLToPath } from 'node:url';
import { RondoError, TaskFailedError } from '../engine/errors.js';
import { callSiteOf } from './driver-hooks.js';
import { isOwnSource } from '../dsl/own-source.js';

/** Whether RONDO_DEBUG asks for full stacks. */
export function debugMode(): boolean {
  const v = process.env.RONDO_DEBUG;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** True for a stack line that is the user's code (not rondo, not node, not a dependency). */
export function isUserFrame(line: string): boolean {
  const t = line.trim();
  if (!t.startsWith('at ')) return false;
  if (/\bnode:/.test(t) || t.includes('/node_modules/') || t.includes('<anonymous>') || t.includes('(native)')) return false;
  const m = /(file:\/\/[^\s)]+|\/[^\s)]+)/.exec(t);
  if (!m) return false;
  let file = m[1]!;
  if (file.startsWith('file://')) {
    try { file = fileURLToPath(file.replace(/:\d+(:\d+)?$/, '')); } catch { return false; }
  }
  return !isOwnSource(file);
}

/** The user's frames of a stack, `file://` URLs shown as paths. */
export function userFrames(stack: string | undefined): string[] {
  if (!stack) return [];
  return stack.split('\n').filter(isUserFrame).map((l) => `    ${l.trim().replace(/file:\/\/(\/[^\s):]+)/g, (_, p: string) => decodeURIComponent(p))}`);
}

function rootCause(e: unknown): unknown {
  let cur = e;
  while (cur instanceof TaskFailedError && (cur as { cause?: unknown }).cause !== undefined) cur = (cur as { cause?: unknown }).cause;
  return cur;
}

function describe(e: unknown): { name: string; message: string } {
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/** The text printed for an error that ended a job or a program (ends with a newline). */
export function formatError(e: unknown, opts: { debug?: boolean } = {}): string {
  const debug = opts.debug ?? debugMode();
  const root = rootCause(e);
  const { name, message } = describe(root);
  let out = `${name}: ${message}\n`;
  if (e instanceof TaskFailedError) {
    const d = e.details as { stageId?: number; partition?: number; jobId?: string; attempts?: number };
    const tries = d.attempts === undefined ? '' : `, after ${d.attempts} ${d.attempts === 1 ? 'attempt' : 'attempts'}`;
    out += `  in stage ${d.stageId}, partition ${d.partition} (job ${d.jobId}${tries})\n`;
  }
  const frames = [...new Set([...userFrames(root instanceof Error ? root.stack : undefined), ...userFrames(e instanceof Error ? e.stack : undefined), ...userFrames(callSiteOf(e))])];
  if (frames.length > 0) out += `${frames.join('\n')}\n`;
  if (debug) {
    out += `\n-- full stack (RONDO_DEBUG) --\n${e instanceof Error ? e.stack ?? '' : String(e)}\n`;
    let c = e instanceof Error ? (e as { cause?: unknown }).cause : undefined;
    while (c !== undefined) {
      out += `caused by: ${c instanceof Error ? c.stack ?? c.message : String(c)}\n`;
      c = c instanceof Error ? (c as { cause?: unknown }).cause : undefined;
    }
    const site = callSiteOf(e);
    if (site) out += `job started at:\n${site.split('\n').slice(1).join('\n')}\n`;
  } else if (!(root instanceof RondoError) || e instanceof TaskFailedError) {
    out += '(set RONDO_DEBUG=1 for the full stack)\n';
  }
  return out;
}
