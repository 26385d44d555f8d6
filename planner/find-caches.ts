/**
 * Which caches a plan reads that are not materialized yet.
 */
import type { LogicalPlan } from './logical.js';
import { planChildren } from './plan-utils.js';

/**
 * The cache nodes of `plan` not yet cached, innermost first (a cache inside another is
 * materialized before it), each cacheId once.
 */
export function findUncachedCaches(plan: LogicalPlan, isCached: (cacheId: string) => boolean): LogicalPlan[] {
  const out: LogicalPlan[] = [];
  const seen = new Set<string>();
  const walk = (p: LogicalPlan): void => {
    // A materialized cache is read as it is: what lies under it is not computed again.
    if (p.node === 'cache' && isCached(p.cacheId)) return;
    planChildren(p).forEach(walk);
    if (p.node === 'cache' && !seen.has(p.cacheId)) {
      seen.add(p.cacheId);
      out.push(p);
    }
  };
  walk(plan);
  return out;
}
