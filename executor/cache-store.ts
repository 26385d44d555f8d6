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
