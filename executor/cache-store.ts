/**
 * Cached partitions held in the executor's memory (main thread), keyed cacheId/partition.
 * Bytes live in SharedArrayBuffers, so handing them to a worker thread shares instead of copying.
 */
import { cacheKey } from './worker-protocol.js';

/** The executor's cache of partitions (Arrow IPC streams). */
export class CacheStore {
  private readonly entries = new Map<string, Uint8Array>();
  private total = 0;

  /** Keeps a copy of `ipc` as partition `partition` of cache `cacheId` (replacing an older one). */
  put(cacheId: string, partition: number, ipc: Uint8Array): void {
    const shared = new Uint8Array(new SharedArrayBuffer(ipc.byteLength));
    shared.set(ipc);
    const key = cacheKey(cacheId, partition);
    const old = this.entries.get(key);
    if (old) this.total -= old.byteLength;
    this.entries.set(key, shared);
    this.total += shared.byteLength;
  }

  /** The bytes of one cached partition, or undefined. */
  get(cacheId: string, partition: number): Uint8Array | undefined {
    return this.entries.get(cacheKey(cacheId, partition));
  }

  /** Drops every partition of a cache; returns how many there were. */
  drop(cacheId: string): number {
    let n = 0;
    const prefix = `${cacheId}/`;
    for (const [k, v] of this.entries) {
      if (k.startsWith(prefix) && /^\d+$/.test(k.slice(prefix.length))) {
        this.entries.delete(k);
        this.total -= v.byteLength;
        n++;
      }
    }
    return n;
  }

  /** Number of cached partitions. */
  get size(): number {
    return this.entries.size;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.total;
  }
}

/** The cached splits (cacheId, partition, location) a plan reads, found anywhere in its JSON. */
export function cachedSplitsOf(plan: unknown): { cacheId: string; partition: number; location: string }[] {
  const out: { cacheId: string; partition: number; location: string }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.kind === 'cached' && typeof o.cacheId === 'string' && typeof o.partition === 'number') {
        out.push({ cacheId: o.cacheId, partition: o.partition, location: typeof o.location === 'string' ? o.location : '' });
        return;
      }
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(plan);
  return out;
}
