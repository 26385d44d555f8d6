/**
 * Constructors of physical nodes that fill in the schema and partition count.
 */
import type { Expr, SortKey } from '../../engine/expr.js';
import type { Partitioning, PhysicalNode } from '../../engine/plan.js';
import type { Field } from '../../engine/types.js';

/** The number of reduce partitions a partitioning makes. */
export function partitionCount(p: Partitioning): number {
  return p.kind === 'single' ? 1 : p.partitions;
}

/** A shuffle boundary over `input`. */
export function exchange(input: PhysicalNode, partitioning: Partitioning, broadcast = false): PhysicalNode {
  return { op: 'exchange', input, partitioning, broadcast, schema: input.schema, partitions: partitionCount(partitioning) };
}

/** A project with the given output fields. */
export function project(input: PhysicalNode, exprs: readonly Expr[], schema: readonly Field[]): PhysicalNode {
  return { op: 'project', input, exprs, schema, partitions: input.partitions };
}

/** A sort (top-k when `limit` is set). */
export function sort(input: PhysicalNode, keys: readonly SortKey[], limit: number | null): PhysicalNode {
  return { op: 'sort', input, keys, limit, schema: input.schema, partitions: input.partitions };
}

/** A limit. */
export function limit(input: PhysicalNode, n: number): PhysicalNode {
  return { op: 'limit', input, n, schema: input.schema, partitions: input.partitions };
}

/** True when a project of `exprs` over `input` would output the input unchanged. */
export function isIdentity(input: PhysicalNode, exprs: readonly Expr[], schema: readonly Field[]): boolean {
  return exprs.length === input.schema.length
    && exprs.every((e, i) => e.kind === 'col' && e.index === i)
    && schema.every((f, i) => f.name === input.schema[i]!.name && f.type === input.schema[i]!.type);
}
