/**
 * `Session`: the entry point. Owns the driver (and through it the executors), hands out plan
 * and cache ids, and builds the in-memory sources (`fromRows`, `fromArrow`, `range`).
 */
import { inspect } from 'node:util';
import os from 'node:os';
import { setMaxListeners, type EventEmitter } from 'node:events';
import type { Table } from 'apache-arrow';
import { encodeIpc, inferRowsSchema, rowsToBatch, schemaFromArrow, tableToBatches } from '../engine/arrow/index.js';
import { AnalysisError, RondoError } from '../engine/errors.js';
import type { Schema } from '../engine/types.js';
import type { TaskBackend } from '../driver/backend.js';
import { createLocalBackend, Driver, resolveConf, type SessionConf } from '../driver/index.js';
import type { Batch } from '../engine/batch.js';
import { ClusterBackend } from '../driver/cluster/index.js';
import type { LogicalPlan, ScanSource } from '../planner/logical.js';
import { describeValue } from './column.js';
import type { SessionContext } from './context.js';
import { Dataset, type Row } from './dataset.js';
import { DataFrameReader } from './reader.js';
import { normalizeSchema, type SchemaInput } from './schema-input.js';

/** Options of `Session.local`. */
export interface LocalSessionOptions {
  /** Executors to start (default: one per CPU core). */
  readonly executors?: number;
  /** Settings (shufflePartitions, batchSize, broadcastThresholdBytes, …); unknown keys are an error. */
  readonly conf?: Partial<SessionConf> | Readonly<Record<string, unknown>>;
  /** Run tasks inside this process instead of executor processes (still fully serialized). Default false. */
  readonly inProcess?: boolean;
}

/** Options of `Session.connect`. */
export interface ConnectSessionOptions {
  /** Executor URLs (`http://host:port`) started with `rondo executor`. */
  readonly executors: readonly string[];
  /** The shared secret the executors were started with. */
  readonly secret: string;
  /** Settings, as for `Session.local`. */
  readonly conf?: Partial<SessionConf> | Readonly<Record<string, unknown>>;
}

/** Options of the in-memory sources. */
export interface InMemoryOptions {
  /** Partitions to cut the rows into (default: the executor count, at most one per row). */
  readonly partitions?: number;
}

/** Options of `fromRows`. */
export interface FromRowsOptions extends InMemoryOptions {
  /** The columns and types, instead of inferring them from the rows (needed for zero rows). */
  readonly schema?: SchemaInput;
}

/** Options of `range`. */
export interface RangeOptions {
  /** Distance between values (default 1; negative counts down). */
  readonly step?: number;
  /** Partitions (default: the executor count). */
  readonly partitions?: number;
}

/**
 * Picks what runs the tasks of a local session: executor processes on loopback, or (for tests
 * of the engine alone) the in-process runner, which still sends every task through JSON and
 * every shuffle piece through Arrow IPC.
 */
async function makeBackend(executors: number, inProcess: boolean): Promise<TaskBackend> {
  if (inProcess) return createLocalBackend({ slots: executors });
  return ClusterBackend.startLocal({ executors });
}

/**
 * The session's driver: every job it runs also listens to a session-wide cancel scope, so
 * `session.cancelAll()` can cancel the running jobs and leave the session usable.
 */
class SessionDriver extends Driver {
  private scope = new AbortController();

  constructor(backend: TaskBackend, conf: SessionConf) {
    super(backend, conf);
    setMaxListeners(0, this.scope.signal);
  }

  override collect(plan: LogicalPlan, opts: { signal?: AbortSignal } = {}): Promise<{ schema: Schema; batches: Batch[] }> {
    const scope = this.scope.signal;
    return super.collect(plan, { ...opts, signal: opts.signal ? AbortSignal.any([opts.signal, scope]) : scope });
  }

  /** Aborts the jobs running now; jobs started afterwards get a fresh scope. */
  cancelAll(): void {
    const old = this.scope;
    this.scope = new AbortController();
    setMaxListeners(0, this.scope.signal);
    old.abort();
  }
}

