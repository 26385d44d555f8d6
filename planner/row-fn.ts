/**
 * The planner's side of row functions (typed API): analysis, output attributes, projection
 * pruning, physical planning and explain lines of the `mapRows` and `groupRows` nodes.
 */
import { AnalysisError } from '../engine/errors.js';
import type { PhysicalNode, RowFn } from '../engine/plan.js';
import type { Schema } from '../engine/types.js';
import type { LogicalPlan } from './logical.js';
import { attrsOfSchema, columnList, passThrough, type Attr } from './resolve.js';
import { closestName } from './suggest.js';

type MapRows = Extract<LogicalPlan, { node: 'mapRows' }>;
type GroupRows = Extract<LogicalPlan, { node: 'groupRows' }>;

/** True when the function's rows pass through with the input columns (filter, key). A foreach outputs no column. */
export function passesRows(fn: RowFn): boolean {
  return fn.kind === 'filter' || fn.kind === 'key';
}

/** Checks that every field a function reads exists in its input; throws AnalysisError naming the columns. */
export function checkReads(fn: RowFn, input: readonly Attr[]): void {
  if (fn.valueIn) {
    if (!input.some((a) => a.name === 'value')) throw new AnalysisError(`the ${fn.kind} function works on bare values but its input has no column "value"; columns: ${columnList(input)}`);
    return;
  }
  for (const r of fn.reads ?? []) {
    if (!input.some((a) => a.name === r)) {
      const near = closestName(r, input.map((a) => a.name));
      throw new AnalysisError(
        `the ${fn.kind} function reads field "${r}", which the rows do not have; fields: ${columnList(input)}${near ? `; did you mean "${near}"?` : ''}`,
        { column: r, columns: input.map((a) => a.name) },
      );
    }
  }
}

/** Analyzer check of a groupRows node over its analyzed input's attributes. */
export function checkGroupKey(plan: GroupRows, input: readonly Attr[]): void {
  if (plan.key !== null && !input.some((a) => a.name === plan.key)) {
    throw new AnalysisError(`group key column "${plan.key}" is missing; columns: ${columnList(input)}`, { column: plan.key });
  }
}

/** Output attributes of a mapRows node. */
export function mapRowsAttrs(plan: MapRows, input: readonly Attr[]): Attr[] {
  const made = attrsOfSchema(plan.schema, plan.id);
  return passesRows(plan.fn) ? [...input.map((a) => passThrough(a, plan.id)), ...made] : made;
}

/** Output attributes of a groupRows node. */
export function groupRowsAttrs(plan: GroupRows): Attr[] {
  return attrsOfSchema(plan.schema, plan.id);
}

/**
 * The input columns a row function needs, given the output columns `need`ed above it: the
 * fields it reads (every one when it uses the whole row), plus for pass-through kinds the
 * needed output columns that are input columns.
 */
export function mapRowsInputNeed(plan: MapRows, need: ReadonlySet<number>, input: readonly Attr[]): Set<number> {
  const out = new Set<number>();
  if (plan.fn.valueIn) {
    input.forEach((a, i) => { if (a.name === 'value') out.add(i); });
  } else if (plan.fn.reads === null) input.forEach((_, i) => out.add(i));
  else {
    for (const r of plan.fn.reads) {
      const i = input.findIndex((a) => a.name === r);
      if (i >= 0) out.add(i);
    }
  }
  if (passesRows(plan.fn)) for (const i of need) if (i < input.length) out.add(i);
  return out;
}

/** The physical rowFn node over a planned input. */
export function planMapRows(plan: MapRows, input: PhysicalNode): PhysicalNode {
  const made: Schema = plan.schema.map((f) => ({ ...f }));
  const schema = passesRows(plan.fn) ? [...input.schema, ...made] : made;
  return { op: 'rowFn', input, fn: plan.fn, schema, partitions: input.partitions };
}

/**
 * The physical plan of a groupRows node: a reduce combines within each partition first (like
 * Spark's reduceGroups), then a hash exchange on the key (one partition for a global reduce)
 * brings each group together and a final pass runs the function per group.
 */
export function planGroupRows(plan: GroupRows, input: PhysicalNode, shufflePartitions: number): PhysicalNode {
  const key = plan.key === null ? null : input.schema.findIndex((f) => f.name === plan.key);
  if (key !== null && key < 0) throw new AnalysisError(`group key column "${plan.key}" is missing; columns: ${input.schema.map((f) => f.name).join(', ')}`);
  const exchange = (inp: PhysicalNode): PhysicalNode => ({
    op: 'exchange',
    input: inp,
    partitioning: key === null
      ? { kind: 'single' }
      : { kind: 'hash', keys: [{ kind: 'col', index: key, type: inp.schema[key]!.type, name: inp.schema[key]!.name }], partitions: shufflePartitions },
    broadcast: false,
    schema: inp.schema,
    partitions: key === null ? 1 : shufflePartitions,
  });
  const final = (inp: PhysicalNode): PhysicalNode => ({
    op: 'rowFnGroups', input: inp, fn: plan.fn, key, keyJson: plan.keyJson, mode: 'final', schema: plan.schema.map((f) => ({ ...f })), partitions: inp.partitions,
  });
  if (plan.fn.kind === 'reduce') {
    const partial: PhysicalNode = { op: 'rowFnGroups', input, fn: plan.fn, key, keyJson: plan.keyJson, mode: 'partial', schema: input.schema, partitions: input.partitions };
    return final(exchange(partial));
  }
  return final(exchange(input));
}

function fnText(fn: RowFn): string {
  const src = fn.source.replace(/\s+/g, ' ').trim();
  return src.length > 80 ? `${src.slice(0, 77)}...` : src;
}

function readsText(fn: RowFn): string {
  return fn.valueIn ? 'value' : fn.reads === null ? 'whole row' : `[${fn.reads.join(', ')}]`;
}

/** The explain line of a mapRows / groupRows node. */
export function describeRowFnLogical(plan: MapRows | GroupRows): string {
  const why = plan.fn.notCompiledBecause ? ` (not compiled: ${plan.fn.notCompiledBecause})` : '';
  const out = `[${plan.schema.map((f) => f.name).join(', ')}]`;
  if (plan.node === 'groupRows') {
    return `GroupRows ${plan.fn.kind} ${fnText(plan.fn)} key=${plan.key ?? 'none'} output=${out} row by row${why}`;
  }
  const made = plan.schema.length === 0 ? '' : passesRows(plan.fn) ? ` adds=${out}` : ` output=${out}`;
  return `MapRows ${plan.fn.kind} ${fnText(plan.fn)} reads=${readsText(plan.fn)}${made} row by row${why}`;
}

/** The explain line of a rowFn / rowFnGroups physical node (without the partitions suffix). */
export function describeRowFnPhysical(n: Extract<PhysicalNode, { op: 'rowFn' | 'rowFnGroups' }>): string {
  if (n.op === 'rowFnGroups') {
    return `RowFnGroups(${n.mode}) ${n.fn.kind} ${fnText(n.fn)} key=${n.key === null ? 'none' : `#${n.key}`}`;
  }
  return `RowFn ${n.fn.kind} ${fnText(n.fn)} reads=${readsText(n.fn)} (row by row)`;
}
