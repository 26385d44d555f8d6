/**
 * The typed API's pieces (functions on rows): the grouped-by-function Dataset, the RowFn a
 * function travels as, the sample-based schema inference, and the type-level helpers.
 */
export { KeyedDataset, KEY_COLUMN } from './keyed-dataset.js';
export { analyzeLambda, compiledFor, whyNotCompiledFor, type AnalyzedLambda, type CompiledLambda, type LambdaKind } from './lambda.js';
export { callSite, rowFnOf } from './row-fn-spec.js';
export { inferOutputSchema, SAMPLE_ROWS, type InferredOutput } from './infer-schema.js';
export { runOnSample } from './sample.js';
export { SchemaSlot } from './schema-slot.js';
export type { Captures, ColName, RowFnOptions, Selected, WithColumn } from './types.js';
export { givenOutput, outputWithoutRows } from './shape-schema.js';
