/**
 * Specializing a stage's template plan to the plan of one task (see engine/plan.ts).
 */
import { InternalError } from '../engine/errors.js';
import type { PhysicalNode } from '../engine/plan.js';

/**
 * The plan of the task for `partition`: a scan keeps its split, a shuffleRead reads that
 * reduce partition (a broadcast reads partition 0), a union keeps the input owning the
 * partition, a coalesce becomes a union of its group's input partitions. With `group` (a
 * stage that `readsOnlyShuffles`), every shuffleRead reads those reduce partitions instead:
 * one task for several small partitions, as Spark's adaptive execution coalesces them.
 */
export function specializeForPartition(stagePlan: PhysicalNode, partition: number, group?: readonly number[]): PhysicalNode {
  const node = stagePlan;
  switch (node.op) {
    case 'scan': {
      const split = node.splits[partition];
      if (split === undefined) throw new InternalError(`scan has ${node.splits.length} splits; no partition ${partition}`);
      return { ...node, splits: [split], partitions: 1 };
    }
    case 'shuffleRead':
      return { ...node, reduce: node.broadcast ? [0] : group ? [...group] : [partition], partitions: 1 };
    case 'union': {
      let p = partition;
      for (const input of node.inputs) {
        if (p < input.partitions) return { ...node, inputs: [specializeForPartition(input, p)], partitions: 1 };
        p -= input.partitions;
      }
      throw new InternalError(`union has ${node.partitions} partitions; no partition ${partition}`);
    }
    case 'coalesce': {
      const group = node.groups[partition];
      if (group === undefined) throw new InternalError(`coalesce has ${node.groups.length} groups; no partition ${partition}`);
      return { op: 'union', inputs: group.map((p) => specializeForPartition(node.input, p)), schema: node.schema, partitions: 1 };
    }
    case 'hashJoin':
    case 'nestedLoopJoin':
      return { ...node, left: specializeForPartition(node.left, partition, group), right: specializeForPartition(node.right, partition, group), partitions: 1 };
    case 'exchange':
      throw new InternalError('specializeForPartition needs a stage plan (exchanges cut into shuffleReads)');
    default:
      return { ...node, input: specializeForPartition(node.input, partition, group), partitions: 1 } as PhysicalNode;
  }
}

/**
 * True when every input of a stage plan is a shuffleRead of `partitions` reduce partitions (or a
 * broadcast), with no union or coalesce: one task may then read several consecutive reduce
 * partitions at once and give the rows of all of them, in order.
 */
export function readsOnlyShuffles(stagePlan: PhysicalNode, partitions: number): boolean {
  const node = stagePlan;
  switch (node.op) {
    case 'shuffleRead':
      return node.broadcast || node.partitions === partitions;
    case 'scan':
    case 'union':
    case 'coalesce':
    case 'exchange':
      return false;
    case 'hashJoin':
    case 'nestedLoopJoin':
      return readsOnlyShuffles(node.left, partitions) && readsOnlyShuffles(node.right, partitions);
    default:
      return 'input' in node ? readsOnlyShuffles((node as { input: PhysicalNode }).input, partitions) : false;
  }
}
