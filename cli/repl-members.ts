/**
 * What REPL completion knows about rondo's classes without running anything: their public
 * members and what each returns (a method's result when called, a property's value), so
 * `ds.groupBy('k').count().<tab>` lists Dataset members without running the job.
 */

/** A rondo class completion knows the members of (a Promise too: the result of an action). */
export type Known = 'Session' | 'Dataset' | 'GroupedDataset' | 'KeyedDataset' | 'DataFrameReader' | 'DataFrameWriter' | 'Column' | 'Promise';

/** What a method call returns: a class, a class chosen by the argument text, or nothing to complete further. */
type Returns = Known | ((args: string) => Known) | null;

interface Members {
  /** Methods and what calling each returns. */
  readonly calls: Readonly<Record<string, Returns>>;
  /** Properties (getters and fields) and what their value is. */
  readonly props: Readonly<Record<string, Known | null>>;
}

const all = (names: string, r: Returns): Record<string, Returns> => Object.fromEntries(names.split(' ').map((n) => [n, r]));

/** A function argument (`groupBy(r => r.k)`) makes the typed KeyedDataset, names or Columns a GroupedDataset. */
const groupByResult = (args: string): Known => (/=>|\bfunction\b/.test(args) ? 'KeyedDataset' : 'GroupedDataset');

/** The public members of each class (internals such as `derive` or `nextPlanId` are left out). */
export const MEMBERS: Readonly<Record<Known, Members>> = {
  Session: {
    calls: { ...all('fromRows fromArrow range', 'Dataset'), stop: 'Promise', cancelAll: null },
    props: { read: 'DataFrameReader', conf: null, events: null, defaultParallelism: null },
  },
  Dataset: {
    calls: {
      ...all('select withColumn withColumnRenamed drop filter where agg join crossJoin union unionAll distinct orderBy sort limit repartition coalesce cache persist map flatMap mapPartitions as', 'Dataset'),
      groupBy: groupByResult,
      col: 'Column',
      ...all('unpersist reduce foreach collect toArrow count take head first show schema explain', 'Promise'),
      printSchema: null,
      toString: null,
    },
    props: { write: 'DataFrameWriter', session: 'Session', columns: null, plan: null, analyzed: null },
  },
  GroupedDataset: {
    calls: { ...all('agg count sum avg mean min max reduce mapGroups', 'Dataset'), collect: 'Promise' },
    props: { dataset: 'Dataset', keys: null },
  },
  KeyedDataset: {
    calls: { ...all('reduce mapGroups', 'Dataset'), ...all('collect count', 'Promise') },
    props: {},
  },
  DataFrameReader: {
    calls: all('csv json arrow parquet', 'Dataset'),
    props: {},
  },
  DataFrameWriter: {
    calls: { ...all('mode partitionBy', 'DataFrameWriter'), ...all('csv json arrow parquet', 'Promise') },
    props: {},
  },
  Column: {
    calls: all(
      'plus minus mul div mod negate eq neq gt gte lt lte and or not isNull isNotNull isIn between as alias cast asc ascNullsFirst ascNullsLast desc descNullsFirst descNullsLast lower upper length trim contains startsWith endsWith substr over',
      'Column',
    ),
    props: {},
  },
  Promise: {
    calls: all('then catch finally', 'Promise'),
    props: {},
  },
};

/** The member names of a class, for completion. */
export function membersOf(known: Known): string[] {
  const m = MEMBERS[known];
  return [...Object.keys(m.calls), ...Object.keys(m.props)].sort();
}

/**
 * What `known.name` is (a property read), or what `known.name(args)` returns when `args` is
 * given; undefined when it is not known.
 */
export function memberType(known: Known, name: string, args?: string): Known | undefined {
  const m = MEMBERS[known];
  if (args === undefined) return Object.hasOwn(m.props, name) ? m.props[name] ?? undefined : undefined;
  if (!Object.hasOwn(m.calls, name)) return undefined;
  const r = m.calls[name];
  if (r === null || r === undefined) return undefined;
  return typeof r === 'function' ? r(args) : r;
}
