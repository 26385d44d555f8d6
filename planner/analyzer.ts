/**
 * The analyzer: resolves names and types bottom-up, raises the user-facing AnalysisErrors and
 * returns the plan in canonical form (references resolved, literals typed, window
 * expressions of a project pulled into a `window` node under it, union inputs cast to common
 * types, sort orders folded into sort keys).
 */
import { AnalysisError } from '../engine/errors.js';
import type { DataType } from '../engine/types.js';
import { containsWindow, exprChildren, exprEquals, rewriteExpr, stripAlias } from './expr-utils.js';
import type { LExpr, LogicalPlan, LSortKey } from './logical.js';
import { describeLExpr, exprName } from './names.js';
import { attrsOf, joinInputAttrs, usingIndices } from './plan-attrs.js';
import { columnList, refFor, SYNTHETIC_ID, type Attr } from './resolve.js';
import { analyzeExpr, commonType, type ExprScope } from './typing.js';
import { checkGroupKey, checkReads } from './row-fn.js';

export { SYNTHETIC_ID };

/** Resolves and checks `plan`; throws AnalysisError. Returns the canonical plan. */
export function analyze(plan: LogicalPlan): LogicalPlan {
  switch (plan.node) {
    case 'scan': {
      if (plan.projection) {
        for (const i of plan.projection) {
          if (!Number.isInteger(i) || i < 0 || i >= plan.schema.length) throw new AnalysisError(`scan projection index ${i} is out of range for ${plan.schema.length} columns`);
        }
      }
      const attrs = attrsOf(plan);
      const filters = plan.filters.map((f) => predicate(f, attrs, 'scan filter'));
      return { ...plan, filters };
    }
    case 'project':
      return project(plan, analyze(plan.input));
    case 'filter': {
      const input = analyze(plan.input);
      return { ...plan, input, predicate: predicate(plan.predicate, attrsOf(input), 'filter') };
    }
    case 'aggregate':
      return aggregate(plan, analyze(plan.input));
    case 'join':
      return join(plan, analyze(plan.left), analyze(plan.right));
    case 'sort': {
      const input = analyze(plan.input);
      const attrs = attrsOf(input);
      if (plan.keys.length === 0) throw new AnalysisError('orderBy needs at least one column');
      return { ...plan, input, keys: plan.keys.map((k) => sortKey(k, attrs, 'orderBy')) };
    }
    case 'limit': {
      if (!Number.isInteger(plan.n) || plan.n < 0) throw new AnalysisError(`limit must be a non-negative integer, got ${plan.n}`);
      return { ...plan, input: analyze(plan.input) };
    }
    case 'union':
      return union(plan, plan.inputs.map(analyze));
    case 'distinct':
      return { ...plan, input: analyze(plan.input) };
    case 'cache':
      return { ...plan, input: analyze(plan.input) };
    case 'coalesce': {
      checkPartitions(plan.partitions, 'coalesce');
      return { ...plan, input: analyze(plan.input) };
    }
    case 'repartition': {
      checkPartitions(plan.partitions, 'repartition');
      const input = analyze(plan.input);
      const attrs = attrsOf(input);
      return { ...plan, input, keys: plan.keys.map((k) => plain(k, attrs, 'repartition')) };
    }
    case 'mapRows': {
      const input = analyze(plan.input);
      checkReads(plan.fn, attrsOf(input));
      return { ...plan, input };
    }
    case 'groupRows': {
      const input = analyze(plan.input);
      checkGroupKey(plan, attrsOf(input));
      return { ...plan, input };
    }
    case 'window': {
      const input = analyze(plan.input);
      const attrs = attrsOf(input);
      const exprs = plan.exprs.map((e) => {
        const t = analyzeExpr(e, attrs, { where: 'window', allowWindow: true });
        if (t.expr.kind !== 'alias' || stripAlias(t.expr).kind !== 'window') throw new AnalysisError(`a window node holds aliased window expressions, got ${describeLExpr(e)}`);
        return t.expr;
      });
      return { ...plan, input, exprs };
    }
  }
}

function checkPartitions(n: number, op: string): void {
  if (!Number.isInteger(n) || n < 1) throw new AnalysisError(`${op} needs a positive whole number of partitions, got ${n}`);
}

/** An expression with no aggregate, window or sort order. */
function plain(e: LExpr, attrs: readonly Attr[], where: string): LExpr {
  return analyzeExpr(e, attrs, { where }).expr;
}

function predicate(e: LExpr, attrs: readonly Attr[], where: string): LExpr {
  const t = analyzeExpr(e, attrs, { where });
  if (t.type !== 'bool' && t.type !== 'null') {
    throw new AnalysisError(`the condition of ${where} must be bool, got ${t.type} in ${describeLExpr(e)}`, { expression: describeLExpr(e) });
  }
  return t.expr;
}

function sortKey(k: LSortKey, attrs: readonly Attr[], where: string): LSortKey {
  // `orderBy(col.desc())` may arrive as a sortOrder inside a key: fold it into the key.
  let key = k;
  while (key.expr.kind === 'sortOrder') key = { expr: key.expr.expr, asc: key.expr.asc, nullsFirst: key.expr.nullsFirst };
  const scope: ExprScope = { where };
  return { ...key, expr: analyzeExpr(key.expr, attrs, scope).expr };
}

