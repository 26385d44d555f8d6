/**
 * The 15 db-benchmark questions (groupby q1–q10 on G1, join q1–q5 on J1), each written for
 * rondo (the DSL), DuckDB (SQL) and Arquero, with the same output column names so answers
 * compare by name.
 */
import { avg, col, corr, count, max, median, min, pow, rowNumber, stddev, sum, Window, type Dataset } from '../index.js';

/** The tables a question reads, in rondo. */
export type RondoTables = Record<string, Dataset>;
/** The tables a question reads, in Arquero (ColumnTables). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ArqueroTables = Record<string, any>;

/** One benchmark question. */
export interface Question {
  /** 'groupby' or 'join'. */
  readonly set: 'groupby' | 'join';
  /** Short id: q1 .. q10. */
  readonly id: string;
  /** What it computes, as db-benchmark says it. */
  readonly title: string;
  /** The output columns. */
  readonly columns: readonly string[];
  /** Output columns computed by floating-point aggregation: compared with a relative tolerance. */
  readonly floatColumns: readonly string[];
  /** The question in rondo. */
  rondo(t: RondoTables): Dataset;
  /** The question in DuckDB SQL (tables x, small, medium, big). */
  readonly sql: string;
  /** The question in Arquero (`aq`: the arquero module; expressions arquero parses are strings). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  arquero(t: ArqueroTables, aq: any): any;
}

const X_COLS = ['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v1'];

/** The groupby questions. */
export const GROUPBY_QUESTIONS: readonly Question[] = [
  {
    set: 'groupby', id: 'q1', title: 'sum v1 by id1', columns: ['id1', 'v1'], floatColumns: [],
    rondo: (t) => t.x!.groupBy('id1').agg(sum('v1').as('v1')),
    sql: 'SELECT id1, sum(v1) AS v1 FROM x GROUP BY id1',
    arquero: (t, aq) => t.x.groupby('id1').rollup({ v1: aq.op.sum('v1') }),
  },
  {
    set: 'groupby', id: 'q2', title: 'sum v1 by id1:id2', columns: ['id1', 'id2', 'v1'], floatColumns: [],
    rondo: (t) => t.x!.groupBy('id1', 'id2').agg(sum('v1').as('v1')),
    sql: 'SELECT id1, id2, sum(v1) AS v1 FROM x GROUP BY id1, id2',
    arquero: (t, aq) => t.x.groupby('id1', 'id2').rollup({ v1: aq.op.sum('v1') }),
  },
  {
    set: 'groupby', id: 'q3', title: 'sum v1 mean v3 by id3', columns: ['id3', 'v1', 'v3'], floatColumns: ['v3'],
    rondo: (t) => t.x!.groupBy('id3').agg(sum('v1').as('v1'), avg('v3').as('v3')),
    sql: 'SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM x GROUP BY id3',
    arquero: (t, aq) => t.x.groupby('id3').rollup({ v1: aq.op.sum('v1'), v3: aq.op.mean('v3') }),
  },
  {
    set: 'groupby', id: 'q4', title: 'mean v1:v3 by id4', columns: ['id4', 'v1', 'v2', 'v3'], floatColumns: ['v1', 'v2', 'v3'],
    rondo: (t) => t.x!.groupBy('id4').agg(avg('v1').as('v1'), avg('v2').as('v2'), avg('v3').as('v3')),
    sql: 'SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM x GROUP BY id4',
    arquero: (t, aq) => t.x.groupby('id4').rollup({ v1: aq.op.mean('v1'), v2: aq.op.mean('v2'), v3: aq.op.mean('v3') }),
  },
  {
    set: 'groupby', id: 'q5', title: 'sum v1:v3 by id6', columns: ['id6', 'v1', 'v2', 'v3'], floatColumns: ['v3'],
    rondo: (t) => t.x!.groupBy('id6').agg(sum('v1').as('v1'), sum('v2').as('v2'), sum('v3').as('v3')),
    sql: 'SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM x GROUP BY id6',
    arquero: (t, aq) => t.x.groupby('id6').rollup({ v1: aq.op.sum('v1'), v2: aq.op.sum('v2'), v3: aq.op.sum('v3') }),
  },
  {
    set: 'groupby', id: 'q6', title: 'median v3 sd v3 by id4 id5', columns: ['id4', 'id5', 'median_v3', 'sd_v3'], floatColumns: ['median_v3', 'sd_v3'],
    rondo: (t) => t.x!.groupBy('id4', 'id5').agg(median('v3').as('median_v3'), stddev('v3').as('sd_v3')),
    sql: 'SELECT id4, id5, median(v3) AS median_v3, stddev(v3) AS sd_v3 FROM x GROUP BY id4, id5',
    arquero: (t, aq) => t.x.groupby('id4', 'id5').rollup({ median_v3: aq.op.median('v3'), sd_v3: aq.op.stdev('v3') }),
  },
  {
    set: 'groupby', id: 'q7', title: 'max v1 - min v2 by id3', columns: ['id3', 'range_v1_v2'], floatColumns: [],
    rondo: (t) => t.x!.groupBy('id3').agg(max('v1').minus(min('v2')).as('range_v1_v2')),
    sql: 'SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM x GROUP BY id3',
    arquero: (t) => t.x.groupby('id3').rollup({ range_v1_v2: 'd => op.max(d.v1) - op.min(d.v2)' }),
  },
  {
    set: 'groupby', id: 'q8', title: 'largest two v3 by id6', columns: ['id6', 'largest2_v3'], floatColumns: [],
    // The columns are chosen first, as db-benchmark's dataframe solutions do (rondo's planner
    // would prune them anyway), and `rowNumber() <= 2` becomes a per-group top-2 on both sides
    // of the exchange (rule infer-window-group-limit).
    rondo: (t) => t.x!.select('id6', 'v3')
      .withColumn('order_v3', rowNumber().over(Window.partitionBy('id6').orderBy(col('v3').desc())))
      .filter(col('order_v3').lte(2))
      .select('id6', col('v3').as('largest2_v3')),
    sql: 'SELECT id6, v3 AS largest2_v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS order_v3 FROM x WHERE v3 IS NOT NULL) sub_query WHERE order_v3 <= 2',
    arquero: (t, aq) => t.x.groupby('id6').orderby(aq.desc('v3')).filter('() => op.row_number() <= 2').select({ id6: 'id6', v3: 'largest2_v3' }).reify(),
  },
  {
    set: 'groupby', id: 'q9', title: 'regression v1 v2 by id2 id4', columns: ['id2', 'id4', 'r2'], floatColumns: ['r2'],
    rondo: (t) => t.x!.groupBy('id2', 'id4').agg(pow(corr('v1', 'v2'), 2).as('r2')),
    sql: 'SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM x GROUP BY id2, id4',
    arquero: (t) => t.x.groupby('id2', 'id4').rollup({ r2: 'd => op.corr(d.v1, d.v2) ** 2' }),
  },
  {
    set: 'groupby', id: 'q10', title: 'sum v3 count by id1:id6', columns: ['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v3', 'count'], floatColumns: ['v3'],
    rondo: (t) => t.x!.groupBy('id1', 'id2', 'id3', 'id4', 'id5', 'id6').agg(sum('v3').as('v3'), count().as('count')),
    sql: 'SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM x GROUP BY id1, id2, id3, id4, id5, id6',
    arquero: (t, aq) => t.x.groupby('id1', 'id2', 'id3', 'id4', 'id5', 'id6').rollup({ v3: aq.op.sum('v3'), count: aq.op.count() }),
  },
];

/** The join questions. */
export const JOIN_QUESTIONS: readonly Question[] = [
  {
    set: 'join', id: 'q1', title: 'small inner on int', columns: [...X_COLS, 'small_id4', 'v2'], floatColumns: [],
    rondo: (t) => t.x!.join(t.small!.select('id1', col('id4').as('small_id4'), 'v2'), 'id1'),
    sql: 'SELECT x.*, small.id4 AS small_id4, v2 FROM x JOIN small USING (id1)',
    arquero: (t) => t.x.join(t.small.select({ id1: 'id1', id4: 'small_id4', v2: 'v2' }), 'id1'),
  },
  {
    set: 'join', id: 'q2', title: 'medium inner on int', columns: [...X_COLS, 'medium_id1', 'medium_id4', 'medium_id5', 'v2'], floatColumns: [],
    rondo: (t) => t.x!.join(t.medium!.select(col('id1').as('medium_id1'), 'id2', col('id4').as('medium_id4'), col('id5').as('medium_id5'), 'v2'), 'id2'),
    sql: 'SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 FROM x JOIN medium USING (id2)',
    arquero: (t) => t.x.join(t.medium.select({ id1: 'medium_id1', id2: 'id2', id4: 'medium_id4', id5: 'medium_id5', v2: 'v2' }), 'id2'),
  },
  {
    set: 'join', id: 'q3', title: 'medium outer on int', columns: [...X_COLS, 'medium_id1', 'medium_id4', 'medium_id5', 'v2'], floatColumns: [],
    rondo: (t) => t.x!.join(t.medium!.select(col('id1').as('medium_id1'), 'id2', col('id4').as('medium_id4'), col('id5').as('medium_id5'), 'v2'), 'id2', 'left'),
    sql: 'SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 FROM x LEFT JOIN medium USING (id2)',
    arquero: (t) => t.x.join_left(t.medium.select({ id1: 'medium_id1', id2: 'id2', id4: 'medium_id4', id5: 'medium_id5', v2: 'v2' }), 'id2'),
  },
  {
    set: 'join', id: 'q4', title: 'medium inner on factor', columns: [...X_COLS, 'medium_id1', 'medium_id2', 'medium_id4', 'v2'], floatColumns: [],
    rondo: (t) => t.x!.join(t.medium!.select(col('id1').as('medium_id1'), col('id2').as('medium_id2'), col('id4').as('medium_id4'), 'id5', 'v2'), 'id5'),
    sql: 'SELECT x.*, medium.id1 AS medium_id1, medium.id2 AS medium_id2, medium.id4 AS medium_id4, v2 FROM x JOIN medium USING (id5)',
    arquero: (t) => t.x.join(t.medium.select({ id1: 'medium_id1', id2: 'medium_id2', id4: 'medium_id4', id5: 'id5', v2: 'v2' }), 'id5'),
  },
  {
    set: 'join', id: 'q5', title: 'big inner on int', columns: [...X_COLS, 'big_id1', 'big_id2', 'big_id4', 'big_id5', 'big_id6', 'v2'], floatColumns: [],
    rondo: (t) => t.x!.join(t.big!.select(col('id1').as('big_id1'), col('id2').as('big_id2'), 'id3', col('id4').as('big_id4'), col('id5').as('big_id5'), col('id6').as('big_id6'), 'v2'), 'id3'),
    sql: 'SELECT x.*, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, big.id5 AS big_id5, big.id6 AS big_id6, v2 FROM x JOIN big USING (id3)',
    arquero: (t) => t.x.join(t.big.select({ id1: 'big_id1', id2: 'big_id2', id3: 'id3', id4: 'big_id4', id5: 'big_id5', id6: 'big_id6', v2: 'v2' }), 'id3'),
  },
];
