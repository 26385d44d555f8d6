/**
 * Physical operators: each turns its node and input streams into a stream of batches;
 * executePlan wires a whole plan.
 */
export type { BatchStream, ExecContext } from './types.js';
export { executePlan } from './execute-plan.js';
export { scan } from './scan.js';
export { project } from './project.js';
export { filter } from './filter.js';
export { limit } from './limit.js';
export { union } from './union.js';
export { shuffleRead } from './shuffle-read.js';
export { hashJoin } from './hash-join.js';
export { nestedLoopJoin } from './nested-loop-join.js';
export { sort, sortBatch } from './sort.js';
export { windowOp } from './window.js';
export { windowGroupLimitOp, GroupTopK } from './window-group-limit.js';
export { rowFnOp } from './row-fn.js';
export { rowFnGroupsOp } from './row-fn-groups.js';
export { rebuildRowFn, userFunctionError } from './row-fn-compile.js';
export { rowReader, RowWriter, encodeKey, decodeKey } from './row-fn-rows.js';
export { compareRows, rankDictionary, sortColumn, sortColumns, sortIndices, type SortColumn } from './sort-keys.js';
export { collectBatch } from './util.js';
