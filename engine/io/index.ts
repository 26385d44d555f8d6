/**
 * Sources and sinks: CSV, JSON Lines, Arrow IPC and Parquet files; range and inline splits;
 * save modes for distributed writes.
 */
export { resolvePaths, fileSizes } from './paths.js';
export { inferCsvSchema } from './csv-infer.js';
export { inferJsonSchema } from './json-read.js';
export { readArrowSchema } from './arrow-io.js';
export { readParquetSchema } from './parquet-io.js';
export { planSplits, DEFAULT_CSV_OPTIONS, type FileFormat } from './splits.js';
export { readSplit } from './read-split.js';
export { writeFiles } from './write-files.js';
export { inferPartitionSchema, DEFAULT_PARTITION } from './partitions.js';
export { prepareWrite, commitWrite, abortWrite, type SaveMode } from './save-modes.js';
