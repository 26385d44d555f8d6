/**
 * Column resolution. Every plan node has output attributes: a name, a type, and the ids of the
 * plan nodes the column passed through unchanged (its lineage), so `ds.col(name)` (a col with a
 * planId) picks the column of that Dataset even when a join holds two columns of that name.
 */
import { AnalysisError } from '../engine/errors.js';
import type { DataType, Schema } from '../engine/types.js';
import type { LExpr } from './logical.js';
import { closestName } from './suggest.js';

/** Id of nodes the planner makes itself; no user column reference pins to it. */
export const SYNTHETIC_ID = -1;

/**
 * The ids of the nodes a column passed through unchanged: an immutable chain (a small DAG
 * where a join's using column merges both sides), shared between a node and its parents so
 * deep plans do not copy sets at every level.
 */
export class Lineage {
  private constructor(
    /** The node this step adds. */
    readonly id: number,
    private readonly parents: readonly Lineage[],
    /** The number of steps from the origin (the longest path). */
    readonly size: number,
  ) {}

  /** A lineage that starts at node `id`. */
  static of(id: number): Lineage {
    return new Lineage(id, [], 1);
  }

  /** The lineage of several columns merged at node `id` (a using column of a join). */
  static merge(id: number, parts: readonly Lineage[]): Lineage {
    return new Lineage(id, parts, Math.max(0, ...parts.map((p) => p.size)) + 1);
  }

  /** This lineage, having passed through node `id`. */
  with(id: number): Lineage {
    return new Lineage(id, [this], this.size + 1);
  }

  /** Whether the column passed through node `id`. */
  has(id: number): boolean {
    const stack: Lineage[] = [this];
    while (stack.length) {
      const l = stack.pop()!;
      if (l.id === id) return true;
      stack.push(...l.parents);
    }
    return false;
  }

  /** The ids, oldest first, each once. */
  ids(): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    const walk = (l: Lineage): void => {
      l.parents.forEach(walk);
      if (!seen.has(l.id)) (seen.add(l.id), out.push(l.id));
    };
    walk(this);
    return out;
  }
}

/** One output column of a logical plan node. */
export interface Attr {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  /** The node that made this column (scan, computed project column, aggregate, window, union). */
  readonly origin: number;
  /** Ids of the nodes the column passed through unchanged, origin included. */
  readonly lineage: Lineage;
}

/** Attributes for a bare schema (no lineage), e.g. for `typeOf(expr, schema)`. */
export function attrsOfSchema(schema: Schema, origin = -1): Attr[] {
  return schema.map((f) => ({ name: f.name, type: f.type, nullable: f.nullable, origin, lineage: Lineage.of(origin) }));
}

/** The same attribute having passed through node `id`. */
export function passThrough(a: Attr, id: number): Attr {
  return { ...a, lineage: a.lineage.with(id) };
}

/** The names of the attributes, for messages. */
export function columnList(attrs: readonly Attr[]): string {
  return attrs.map((a) => a.name).join(', ');
}

const nameIndexes = new WeakMap<readonly Attr[], Map<string, number[]>>();

/** The positions of each name in `attrs` (memoized: attribute lists are not mutated). */
function indexByName(attrs: readonly Attr[]): Map<string, number[]> {
  let m = nameIndexes.get(attrs);
  if (m === undefined) {
    m = new Map();
    attrs.forEach((a, i) => {
      const l = m!.get(a.name);
      if (l) l.push(i);
      else m!.set(a.name, [i]);
    });
    nameIndexes.set(attrs, m);
  }
  return m;
}

/**
 * The index of the attribute a column reference means. Throws AnalysisError for an unknown
 * column (listing the columns and the closest name) or an ambiguous one.
 */
export function resolveColumn(attrs: readonly Attr[], ref: { readonly name: string; readonly planId?: number }, where?: string): number {
  const byName = indexByName(attrs).get(ref.name) ?? [];
  let hits = byName;
  if (ref.planId !== undefined && byName.length > 1) {
    let pinned = byName.filter((i) => attrs[i]!.lineage.has(ref.planId!));
    if (pinned.length > 1) {
      // The Dataset is under both sides (a self-join): take the copy fewest steps from it.
      const steps = (i: number): number => attrs[i]!.lineage.size;
      const least = Math.min(...pinned.map(steps));
      if (pinned.filter((i) => steps(i) === least).length === 1) pinned = pinned.filter((i) => steps(i) === least);
    }
    if (pinned.length > 0) hits = pinned;
  }
  if (hits.length === 1) return hits[0]!;
  const at = where ? ` in ${where}` : '';
  if (hits.length === 0) {
    const guess = closestName(ref.name, attrs.map((a) => a.name));
    throw new AnalysisError(
      `column "${ref.name}" does not exist; columns: ${columnList(attrs)}${guess !== undefined ? `; did you mean "${guess}"?` : ''}`,
      { column: ref.name, columns: attrs.map((a) => a.name), ...(where ? { where } : {}) },
    );
  }
  throw new AnalysisError(
    `column "${ref.name}" is ambiguous${at}: ${hits.length} inputs of a join hold it; pick one with ds.col("${ref.name}") on the Dataset it comes from, or rename it (withColumnRenamed) before the join`,
    { column: ref.name, columns: attrs.map((a) => a.name) },
  );
}

/**
 * A column reference that resolves to `attrs[i]` and keeps doing so as the optimizer moves
 * nodes: the bare name when it is unique, else the name pinned to an id only its lineage
 * holds (its origin, or the side of a join: see joinSideAnchor).
 */
export function refFor(attrs: readonly Attr[], i: number): Extract<LExpr, { kind: 'col' }> {
  const a = attrs[i]!;
  const rivals = attrs.filter((b) => b !== a && b.name === a.name);
  if (rivals.length === 0) return { kind: 'col', name: a.name };
  const distinct = a.lineage.ids().filter((id) => id !== SYNTHETIC_ID && rivals.every((r) => !r.lineage.has(id)));
  // Prefer ids of nodes the optimizer never removes: the column's origin, then a join side.
  const pick = distinct.includes(a.origin) ? a.origin : distinct.find((id) => !Number.isInteger(id)) ?? distinct[0];
  if (pick === undefined) {
    throw new AnalysisError(
      `column "${a.name}" is ambiguous: more than one input holds a column "${a.name}" from the same Dataset; rename it (withColumnRenamed) on one side`,
      { column: a.name, columns: attrs.map((b) => b.name) },
    );
  }
  return { kind: 'col', name: a.name, planId: pick };
}
