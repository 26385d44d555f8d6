/**
 * The optimizer's rules, in the order one pass applies them.
 */
import { combineFilters } from './combine-filters.js';
import { constantFolding } from './constant-folding.js';
import { inferWindowGroupLimit } from './infer-window-group-limit.js';
import { pruneProjections } from './prune-projections.js';
import { pushDownFilters } from './push-down-filters.js';
import { pushDownLimit } from './push-down-limit.js';
import type { Rule } from './rule.js';

export type { Rule } from './rule.js';
export { combineFilters, constantFolding, inferWindowGroupLimit, pruneProjections, pushDownFilters, pushDownLimit };
export { MAX_WINDOW_GROUP_LIMIT } from './infer-window-group-limit.js';
export { foldExpr } from './constant-folding.js';

/** Every rule, in application order. */
export const RULES: readonly Rule[] = [constantFolding, combineFilters, pushDownFilters, pushDownLimit, inferWindowGroupLimit, pruneProjections];
