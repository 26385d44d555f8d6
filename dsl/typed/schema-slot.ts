/**
 * A schema known only after the first action: the output of a row function that was not
 * compiled is inferred from a sample (see infer-schema.ts) when an action first needs it.
 */
import type { Schema } from '../../engine/types.js';
import type { InferredOutput } from './infer-schema.js';

/** One pending inference, run at most once (again only if it failed). */
export class SchemaSlot {
  private result: InferredOutput | null = null;
  private running: Promise<void> | null = null;

  /** `infer` runs the sample; it is called by the first `resolve()`. */
  constructor(private readonly infer: () => Promise<InferredOutput>) {}

  /** Infers the schema unless already done. */
  resolve(): Promise<void> {
    if (this.result !== null) return Promise.resolve();
    this.running ??= this.infer().then(
      (r) => { this.result = r; },
      (e: unknown) => { this.running = null; throw e; },
    );
    return this.running;
  }

  /** True once inferred. */
  get resolved(): boolean {
    return this.result !== null;
  }

  /** The inferred output (after `resolve()`). */
  get output(): InferredOutput {
    if (this.result === null) throw new Error('schema slot read before it was resolved');
    return this.result;
  }

  /** The inferred schema (after `resolve()`). */
  get schema(): Schema {
    return this.output.schema;
  }
}
