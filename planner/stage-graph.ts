/**
 * The StageGraph: a physical plan cut at every exchange (Ballista's rule: stages are cut
 * only there). A stage is a pipeline of operators that runs as one task per partition; its
 * inputs are scans or shuffle reads of its parent stages, its output a shuffle write or the
 * job result.
 */
import type { Partitioning, PhysicalNode } from '../engine/plan.js';

/** What a stage does with its rows. */
export type StageOutput =
  | { readonly kind: 'shuffle'; readonly shuffleId: number; readonly partitioning: Partitioning; readonly broadcast: boolean }
  | { readonly kind: 'result' };

/** One stage: a template plan (see engine/plan.ts) whose exchanges became shuffleReads. */
export interface Stage {
  readonly id: number;
  readonly plan: PhysicalNode;
  readonly partitions: number;
  readonly output: StageOutput;
  /** Stages whose shuffles this stage reads. */
  readonly parents: readonly number[];
}

/** All stages of a job, parents before children; the last is the result stage. */
export interface StageGraph {
  readonly stages: readonly Stage[];
  readonly resultStage: number;
}

/** Settings the planner reads. */
export interface PlannerConf {
  /** Partitions after a shuffle (Spark's spark.sql.shuffle.partitions). */
  readonly shufflePartitions: number;
  /** A join side estimated below this many bytes is broadcast instead of shuffled. 0 disables. */
  readonly broadcastThresholdBytes: number;
  /** Target bytes per split when a large file is cut into byte ranges. */
  readonly maxSplitBytes: number;
}
