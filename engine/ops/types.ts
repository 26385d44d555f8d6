/**
 * The operator interface: every operator turns its node and input streams into a stream of
 * batches, pulled by the consumer (back-pressure comes for free with async iteration).
 */
import type { Batch } from '../batch.js';
import type { ShuffleInput, TaskConf, TaskContext } from '../plan.js';

/** A stream of batches of about `conf.batchSize` rows. */
export type BatchStream = AsyncIterable<Batch>;

/** What a running plan needs from its task: shuffle inputs, the runtime's services, settings. */
export interface ExecContext {
  /** Where the shuffle pieces of each shuffle this task reads live. */
  readonly inputs: readonly ShuffleInput[];
  /** The runtime: shuffle fetch, cache lookup, cancellation. */
  readonly task: TaskContext;
  /** Batch size and friends. */
  readonly conf: TaskConf;
  /** The task's partition (seeds samplers and round-robin starts); 0 when not known. */
  readonly partition?: number;
}
