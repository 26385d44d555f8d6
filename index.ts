/**
 * rondo: a dataflow engine in the spirit of Apache Spark, for Node.js.
 * @example
 * import { Session, col, sum } from 'rondo';
 * const session = await Session.local({ executors: 2 });
 * await session.range(100).groupBy(col('id').mod(3).as('k')).agg(sum('id')).show();
 * await session.stop();
 */
export {
  Session, Dataset, GroupedDataset, KeyedDataset, Column, Window, WindowSpec, DataFrameReader, DataFrameWriter, CaseColumn,
  col, column, lit, when,
  count, countDistinct, sum, avg, mean, min, max, first, median, stddev, corr,
  rowNumber, rank, denseRank,
  abs, coalesce, concat, lower, upper, length, trim, round, floor, ceil, sqrt, exp, ln, pow, greatest, least,
  asc, desc, not, isNull,
} from './dsl/index.js';
export type {
  Row, JoinHow, ActionOptions, ColumnOrValue, LiteralInput, ColumnLike, LocalSessionOptions, ConnectSessionOptions,
  InMemoryOptions, FromRowsOptions, RangeOptions, CsvReadOptions, JsonReadOptions, SaveMode, WriteOptions, WriteResult,
  ShowOptions, SchemaInput, Captures,
} from './dsl/index.js';
export {
  RondoError, AnalysisError, DataError, SourceError, SinkError, UserFunctionError, ResultTooLargeError,
  FetchFailedError, ExecutorLostError, CancelledError, InternalError, TaskFailedError,
} from './engine/errors.js';
export { DATA_TYPES, type DataType, type Field, type Schema } from './engine/types.js';
export { DEFAULT_CONF, type SessionConf } from './driver/index.js';