/** A connection to a cluster (or an embedded one) on which Datasets run. */
export class Session implements SessionContext {
  /** Runs the jobs of this session. */
  readonly driver: Driver;
  /** File sources: `session.read.csv(...)`, `.json`, `.arrow`, `.parquet`. */
  readonly read: DataFrameReader;
  /** Partitions of in-memory sources by default. */
  readonly defaultParallelism: number;
  private planIds = 0;
  private cacheIds = 0;
  private stopped: Promise<void> | null = null;

  private constructor(driver: Driver, defaultParallelism: number) {
    this.driver = driver;
    this.defaultParallelism = defaultParallelism;
    this.read = new DataFrameReader(this);
  }

  /**
   * An embedded cluster of `executors` executors.
   * @example const session = await Session.local({ executors: 2, conf: { shufflePartitions: 4 } })
   */
  static async local(opts: LocalSessionOptions = {}): Promise<Session> {
    const executors = opts.executors ?? os.availableParallelism();
    if (!Number.isInteger(executors) || executors < 1) throw new AnalysisError(`Session.local(): executors must be a positive integer, got ${describeValue(executors)}`);
    const conf = resolveConf(opts.conf as Record<string, unknown> | undefined);
    const backend = await makeBackend(executors, opts.inProcess === true);
    return new Session(new SessionDriver(backend, conf), executors);
  }

  /**
   * Attaches to executors started with `rondo executor`.
   * @example const session = await Session.connect({ executors: ['http://10.0.0.5:7070'], secret })
   */
  static async connect(opts: ConnectSessionOptions): Promise<Session> {
    if (!opts || !Array.isArray(opts.executors) || opts.executors.length === 0) throw new AnalysisError('Session.connect(): give at least one executor URL in `executors`');
    if (typeof opts.secret !== 'string' || opts.secret.length === 0) throw new AnalysisError('Session.connect(): give the executors\' shared `secret`');
    const conf = resolveConf(opts.conf as Record<string, unknown> | undefined);
    const backend = await ClusterBackend.connect({ urls: opts.executors, secret: opts.secret });
    return new Session(new SessionDriver(backend, conf), Math.max(1, backend.slots()));
  }

  /** The session's settings. */
  get conf(): SessionConf {
    return this.driver.conf;
  }

  /** Progress events of the driver: jobStart, stageSubmitted, taskEnd, stageCompleted, jobEnd. */
  get events(): EventEmitter {
    return this.driver.events;
  }

  /** @internal A fresh plan node id. */
  nextPlanId(): number {
    return ++this.planIds;
  }

  /** @internal A fresh cache id. */
  nextCacheId(): string {
    return `cache-${++this.cacheIds}`;
  }

  /**
   * A Dataset of plain objects; the schema is inferred (numbers: int32, int64 or float64;
   * Date: timestamp) unless given.
   * @example session.fromRows([{ k: 'a', v: 1 }, { k: 'b', v: null }])
   */
  fromRows<T extends object = Row>(rows: readonly T[], opts: FromRowsOptions = {}): Dataset<T> {
    if (!Array.isArray(rows)) throw new AnalysisError(`fromRows(): expected an array of objects, got ${describeValue(rows)}`);
    rows.forEach((r, i) => {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new AnalysisError(`fromRows(): row ${i} is not a plain object: ${describeValue(r)}`);
    });
    const plain = rows as readonly object[] as readonly Row[]; // the row type T is the caller's view (interfaces too)
    const schema = opts.schema !== undefined ? normalizeSchema(opts.schema, 'fromRows(): schema') : inferRowsSchema(plain);
    const n = this.partitionCount(opts.partitions, rows.length, 'fromRows');
    const parts: Uint8Array[] = [];
    let size = 0;
    for (let p = 0; p < n; p++) {
      const slice = plain.slice(Math.floor((p * rows.length) / n), Math.floor(((p + 1) * rows.length) / n));
      const ipc = encodeIpc(schema, [rowsToBatch(slice, schema)]);
      size += ipc.byteLength;
      parts.push(ipc);
    }
    return this.inline(schema, parts, size);
  }

