/**
 * Cutting a physical plan into stages at every exchange (Ballista's rule): the exchange's
 * input becomes a stage that writes a shuffle, and the exchange becomes a shuffleRead of it.
 */
import type { PhysicalNode } from '../engine/plan.js';
import type { Stage, StageGraph } from './stage-graph.js';

/** Cuts `physical` into stages, parents before children; the last one is the result stage. */
export function cutStages(physical: PhysicalNode, nextShuffleId: () => number): StageGraph {
  const stages: Stage[] = [];
  const stageOfShuffle = new Map<number, number>();

  // Rewrites a subtree of one stage; collects the shuffles it reads.
  const cut = (node: PhysicalNode, reads: Set<number>): PhysicalNode => {
    if (node.op === 'exchange') {
      const parentReads = new Set<number>();
      const plan = cut(node.input, parentReads);
      const shuffleId = nextShuffleId();
      const id = stages.length;
      stages.push({
        id,
        plan,
        partitions: plan.partitions,
        output: { kind: 'shuffle', shuffleId, partitioning: node.partitioning, broadcast: node.broadcast },
        parents: [...parentReads].map((s) => stageOfShuffle.get(s)!),
      });
      stageOfShuffle.set(shuffleId, id);
      reads.add(shuffleId);
      // A gather to one partition reads the map outputs in partition order: what a limit
      // keeps (and a collect shows) must not depend on which peer answered first.
      const ordered = node.partitioning.kind === 'single';
      return { op: 'shuffleRead', shuffleId, broadcast: node.broadcast, reduce: null, ...(ordered ? { ordered } : {}), schema: node.schema, partitions: node.partitions };
    }
    switch (node.op) {
      case 'scan':
      case 'shuffleRead':
        return node;
      case 'hashJoin':
      case 'nestedLoopJoin':
        return { ...node, left: cut(node.left, reads), right: cut(node.right, reads) };
      case 'union':
        return { ...node, inputs: node.inputs.map((i) => cut(i, reads)) };
      default:
        return { ...node, input: cut(node.input, reads) } as PhysicalNode;
    }
  };

  const reads = new Set<number>();
  const plan = cut(physical, reads);
  const id = stages.length;
  stages.push({ id, plan, partitions: plan.partitions, output: { kind: 'result' }, parents: [...reads].map((s) => stageOfShuffle.get(s)!) });
  return { stages, resultStage: id };
}