function project(plan: Extract<LogicalPlan, { node: 'project' }>, input: LogicalPlan): LogicalPlan {
  const attrs = attrsOf(input);
  const exprs = plan.exprs.map((e) => analyzeExpr(e, attrs, { where: 'select', allowWindow: true }).expr);
  if (!exprs.some(containsWindow)) return { ...plan, input, exprs };
  // Pull every window expression into a window node under the project; the project reads
  // the appended columns by internal names and keeps the user's output names.
  const windows: LExpr[] = [];
  const outer = exprs.map((e) => {
    if (!containsWindow(e)) return e;
    const named = e.kind === 'alias' ? e : ({ kind: 'alias', expr: e, name: exprName(e) } as const);
    return rewriteExpr(named, (x) => {
      if (x.kind !== 'window') return undefined;
      let i = windows.findIndex((w) => exprEquals((w as { expr: LExpr }).expr, x));
      if (i < 0) {
        i = windows.length;
        windows.push({ kind: 'alias', expr: x, name: `__w${i}` });
      }
      return { kind: 'col', name: `__w${i}` };
    });
  });
  const window: LogicalPlan = { id: SYNTHETIC_ID, node: 'window', input, exprs: windows };
  return { ...plan, input: window, exprs: outer };
}

function aggregate(plan: Extract<LogicalPlan, { node: 'aggregate' }>, input: LogicalPlan): LogicalPlan {
  const attrs = attrsOf(input);
  const groupBy = plan.groupBy.map((g) => plain(g, attrs, 'groupBy'));
  const aggs = plan.aggs.map((a) => analyzeExpr(a, attrs, { where: 'agg', allowAgg: true }).expr);
  const grouped = groupBy.map(stripAlias);
  for (const a of aggs) {
    const check = (x: LExpr): void => {
      if (grouped.some((g) => exprEquals(g, x)) || x.kind === 'agg' || x.kind === 'lit') return;
      if (x.kind === 'col') {
        throw new AnalysisError(
          `column "${x.name}" in ${describeLExpr(a)} is neither grouped nor aggregated; add it to groupBy or wrap it in an aggregate such as first(${x.name})`,
          { column: x.name, groupBy: groupBy.map(exprName) },
        );
      }
      exprChildren(x).forEach(check);
    };
    check(stripAlias(a));
  }
  return { ...plan, input, groupBy, aggs };
}

function join(plan: Extract<LogicalPlan, { node: 'join' }>, left: LogicalPlan, right: LogicalPlan): LogicalPlan {
  const next = { ...plan, left, right };
  if (plan.using !== null) {
    if (plan.how === 'cross') throw new AnalysisError('a cross join takes no join columns');
    if (plan.using.length === 0) throw new AnalysisError('join needs at least one column name to join on');
    const u = usingIndices(next);
    const la = attrsOf(left);
    const ra = attrsOf(right);
    u.left.forEach((li, k) => {
      const a = la[li]!;
      const b = ra[u.right[k]!]!;
      if (commonType(a.type, b.type) === undefined) {
        throw new AnalysisError(`cannot join on "${a.name}": the left side has ${a.type} and the right side ${b.type}; cast one side first`, { column: a.name });
      }
    });
    return next;
  }
  if (plan.on === null) return next;
  return { ...next, on: predicate(plan.on, joinInputAttrs(next).both, 'join condition') };
}

function union(plan: Extract<LogicalPlan, { node: 'union' }>, inputs: LogicalPlan[]): LogicalPlan {
  if (inputs.length === 0) throw new AnalysisError('union needs at least one input');
  const first = attrsOf(inputs[0]!);
  const types: DataType[] = first.map((a) => a.type);
  inputs.forEach((inp, k) => {
    const attrs = attrsOf(inp);
    if (attrs.length !== first.length) {
      throw new AnalysisError(
        `union needs inputs with the same number of columns: the first has ${first.length} (${columnList(first)}), input ${k + 1} has ${attrs.length} (${columnList(attrs)})`,
      );
    }
    attrs.forEach((a, i) => {
      const c = commonType(types[i]!, a.type);
      if (c === undefined) {
        throw new AnalysisError(`union column ${i + 1} ("${first[i]!.name}") has incompatible types ${types[i]} and ${a.type} (input ${k + 1}); cast one of them`, { column: first[i]!.name });
      }
      types[i] = c;
    });
  });
  const cast = inputs.map((inp) => {
    const attrs = attrsOf(inp);
    if (attrs.every((a, i) => a.type === types[i] || types[i] === 'null')) return inp;
    const exprs = attrs.map((a, i): LExpr => {
      const ref = refFor(attrs, i);
      return a.type === types[i] ? ref : { kind: 'alias', expr: { kind: 'cast', expr: ref, type: types[i]! }, name: a.name };
    });
    return { id: SYNTHETIC_ID, node: 'project', input: inp, exprs } as LogicalPlan;
  });
  return { ...plan, inputs: cast };
}
