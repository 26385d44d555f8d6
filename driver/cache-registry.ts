/**
 * Which cached Datasets are materialized, and where each of their partitions lives. A cache
 * with a partition at a location that is gone counts as not cached, so the next job that
 * reads it computes it again from lineage.
 */
import { ExecutorLostError } from '../engine/errors.js';

/** cacheId → location of each partition. */
export class CacheRegistry {
  private readonly caches = new Map<string, readonly string[]>();

  /** Records a materialized cache. */
  set(cacheId: string, locations: readonly string[]): void {
    this.caches.set(cacheId, [...locations]);
  }

  /** The location of each partition, or undefined when not materialized. */
  get(cacheId: string): readonly string[] | undefined {
    return this.caches.get(cacheId);
  }

  /** True when every partition lives at one of the `live` locations. */
  isCached(cacheId: string, live: readonly string[]): boolean {
    const locs = this.caches.get(cacheId);
    if (!locs) return false;
    const alive = new Set(live);
    return locs.every((l) => alive.has(l));
  }

  /** Forgets every cache with a partition at `location`; returns their ids. */
  removeLocation(location: string): string[] {
    const gone: string[] = [];
    for (const [id, locs] of this.caches) if (locs.includes(location)) { this.caches.delete(id); gone.push(id); }
    return gone;
  }

  /** Forgets every cache with a partition at a location not in `live`; returns their ids. */
  retainLocations(live: readonly string[]): string[] {
    const alive = new Set(live);
    const gone: string[] = [];
    for (const [id, locs] of this.caches) if (!locs.every((l) => alive.has(l))) { this.caches.delete(id); gone.push(id); }
    return gone;
  }

  /** Forgets a cache. */
  delete(cacheId: string): boolean {
    return this.caches.delete(cacheId);
  }

  /** Ids of every materialized cache. */
  ids(): string[] {
    return [...this.caches.keys()];
  }
}

/** A task needs a cached partition whose holder is gone: the job is planned again, recomputing the cache. */
export class CacheLostError extends ExecutorLostError {}
