/** The Dataset DSL: what users write. */
export { Session, type LocalSessionOptions, type ConnectSessionOptions, type InMemoryOptions, type FromRowsOptions, type RangeOptions } from './session.js';
export { Dataset, type Row, type JoinHow, type ActionOptions } from './dataset.js';
export { GroupedDataset } from './grouped-dataset.js';
export { KeyedDataset, type Captures, type RowFnOptions } from './typed/index.js';
export { Column, type ColumnOrValue, type LiteralInput } from './column.js';
export { Window, WindowSpec } from './window.js';
export { DataFrameReader, type CsvReadOptions, type JsonReadOptions } from './reader.js';
export { DataFrameWriter, type SaveMode, type WriteOptions, type WriteResult } from './writer.js';
export { formatTable, type ShowOptions } from './show.js';
export type { SchemaInput } from './schema-input.js';
export * from './functions.js';
