/**
 * Failures that happen outside a job's own flow while it runs: a promise nothing awaits that
 * rejects (a forgotten `await`), an exception thrown in a timer or callback. Node would print
 * a raw trace and exit; `rondo run` reports them as a failure of the job instead.
 */

/** What happened: the error and how it escaped. */
export interface BackgroundFailure {
  readonly error: unknown;
  readonly kind: 'unhandled rejection' | 'uncaught exception';
}

/** A watch over the process's unhandled rejections and uncaught exceptions. */
export interface BackgroundWatch {
  /** The first failure seen, if any. */
  first(): BackgroundFailure | undefined;
  /** Settles (never rejects) with the first failure once there is one. */
  readonly failed: Promise<BackgroundFailure>;
  /** Gives the process its default handling back. */
  stop(): void;
}

/** Starts watching; until `stop`, such failures no longer end the process. */
export function watchBackgroundFailures(): BackgroundWatch {
  let first: BackgroundFailure | undefined;
  let settle!: (f: BackgroundFailure) => void;
  const failed = new Promise<BackgroundFailure>((r) => { settle = r; });
  const seen = (f: BackgroundFailure): void => {
    if (first !== undefined) return;
    first = f;
    settle(f);
  };
  const onRejection = (error: unknown): void => seen({ error, kind: 'unhandled rejection' });
  const onException = (error: unknown): void => seen({ error, kind: 'uncaught exception' });
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    first: () => first,
    failed,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** Why a background failure failed the job, for the first line of the report. */
export function backgroundHint(f: BackgroundFailure): string {
  return f.kind === 'unhandled rejection'
    ? 'a promise that nothing awaited was rejected (is an `await` missing?)'
    : 'an exception was thrown outside the job\'s own flow (in a timer or a callback)';
}
