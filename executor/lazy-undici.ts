/**
 * undici, loaded on first use. It is a large bundle (a few hundred ms to load on a busy
 * machine): an executor's main thread needs it only to fetch a cached partition from a peer,
 * a worker only for its first remote shuffle piece, so neither pays for it at start-up.
 */
import type { Agent } from 'undici';

type Undici = typeof import('undici');

let loading: Promise<Undici> | null = null;

/** The undici module (loaded once). */
export function undici(): Promise<Undici> {
  loading ??= import('undici');
  return loading;
}

let agent: Promise<Agent> | null = null;

/** This thread's keep-alive Agent for peer fetches, made on first use. */
export function peerAgent(): Promise<Agent> {
  agent ??= undici().then((u) => new u.Agent({ keepAliveTimeout: 10_000, connections: 16 }));
  return agent;
}