  /**
   * A Dataset of an apache-arrow Table.
   * @example session.fromArrow(tableFromArrays({ id: Int32Array.from([1, 2, 3]) }))
   */
  fromArrow(table: Table, opts: InMemoryOptions = {}): Dataset<Row> {
    if (!table || typeof (table as Table).slice !== 'function' || !(table as Table).schema) throw new AnalysisError(`fromArrow(): expected an apache-arrow Table, got ${describeValue(table)}`);
    const schema = schemaFromArrow(table.schema);
    const n = this.partitionCount(opts.partitions, table.numRows, 'fromArrow');
    const parts: Uint8Array[] = [];
    let size = 0;
    for (let p = 0; p < n; p++) {
      const slice = table.slice(Math.floor((p * table.numRows) / n), Math.floor(((p + 1) * table.numRows) / n));
      const ipc = encodeIpc(schema, tableToBatches(slice));
      size += ipc.byteLength;
      parts.push(ipc);
    }
    return this.inline(schema, parts, size);
  }

  /**
   * One int64 column `id`: start, start+step, … below end (above it for a negative step).
   * One argument means 0 until it, as Spark's.
   * @example session.range(10) // 0..9
   * @example session.range(0, 100, { step: 5, partitions: 4 })
   */
  range(start: number, end?: number | RangeOptions, opts: RangeOptions = {}): Dataset<{ id: number }> {
    let lo = start;
    let hi: number;
    if (end === undefined || (typeof end === 'object' && end !== null)) {
      if (typeof end === 'object') opts = end;
      lo = 0;
      hi = start;
    } else {
      hi = end;
    }
    const step = opts.step ?? 1;
    for (const [name, v] of [['start', lo], ['end', hi], ['step', step]] as const) {
      if (!Number.isSafeInteger(v)) throw new AnalysisError(`range(): ${name} must be an integer within ±2^53, got ${describeValue(v)}`);
    }
    if (step === 0) throw new AnalysisError('range(): step must not be 0');
    const partitions = opts.partitions ?? this.defaultParallelism;
    if (!Number.isInteger(partitions) || partitions < 1) throw new AnalysisError(`range(): partitions must be a positive integer, got ${describeValue(partitions)}`);
    const source: ScanSource = { format: 'range', start: lo, end: hi, step, partitions };
    const schema: Schema = [{ name: 'id', type: 'int64', nullable: false }];
    return new Dataset(this, { id: this.nextPlanId(), node: 'scan', source, schema, projection: null, filters: [] });
  }

  /**
   * Cancels every job of this session that is running now (their promises reject with
   * CancelledError); the session stays usable. Writes are cancelled only by `stop()`.
   * @example process.on('SIGINT', () => session.cancelAll())
   */
  cancelAll(): void {
    if (this.driver instanceof SessionDriver) this.driver.cancelAll();
  }

  /** Stops the executors and frees the session. Safe to call twice. @example await session.stop() */
  stop(): Promise<void> {
    const stopping = this.stopped ?? this.driver.stop();
    this.stopped = stopping;
    return stopping;
  }

  /**
   * What util.inspect (and the REPL) shows: a short summary, never the driver's internals
   * (the executors' shared secret among them).
   */
  [inspect.custom](): string {
    return `Session[parallelism ${this.defaultParallelism}]`;
  }

  private inline<T>(schema: Schema, partitionsIpc: Uint8Array[], sizeBytes: number): Dataset<T> {
    const plan: LogicalPlan = { id: this.nextPlanId(), node: 'scan', source: { format: 'inline', partitionsIpc, sizeBytes }, schema, projection: null, filters: [] };
    return new Dataset<T>(this, plan);
  }

  private partitionCount(requested: number | undefined, rows: number, where: string): number {
    if (requested !== undefined) {
      if (!Number.isInteger(requested) || requested < 1) throw new AnalysisError(`${where}(): partitions must be a positive integer, got ${describeValue(requested)}`);
      return requested;
    }
    return Math.max(1, Math.min(this.defaultParallelism, rows));
  }
}
