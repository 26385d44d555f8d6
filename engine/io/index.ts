/**
 * Sources and sinks: CSV, JSON Lines (plain or gzip), Arrow IPC and Parquet files; Hive
 * partition folders; range and inline splits; save modes for distributed writes.
 */
export { resolvePaths, resolveInputFiles, fileSizes } from './paths.js';
export { inferCsvSchema } from './csv-infer.js';
export { inferJsonSchema } from './json-read.js';
export { readArrowSchema } from './arrow-io.js';
export { readParquetSchema } from './parquet-io.js';
export { planSplits, DEFAULT_CSV_OPTIONS, type FileFormat, type SplitOptions } from './splits.js';
export { readSplit } from './read-split.js';
export { writeFiles } from './write-files.js';
export {
  listInput, discoverPartitions, excludePartitionColumns, partitionValuesBatch, DEFAULT_PARTITION, type InputFile, type PartitionedFiles,
} from './partitions.js';
export { compressionOf } from './compression.js';
export { prepareWrite, commitWrite, abortWrite, type SaveMode } from './save-modes.js';
