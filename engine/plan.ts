/**
 * The physical plan and the task: what travels from the driver to whoever runs a task.
 *
 * Everything here is plain data: what survives `JSON.stringify` (no functions, no bigint, no
 * Map), plus Uint8Array byte blocks (inline data, range bounds), which travel as binary
 * attachments of the task frame (engine/task-frame.ts), never as base64. It covers a stage's
 * operator tree, the task around it, and its result. Every node carries its output `schema`
 * and its number of `partitions`.
 *
 * A *template* plan (what the planner builds, and what explain prints) describes all
 * partitions of a stage; planner/specialize.ts turns it into the plan of one task: a scan keeps
 * only that task's splits, a shuffleRead names the reduce partitions to read, a union keeps
 * the one input that owns the partition, and a coalesce becomes a union of its group.
 */
import type { AggSpec, Expr, SortKey, WindowFnSpec } from './expr.js';
import type { Schema } from './types.js';

/** Options of a CSV read, resolved (no defaults left open). */
export interface CsvOptions {
  readonly header: boolean;
  readonly delimiter: string;
  readonly quote: string;
  /** The character that escapes a quote inside a quoted field; `"` means doubled quotes. */
  readonly escape: string;
  /** The text that means null; an empty unquoted field is null too unless nullValue says otherwise. */
  readonly nullValue: string;
}

/** What every file split has: the file, and the values of its partition folders. */
export interface FileSplitBase {
  readonly path: string;
  /**
   * The text of the file's partition folder values (null: the default partition), one per
   * partition column at the end of the scan's file schema; absent when there are none.
   */
  readonly partitionValues?: readonly (string | null)[];
}

/** One unit of input read by one task. Byte ranges start and end at line boundaries as read. */
export type SourceSplit =
  /** Rows whose first byte lies in [start, end); a split that starts mid-line skips to the next line. */
  | (FileSplitBase & { readonly kind: 'csv'; readonly start: number; readonly end: number; readonly options: CsvOptions })
  | (FileSplitBase & { readonly kind: 'json'; readonly start: number; readonly end: number })
  /** Record batches [batchStart, batchEnd) of an Arrow IPC file (or stream). */
  | (FileSplitBase & { readonly kind: 'arrow'; readonly batchStart: number; readonly batchEnd: number })
  /** Row groups [rowGroupStart, rowGroupEnd) of a Parquet file. */
  | (FileSplitBase & { readonly kind: 'parquet'; readonly rowGroupStart: number; readonly rowGroupEnd: number })
  /** Column `id` (int64): start, start+step, … while < end (> end for a negative step). */
  | { readonly kind: 'range'; readonly start: number; readonly end: number; readonly step: number }
  /** Data that travels inside the task: an Arrow IPC stream (a binary attachment of the task frame). */
  | { readonly kind: 'inline'; readonly ipc: Uint8Array }
  /** Partition `partition` of a cached Dataset, held in memory by the runtime at `location`. */
  | { readonly kind: 'cached'; readonly cacheId: string; readonly partition: number; readonly location: string };

/** How a shuffle map task splits its output among reduce partitions. */
export type Partitioning =
  | { readonly kind: 'hash'; readonly keys: readonly Expr[]; readonly partitions: number }
  /** Range partitioning for a global sort; `bounds` (an IPC stream of partitions−1 key rows) is filled in at run time from a sample. */
  | { readonly kind: 'range'; readonly keys: readonly SortKey[]; readonly partitions: number; readonly bounds?: Uint8Array }
  | { readonly kind: 'roundRobin'; readonly partitions: number }
  /** Everything to reduce partition 0. A broadcast is a single exchange that every reader reads whole. */
  | { readonly kind: 'single' };

/** What a row function is used as (see dsl typed API). */
export type RowFnKind = 'map' | 'flatMap' | 'filter' | 'mapPartitions' | 'key' | 'reduce' | 'mapGroups' | 'foreach';

/**
 * A user's row function as it travels: JavaScript source text plus its captures (JSON), rebuilt
 * with `new Function` once per task. Rows are plain objects of the input's fields (only `reads`
 * when known), or bare values of the column `value` when `valueIn`; `valueOut` says the
 * function returns bare values (one output column `value`) instead of objects.
 */
export interface RowFn {
  readonly kind: RowFnKind;
  readonly source: string;
  readonly captures: Readonly<Record<string, unknown>>;
  /** Input fields the function reads; null = the whole row. */
  readonly reads: readonly string[] | null;
  readonly valueIn: boolean;
  readonly valueOut: boolean;
  /** Why the analysis could not compile it to expressions (for explain). */
  readonly notCompiledBecause: string | null;
  /** The user's call site (`file:line:col`) where the transformation was defined, for error stacks. */
  readonly definedAt?: string;
}

/** The ranking window functions a windowGroupLimit can stand for. */
export type RankingFn = 'rowNumber' | 'rank' | 'denseRank';

