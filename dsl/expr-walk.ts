/**
 * Small walks over logical expressions that the DSL needs before handing a plan to the
 * analyzer: where aggregates are, and which ranking functions lack an ordering.
 */
import { AnalysisError } from '../engine/errors.js';
import { exprChildren as children } from '../planner/index.js';
import type { LExpr } from '../planner/logical.js';

/** True when `e` holds an aggregate outside any window (so a select of it is a global aggregate). */
export function hasPlainAggregate(e: LExpr): boolean {
  if (e.kind === 'agg') return true;
  if (e.kind === 'window') return false;
  return children(e).some(hasPlainAggregate);
}

const RANKING_NAMES = { rowNumber: 'rowNumber()', rank: 'rank()', denseRank: 'denseRank()' } as const;

/** Throws when a ranking function is used without `.over(window)` holding an orderBy (Spark requires one). */
export function checkRankingWindows(e: LExpr, where: string): void {
  if (e.kind === 'window' && e.fn.kind !== 'agg' && e.orderBy.length === 0) {
    const name = RANKING_NAMES[e.fn.kind];
    throw new AnalysisError(`${where}: ${name} needs an ordered window: use ${name}.over(Window.partitionBy(...).orderBy(...))`);
  }
  for (const c of children(e)) checkRankingWindows(c, where);
}
