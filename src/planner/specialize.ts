/**
 * Specializing a stage's template plan to the plan of one task (see engine/plan.ts).
 */
import { InternalError } from '../engine/errors.js';
import type { PhysicalNode } from '../engine/plan.js';

/**
 * The plan of the task for `partition`: a scan keeps its split, a shuffleRead reads that
 * reduce partition (a broadcast reads partition 0), a union keeps the input owning the
 * partition, a coalesce becomes a union of its group's input partitions.
 */
export function specializeForPartition(stagePlan: PhysicalNode, partition: number): PhysicalNode {
  const node = stagePlan;
  switch (node.op) {
    case 'scan': {
      const split = node.splits[partition];
      if (split === undefined) throw new InternalError(`scan has ${node.splits.length} splits; no partition ${partition}`);
      return { ...node, splits: [split], partitions: 1 };
    }
    case 'shuffleRead':
      return { ...node, reduce: [node.broadcast ? 0 : partition], partitions: 1 };
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
      return { ...node, left: specializeForPartition(node.left, partition), right: specializeForPartition(node.right, partition), partitions: 1 };
    case 'exchange':
      throw new InternalError('specializeForPartition needs a stage plan (exchanges cut into shuffleReads)');
    default:
      return { ...node, input: specializeForPartition(node.input, partition), partitions: 1 } as PhysicalNode;
  }
}