/** Join types. `semi` and `anti` output left columns only. */
export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'cross';

interface NodeBase {
  readonly schema: Schema;
  readonly partitions: number;
}

/** A physical operator tree: the closed union of operators. */
export type PhysicalNode =
  /** Reads `splits`; `projection` picks file columns (null = all); `filters` (over the output) drop rows early. */
  /**
   * `pruning`: the filters on partition columns that chose which files the splits read (of
   * how many), already applied per file (they are not in `filters`).
   */
  | (NodeBase & {
    readonly op: 'scan'; readonly fileSchema: Schema; readonly splits: readonly SourceSplit[]; readonly projection: readonly number[] | null; readonly filters: readonly Expr[];
    readonly pruning?: { readonly partitionFilters: readonly Expr[]; readonly filesRead: number; readonly filesTotal: number };
  })
  | (NodeBase & { readonly op: 'project'; readonly input: PhysicalNode; readonly exprs: readonly Expr[] })
  | (NodeBase & { readonly op: 'filter'; readonly input: PhysicalNode; readonly predicate: Expr })
  /**
   * Hash aggregation. Output: the group columns, then per aggregate either its state columns
   * (mode `partial`, see engine aggregate state layout) or its value (`final`, `single`).
   * In `final` mode `groupBy` are columns 0..k-1 of the input and the state columns follow in order.
   */
  | (NodeBase & { readonly op: 'aggregate'; readonly input: PhysicalNode; readonly mode: 'partial' | 'final' | 'single'; readonly groupBy: readonly Expr[]; readonly aggs: readonly AggSpec[] })
  /**
   * Equi-join on keys (left key i = right key i; null keys never match), with an optional
   * residual `filter` over the concatenated left+right columns. Builds a hash table on `build`.
   * Output: left columns then right columns (semi/anti: left only); the missing side of an
   * outer join is null.
   */
  | (NodeBase & { readonly op: 'hashJoin'; readonly left: PhysicalNode; readonly right: PhysicalNode; readonly how: Exclude<JoinType, 'cross'>; readonly leftKeys: readonly Expr[]; readonly rightKeys: readonly Expr[]; readonly filter: Expr | null; readonly build: 'left' | 'right' })
  /** Nested-loop join for cross joins and joins without equi-keys; `filter` over left+right. */
  | (NodeBase & { readonly op: 'nestedLoopJoin'; readonly left: PhysicalNode; readonly right: PhysicalNode; readonly how: JoinType; readonly filter: Expr | null })
  /** Sorts its whole input; with `limit`, keeps only the first `limit` rows (top-k). */
  | (NodeBase & { readonly op: 'sort'; readonly input: PhysicalNode; readonly keys: readonly SortKey[]; readonly limit: number | null })
  | (NodeBase & { readonly op: 'limit'; readonly input: PhysicalNode; readonly n: number })
  /** Template: partitions are those of the inputs in order. Specialized: all inputs, one after another. */
  | (NodeBase & { readonly op: 'union'; readonly inputs: readonly PhysicalNode[] })
  /** Template only: partition p runs the input partitions `groups[p]`. */
  | (NodeBase & { readonly op: 'coalesce'; readonly input: PhysicalNode; readonly groups: readonly (readonly number[])[] })
  /** Window functions over hash-partitioned input: appends one column per function. */
  | (NodeBase & { readonly op: 'window'; readonly input: PhysicalNode; readonly partitionBy: readonly Expr[]; readonly orderBy: readonly SortKey[]; readonly fns: readonly WindowFnSpec[] })
  /**
   * Per-group top-k below a window whose ranking function is filtered to at most `limit`
   * (Spark's WindowGroupLimit): keeps, per distinct `partitionBy` value, only the rows whose
   * `fn` over `orderBy` could be ≤ `limit` — rowNumber: the first `limit` rows (ties broken
   * any way); rank: the rows with rank ≤ `limit`; denseRank: the rows of the first `limit`
   * distinct order values. Output: the input columns, a subset of the rows, in no order.
   * `partial` runs before the exchange on the partition keys, `final` after it (same work;
   * the mode is for explain).
   */
  | (NodeBase & { readonly op: 'windowGroupLimit'; readonly input: PhysicalNode; readonly partitionBy: readonly Expr[]; readonly orderBy: readonly SortKey[]; readonly fn: RankingFn; readonly limit: number; readonly mode: 'partial' | 'final' })
  /**
   * A row function run row by row on materialized objects. Output: the input columns then
   * `fn`'s new columns (kind filter: the input columns; key: input + the key column; map,
   * flatMap, mapPartitions: only the function's output columns; foreach: no column, no row).
   */
  | (NodeBase & { readonly op: 'rowFn'; readonly input: PhysicalNode; readonly fn: RowFn })
  /**
   * Per-group row functions (reduce, mapGroups) over rows grouped by the column `key` (null:
   * the whole partition is one group). `keyJson`: the key column holds JSON-encoded keys.
   * `partial` (reduce only) keeps the key column for a later exchange; `final` drops it.
   */
  | (NodeBase & { readonly op: 'rowFnGroups'; readonly input: PhysicalNode; readonly fn: RowFn; readonly key: number | null; readonly keyJson: boolean; readonly mode: 'partial' | 'final' })
  /** In the physical plan before stages are cut: a shuffle boundary. */
  | (NodeBase & { readonly op: 'exchange'; readonly input: PhysicalNode; readonly partitioning: Partitioning; readonly broadcast: boolean })
  /**
   * Stage input: reads shuffle `shuffleId`. Template: `reduce` is null and the task for
   * partition p reads reduce partition p (a broadcast reads partition 0 in every task).
   * Specialized: the reduce partitions this task reads. `ordered`: the pieces come in map
   * partition order (a gather to one partition, so a limit keeps the first rows in partition
   * order, as Spark's); otherwise in the order they arrive.
   */
  | (NodeBase & { readonly op: 'shuffleRead'; readonly shuffleId: number; readonly broadcast: boolean; readonly reduce: readonly number[] | null; readonly ordered?: boolean });

