/**
 * Errors, named by who is at fault (DataFusion's convention): the user's program
 * (AnalysisError), the user's data (DataError, SourceError), the user's function
 * (UserFunctionError), the runtime (FetchFailedError, ExecutorLostError), or rondo itself
 * (InternalError). TaskFailedError wraps any of them with the stage and partition where it
 * happened. All of them cross the wire as JSON and come back as the same class.
 */

/** The base class of every error rondo raises on purpose. */
export class RondoError extends Error {
  /** Extra structured context (column, file, line, stage, …); travels with the error. */
  readonly details: Record<string, unknown>;
  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** The program is wrong: unknown column, type mismatch, bad argument. Raised before anything runs. */
export class AnalysisError extends RondoError {}

/** The data is wrong: a malformed row, a value that does not parse, an overflow. Names file/line or column. */
export class DataError extends RondoError {}

/** A source cannot be read: missing file, unreadable path, unsupported format. Names the path. */
export class SourceError extends RondoError {}

/** A sink cannot be written (e.g. the target exists and the mode is 'error'). Names the path. */
export class SinkError extends RondoError {}

/** A user's row function threw; carries its message and stack. Deterministic: not retried. */
export class UserFunctionError extends RondoError {}

/** A job's result is larger than the configured limit for collect(). */
export class ResultTooLargeError extends RondoError {}

/** A reduce task could not fetch a shuffle piece; the scheduler recomputes the lost map output. */
export class FetchFailedError extends RondoError {
  constructor(message: string, readonly location: string, readonly shuffleId: number, readonly mapPartition: number, options?: { cause?: unknown }) {
    super(message, { location, shuffleId, mapPartition }, options);
  }
}

/** An executor stopped answering. */
export class ExecutorLostError extends RondoError {}

/** The job was cancelled. */
export class CancelledError extends RondoError {}

/** A bug in rondo. */
export class InternalError extends RondoError {}

/**
 * A task failed: says which stage and partition, carries the remote error (`cause`) and its
 * stack as text. `retryable` is false for deterministic user errors.
 */
export class TaskFailedError extends RondoError {}

const CLASSES: Record<string, new (message: string, details?: Record<string, unknown>) => RondoError> = {
  RondoError, AnalysisError, DataError, SourceError, SinkError, UserFunctionError, ResultTooLargeError,
  ExecutorLostError, CancelledError, InternalError, TaskFailedError,
};

/** The JSON form of an error on the wire. */
export interface ErrorJson {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly details?: Record<string, unknown>;
  readonly cause?: ErrorJson;
}

/** Serializes any thrown value for the wire, keeping class name, message, stack, details and cause. */
export function errorToJson(e: unknown): ErrorJson {
  if (e instanceof Error) {
    const details = e instanceof RondoError ? e.details : undefined;
    const cause = (e as { cause?: unknown }).cause;
    return {
      name: e.name,
      message: e.message,
      stack: e.stack,
      ...(details ? { details } : {}),
      ...(cause !== undefined ? { cause: errorToJson(cause) } : {}),
    };
  }
  return { name: 'Error', message: String(e) };
}

/** Rebuilds an error from the wire as the same class (FetchFailedError stays typed). */
export function errorFromJson(j: ErrorJson): Error {
  const cause = j.cause ? errorFromJson(j.cause) : undefined;
  let e: Error;
  if (j.name === 'FetchFailedError' && j.details) {
    const d = j.details as { location: string; shuffleId: number; mapPartition: number };
    e = new FetchFailedError(j.message, d.location, d.shuffleId, d.mapPartition, { cause });
  } else {
    const C = CLASSES[j.name];
    if (C) {
      e = new C(j.message, j.details ?? {});
      if (cause) (e as { cause?: unknown }).cause = cause;
    } else {
      e = new Error(j.message, { cause });
      e.name = j.name;
    }
  }
  if (j.stack) e.stack = j.stack;
  return e;
}

/** True when retrying cannot help: the program, the data or the user's function is at fault. */
export function isDeterministic(e: unknown): boolean {
  return e instanceof AnalysisError || e instanceof DataError || e instanceof SourceError
    || e instanceof SinkError || e instanceof UserFunctionError || e instanceof ResultTooLargeError;
}
