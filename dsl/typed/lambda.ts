/**
 * The lambda analysis (src/dsl/lambda) as the typed API uses it: one import point.
 */
export { analyzeLambda, compiledFor, whyNotCompiledFor, type AnalyzedLambda, type CompiledLambda, type LambdaKind } from '../lambda/index.js';