/** Where the pieces of one shuffle live: one entry per map partition. */
export interface ShuffleInput {
  readonly shuffleId: number;
  readonly maps: readonly { readonly mapPartition: number; readonly location: string; readonly sizes: readonly number[] }[];
  /**
   * When set, the task reads only these reduce partitions: every map's `sizes[i]` is the size
   * of reduce partition `reduces[i]`, and maps with nothing for them may be left out (their
   * pieces are empty). When absent, `sizes[r]` is the size of reduce partition r.
   */
  readonly reduces?: readonly number[];
}

/** What a task does with the rows its plan produces. */
export type TaskOutput =
  | { readonly kind: 'result' }
  | { readonly kind: 'shuffle'; readonly shuffleId: number; readonly partitioning: Partitioning }
  /** Sample the sort keys (for the bounds of a range partitioning); at most `size` rows. */
  | { readonly kind: 'sample'; readonly keys: readonly SortKey[]; readonly size: number }
  /**
   * Write the rows as files under `dir` (the driver's staging folder for this job): one file
   * per task, or one per value combination of `partitionBy` in `col=value/` folders (those
   * columns are left out of the files, as in Spark).
   */
  | { readonly kind: 'write'; readonly format: 'csv' | 'json' | 'arrow' | 'parquet'; readonly dir: string; readonly partitionBy: readonly string[] }
  /** Keep the rows in the runtime's memory as partition `partition` of cache `cacheId`. */
  | { readonly kind: 'cache'; readonly cacheId: string };

/** Settings a task runs with. */
export interface TaskConf {
  /** Target rows per batch. */
  readonly batchSize: number;
  /** When true, int64 values beyond ±2^53 come out as bigint instead of failing. */
  readonly bigint: boolean;
}

/** A task: data, never a closure. */
export interface Task {
  readonly jobId: string;
  readonly stageId: number;
  readonly partition: number;
  readonly attempt: number;
  /** The stage plan specialized for this partition. */
  readonly plan: PhysicalNode;
  readonly inputs: readonly ShuffleInput[];
  readonly output: TaskOutput;
  readonly conf: TaskConf;
}

/** What a task gives back. Byte payloads are Arrow IPC streams. */
export type TaskResult =
  | { readonly kind: 'result'; readonly ipc: Uint8Array; readonly rows: number }
  /** One IPC stream per reduce partition (possibly empty: zero bytes). */
  | { readonly kind: 'shuffle'; readonly pieces: readonly Uint8Array[]; readonly rows: number }
  | { readonly kind: 'sample'; readonly ipc: Uint8Array; readonly rows: number }
  /** Paths of the files written, relative to the write's `dir`. */
  | { readonly kind: 'write'; readonly files: readonly string[]; readonly rows: number }
  /** The partition as IPC streams, for the runtime to keep (see TaskContext.cachePut). */
  | { readonly kind: 'cache'; readonly ipc: Uint8Array; readonly rows: number };

/** How a task reads one reduce partition of a shuffle. */
export interface FetchOptions {
  /** Yield the pieces in map partition order, not as they arrive. */
  readonly ordered?: boolean;
}

/** What the runtime (in-process runner or executor) gives a running task. */
export interface TaskContext {
  /**
   * The IPC streams of reduce partition `reduce` of a shuffle, one per map piece, fetched as
   * they come; with `ordered`, yielded in map partition order (still fetched several at once).
   */
  fetch(input: ShuffleInput, reduce: number, opts?: FetchOptions): AsyncIterable<Uint8Array>;
  /** The IPC stream of a cached partition, or undefined when this runtime does not hold it. */
  cacheGet(cacheId: string, partition: number): Uint8Array | undefined;
  /** Set when the job is cancelled; operators check it between batches. */
  readonly signal?: AbortSignal;
}
