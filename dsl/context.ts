/**
 * What a Dataset needs from its Session, as an interface so that dataset.ts does not import
 * session.ts (which builds Datasets).
 */
import type { Driver } from '../driver/index.js';

/** The session side of a Dataset: the driver that runs its actions and the id counters. */
export interface SessionContext {
  /** Runs jobs. */
  readonly driver: Driver;
  /** A fresh logical plan node id, unique within the session. */
  nextPlanId(): number;
  /** A fresh cache id, unique within the session. */
  nextCacheId(): string;
  /** Partitions of an in-memory source when the caller does not say (the executor count). */
  readonly defaultParallelism: number;
}
