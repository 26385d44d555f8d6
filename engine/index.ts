/**
 * The engine's curated index: pure columnar compute that runs inside a task. Layers above
 * (planner, driver, executor) import from here.
 */
// Contracts: types, batches, expressions, plans and tasks, errors.
export * from './types.js';
export * from './batch.js';
export * from './expr.js';
export * from './plan.js';
export * from './task-frame.js';
export * from './errors.js';
// Kernels over vectors and batches; Arrow conversion and IPC; expression evaluation.
export * from './kernels/index.js';
export * from './arrow/index.js';
export * from './expr/index.js';
// Sources and sinks.
export * from './io/index.js';
// Operators, aggregation, shuffle, and the task runner.
export {
  executePlan, sortBatch, collectBatch, compareRows, rankDictionary, sortColumn, sortColumns, sortIndices,
  type SortColumn, type BatchStream, type ExecContext,
} from './ops/index.js';
export * from './aggregate/index.js';
export * from './shuffle/index.js';
export { runTask, writeFileStem } from './run-task.js';
