/**
 * Questions the scheduler asks of a (specialized) stage plan: which shuffles a task reads and
 * which reduce partitions, and which cached partitions it scans — for its inputs and locality.
 */
import type { PhysicalNode, SourceSplit } from '../engine/plan.js';

/** The inputs of an operator. */
export function childrenOf(node: PhysicalNode): readonly PhysicalNode[] {
  switch (node.op) {
    case 'scan':
    case 'shuffleRead':
      return [];
    case 'project':
    case 'filter':
    case 'aggregate':
    case 'sort':
    case 'limit':
    case 'coalesce':
    case 'window':
    case 'windowGroupLimit':
    case 'exchange':
    case 'rowFn':
    case 'rowFnGroups':
      return [node.input];
    case 'hashJoin':
    case 'nestedLoopJoin':
      return [node.left, node.right];
    case 'union':
      return node.inputs;
  }
}

/** One shuffleRead of a plan. */
export interface ShuffleReadRef {
  readonly shuffleId: number;
  readonly broadcast: boolean;
  /** The reduce partitions read (specialized plans), or null in a template. */
  readonly reduce: readonly number[] | null;
}

/** Every shuffleRead in the plan, in tree order. */
export function shuffleReadsOf(plan: PhysicalNode): ShuffleReadRef[] {
  const out: ShuffleReadRef[] = [];
  const walk = (n: PhysicalNode): void => {
    if (n.op === 'shuffleRead') out.push({ shuffleId: n.shuffleId, broadcast: n.broadcast, reduce: n.reduce });
    for (const c of childrenOf(n)) walk(c);
  };
  walk(plan);
  return out;
}

/** Every 'cached' split scanned by the plan. */
export function cachedSplitsOf(plan: PhysicalNode): Extract<SourceSplit, { kind: 'cached' }>[] {
  const out: Extract<SourceSplit, { kind: 'cached' }>[] = [];
  const walk = (n: PhysicalNode): void => {
    if (n.op === 'scan') for (const s of n.splits) if (s.kind === 'cached') out.push(s);
    for (const c of childrenOf(n)) walk(c);
  };
  walk(plan);
  return out;
}

/** The distinct shuffle ids a plan reads, ascending. */
export function shuffleIdsOf(plan: PhysicalNode): number[] {
  return [...new Set(shuffleReadsOf(plan).map((r) => r.shuffleId))].sort((a, b) => a - b);
}
