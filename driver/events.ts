/**
 * The progress events a Driver emits on `driver.events` (the CLI's progress lines and the UI
 * listen to them). Every payload carries the jobId.
 */

/** What a job is for. */
export type JobKind = 'collect' | 'write' | 'cache';

/** A stage as announced at job start. */
export interface StageInfo {
  readonly stageId: number;
  /** Tasks of the stage (its partitions). */
  readonly tasks: number;
  readonly parents: readonly number[];
  /** 'result' for the last stage, else the shuffle it writes. */
  readonly output: 'result' | 'shuffle';
}

/** Payloads by event name. */
export interface DriverEvents {
  jobStart: { readonly jobId: string; readonly kind: JobKind; readonly stages: readonly StageInfo[] };
  /**
   * Tasks of a stage handed to the task scheduler. `phase` 'sample' is the sampling pass of a
   * stage whose output is range-partitioned; a stage is submitted again when lost outputs are recomputed.
   */
  stageSubmitted: { readonly jobId: string; readonly stageId: number; readonly tasks: number; readonly phase: 'sample' | 'main' };
  /**
   * The result stage's small shuffle partitions were coalesced: `tasks` tasks read its
   * `partitions` reduce partitions (the others finish at once, empty).
   */
  stageCoalesced: { readonly jobId: string; readonly stageId: number; readonly partitions: number; readonly tasks: number };
  /** A task succeeded: `bytes` is what it produced (shuffle pieces, result IPC, cache, files' rows only). */
  taskEnd: {
    readonly jobId: string; readonly stageId: number; readonly partition: number; readonly attempt: number;
    readonly phase: 'sample' | 'main'; readonly rows: number; readonly bytes: number; readonly location: string; readonly ms: number;
  };
  /** A task failed; `willRetry` says whether the scheduler tries again. */
  taskFailed: {
    readonly jobId: string; readonly stageId: number; readonly partition: number; readonly attempt: number;
    readonly phase: 'sample' | 'main'; readonly location: string | undefined; readonly error: Error; readonly willRetry: boolean;
  };
  /** Map outputs forgotten (a fetch failed or an executor was lost); they are recomputed when needed. */
  mapOutputsLost: { readonly jobId: string; readonly lost: readonly { readonly shuffleId: number; readonly mapPartition: number; readonly location: string }[] };
  /** Every partition of the stage is done (again, after a recompute). */
  stageCompleted: { readonly jobId: string; readonly stageId: number; readonly rows: number; readonly bytes: number };
  jobEnd: { readonly jobId: string; readonly ok: boolean; readonly ms: number; readonly error?: Error };
}
