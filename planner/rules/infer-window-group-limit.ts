/**
 * Window group limit (Spark's InferWindowGroupLimit): a filter right above a window that keeps
 * only small values of a ranking function — a conjunct `w <= k`, `w < k` or `w = k` (either
 * side; k a number literal) with `w` a rowNumber, rank or denseRank column with an orderBy —
 * sets the window's `groupLimit`, so that rows that cannot pass are dropped per window
 * partition before the window (and before its exchange). Only when every function of the
 * window is a ranking function over the same partitionBy and orderBy: then dropping the rows
 * after a partition's first k cannot change any function's value on the rows kept. The filter
 * and the window stay: they make the answer exact.
 */
import type { RankingFn } from '../../engine/plan.js';
import { conjuncts, stripAlias } from '../expr-utils.js';
import type { LExpr, LogicalPlan, WindowGroupLimit } from '../logical.js';
import { attrsOf } from '../plan-attrs.js';
import { transformUp } from '../plan-utils.js';
import { resolveColumn } from '../resolve.js';
import type { Rule } from './rule.js';

type Window = Extract<LogicalPlan, { node: 'window' }>;
type WindowExpr = Extract<LExpr, { kind: 'window' }>;

/** Largest limit worth a group limit (Spark's spark.sql.optimizer.windowGroupLimitThreshold). */
export const MAX_WINDOW_GROUP_LIMIT = 1000;

/** How strongly a function's limit narrows the rows, when limits are equal (rowNumber keeps fewest). */
const NARROWNESS: Record<RankingFn, number> = { rowNumber: 0, rank: 1, denseRank: 2 };

const FLIP: Partial<Record<string, string>> = { lte: 'gte', gte: 'lte', lt: 'gt', gt: 'lt', eq: 'eq' };

/**
 * The limit a conjunct puts on column `w` when it reads `w <= k`, `w < k`, `w = k` (or the
 * mirrored `k >= w`, `k > w`, `k = w`): the largest ranking value that can pass; undefined when
 * the conjunct is not of that form or no integer passes.
 */
function limitOf(c: LExpr): { col: Extract<LExpr, { kind: 'col' }>; limit: number } | undefined {
  if (c.kind !== 'call' || c.args.length !== 2) return undefined;
  let [a, b] = c.args as [LExpr, LExpr];
  let fn: string | undefined = c.fn;
  if (a.kind === 'lit' && b.kind === 'col') {
    [a, b] = [b, a];
    fn = FLIP[fn];
  }
  if (a.kind !== 'col' || b.kind !== 'lit' || typeof b.value !== 'number' || !Number.isFinite(b.value)) return undefined;
  const k = b.value;
  let limit: number;
  if (fn === 'lte') limit = Math.floor(k);
  else if (fn === 'lt') limit = Math.ceil(k) - 1;
  else if (fn === 'eq' && Number.isInteger(k)) limit = k;
  else return undefined;
  return limit >= 1 ? { col: a, limit } : undefined;
}

/** The narrowest group limit the filter's conjuncts put on `w`'s ranking columns, if any. */
function inferLimit(predicate: LExpr, w: Window): WindowGroupLimit | undefined {
  const fns = w.exprs.map((e) => stripAlias(e) as WindowExpr);
  const first = fns[0];
  if (first === undefined || first.orderBy.length === 0) return undefined;
  const spec = JSON.stringify([first.partitionBy, first.orderBy]);
  if (fns.some((f) => f.fn.kind === 'agg' || JSON.stringify([f.partitionBy, f.orderBy]) !== spec)) return undefined;
  const attrs = attrsOf(w);
  const n = attrs.length - fns.length;
  let best: WindowGroupLimit | undefined;
  for (const c of conjuncts(predicate)) {
    const m = limitOf(c);
    if (m === undefined) continue;
    const i = resolveColumn(attrs, m.col) - n;
    if (i < 0) continue;
    const fn = fns[i]!.fn.kind as RankingFn;
    if (best === undefined || m.limit < best.limit || (m.limit === best.limit && NARROWNESS[fn] < NARROWNESS[best.fn])) best = { fn, limit: m.limit };
  }
  return best !== undefined && best.limit <= MAX_WINDOW_GROUP_LIMIT ? best : undefined;
}

/** The infer-window-group-limit rule. */
export const inferWindowGroupLimit: Rule = {
  name: 'infer-window-group-limit',
  rewrite(plan: LogicalPlan): LogicalPlan {
    return transformUp(plan, (p) => {
      if (p.node !== 'filter' || p.input.node !== 'window') return p;
      const w = p.input;
      const limit = inferLimit(p.predicate, w);
      if (limit === undefined || (w.groupLimit?.fn === limit.fn && w.groupLimit.limit === limit.limit)) return p;
      return { ...p, input: { ...w, groupLimit: limit } };
    });
  },
};
