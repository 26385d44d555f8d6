/**
 * The Arrow edge of the engine: schemas, record batches, tables, IPC streams, and plain rows.
 */
export { schemaToArrow, schemaFromArrow, arrowTypeFor, typeFromArrow, type ArrowWriteOptions } from './schema.js';
export { batchToArrow, vecToArrowData } from './to-arrow.js';
export { arrowToBatch, arrowDataToVec } from './from-arrow.js';
export { tableToBatches, batchesToTable } from './table.js';
export { encodeIpc, decodeIpc } from './ipc.js';
export { rowsToBatch, inferRowsSchema, batchToRows } from './rows.js';
