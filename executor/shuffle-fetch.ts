/**
 * The in-worker TaskContext.fetch: yields the pieces of one reduce partition of a shuffle,
 * reading local pieces straight from disk and fetching remote ones from their executors over
 * HTTP, several at once, in the order they arrive (or, for an ordered read, in map partition
 * order, holding early arrivals back). A piece that cannot be had (peer gone, 404,
 * timeout, short body) throws FetchFailedError naming the location, shuffle and map partition.
 */
import { FetchFailedError } from '../engine/errors.js';
import type { FetchOptions, ShuffleInput } from '../engine/plan.js';
import { bearer } from './auth.js';
import { normalizeUrl } from './loopback.js';
import { peerAgent, undici } from './lazy-undici.js';
import { readPieceLocal } from './shuffle-store.js';

/** Where and how a worker fetches shuffle pieces. */
export interface FetchEnv {
  readonly workDir: string;
  /** The URLs under which this executor's own map outputs are recorded. */
  readonly selfUrls: readonly string[];
  readonly secret: string | null;
  /** Timeout of one remote fetch, for its headers and between body chunks (ms). */
  readonly fetchTimeoutMs: number;
  /** How many pieces are in flight at once. */
  readonly fetchConcurrency: number;
}

/** Bytes moved by fetches, for the executor's counters. */
export interface FetchCounters {
  fetchedRemote: number;
  readLocal: number;
}

interface Piece {
  readonly mapPartition: number;
  readonly location: string;
  readonly size: number | undefined;
}

/** Makes the fetch function of a TaskContext for one worker (remote pieces go through this thread's keep-alive agent). */
export function makeShuffleFetch(env: FetchEnv, counters: FetchCounters): (input: ShuffleInput, reduce: number, signal?: AbortSignal, opts?: FetchOptions) => AsyncIterable<Uint8Array> {
  const self = new Set(env.selfUrls.map(normalizeUrl));
  return (input, reduce, signal, opts) => fetchAll(input, reduce, signal, opts?.ordered === true);

  async function* fetchAll(input: ShuffleInput, reduce: number, signal: AbortSignal | undefined, ordered: boolean): AsyncGenerator<Uint8Array> {
    const todo: Piece[] = [];
    // With `reduces`, sizes are listed in that order (only the partitions this task reads).
    const at = input.reduces ? input.reduces.indexOf(reduce) : reduce;
    for (const m of input.maps) {
      const size = at >= 0 ? m.sizes[at] : undefined;
      // An empty piece holds no rows: no need to ask for it.
      if (size === 0) continue;
      todo.push({ mapPartition: m.mapPartition, location: m.location, size });
    }
    const abort = new AbortController();
    const onAbort = (): void => abort.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    type Tagged = Promise<{ id: number; bytes: Uint8Array }>;
    const inFlight = new Map<number, Tagged>();
    // Ordered: pieces that arrived before their turn (they count against the concurrency, so
    // what is held stays bounded); `want` is the next piece to yield.
    const held = new Map<number, Uint8Array>();
    let want = 0;
    let next = 0;
    const start = (): void => {
      while (inFlight.size + held.size < Math.max(1, env.fetchConcurrency) && next < todo.length) {
        const id = next++;
        const p = one(input.shuffleId, todo[id]!, reduce, abort.signal).then((bytes) => ({ id, bytes }));
        // Mark as handled so a failure while the consumer is busy is not an unhandled rejection.
        p.catch(() => {});
        inFlight.set(id, p);
      }
    };
    try {
      start();
      while (inFlight.size > 0 || held.size > 0) {
        let bytes = held.get(want);
        if (bytes !== undefined) {
          held.delete(want++);
        } else {
          const got = await Promise.race(inFlight.values());
          inFlight.delete(got.id);
          if (ordered && got.id !== want) { held.set(got.id, got.bytes); start(); continue; }
          if (ordered) want++;
          bytes = got.bytes;
        }
        start();
        yield bytes;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (inFlight.size > 0) abort.abort();
    }
  }

  async function one(shuffleId: number, piece: Piece, reduce: number, signal: AbortSignal): Promise<Uint8Array> {
    const where = `piece (shuffle ${shuffleId}, map ${piece.mapPartition}, reduce ${reduce}) at ${piece.location}`;
    const failed = (why: string, cause?: unknown): FetchFailedError =>
      new FetchFailedError(`could not fetch shuffle ${where}: ${why}`, piece.location, shuffleId, piece.mapPartition, { cause });
    if (self.has(normalizeUrl(piece.location))) {
      let bytes: Uint8Array | null;
      try {
        bytes = await readPieceLocal(env.workDir, shuffleId, piece.mapPartition, reduce);
      } catch (e) {
        throw failed(`local read failed: ${(e as Error).message}`, e);
      }
      if (bytes === null) throw failed('this executor does not hold it');
      checkSize(bytes, piece, failed);
      counters.readLocal += bytes.byteLength;
      return bytes;
    }
    const url = `${piece.location.replace(/\/+$/, '')}/v1/shuffle/${shuffleId}/${piece.mapPartition}/${reduce}`;
    let bytes: Uint8Array;
    try {
      const [{ request }, agent] = await Promise.all([undici(), peerAgent()]);
      const res = await request(url, {
        method: 'GET',
        headers: bearer(env.secret),
        dispatcher: agent,
        signal,
        headersTimeout: env.fetchTimeoutMs,
        bodyTimeout: env.fetchTimeoutMs,
      });
      if (res.statusCode !== 200) {
        const text = await res.body.text().catch(() => '');
        throw failed(`HTTP ${res.statusCode} ${text.slice(0, 200)}`);
      }
      bytes = new Uint8Array(await res.body.arrayBuffer());
    } catch (e) {
      if (e instanceof FetchFailedError) throw e;
      if (signal.aborted) throw e;
      throw failed((e as Error).message ?? String(e), e);
    }
    checkSize(bytes, piece, failed);
    counters.fetchedRemote += bytes.byteLength;
    return bytes;
  }
}

function checkSize(bytes: Uint8Array, piece: Piece, failed: (why: string) => FetchFailedError): void {
  if (piece.size !== undefined && bytes.byteLength !== piece.size) {
    throw failed(`got ${bytes.byteLength} bytes, the map output said ${piece.size}`);
  }
}
