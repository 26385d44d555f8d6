/**
 * Prints a random program (ast.ts) as DuckDB SQL with Spark's semantics, which rondo follows.
 * Where DuckDB differs from Spark the SQL says so explicitly, one mapping per place, each with a
 * one-line why; everything else is DuckDB's own operator. The macros are created once per
 * connection (MACROS).
 */
import type { Col, E, Program, SortKey, T } from './ast.js';
import { T_COLS, U_COLS } from './random-data.js';

/** Macros for the places where DuckDB's semantics differ from Spark's. */
export const MACROS: readonly string[] = [
  // Spark's `/` is float division with null for a zero divisor; DuckDB gives ±Infinity.
  `CREATE OR REPLACE MACRO sdiv(a, b) AS CASE WHEN b = 0 THEN NULL ELSE CAST(a AS DOUBLE) / CAST(b AS DOUBLE) END`,
  // Spark's `%` is null for a zero divisor (DuckDB's is too for integers, NaN for doubles); both keep the dividend's sign.
  `CREATE OR REPLACE MACRO smod(a, b) AS CASE WHEN b = 0 THEN NULL ELSE a % b END`,
  // Spark's round is HALF_UP on the decimal form of the double (round(2.675, 2) = 2.68); DuckDB's
  // double round works on the binary value, so round its shortest decimal text as a DECIMAL.
  `CREATE OR REPLACE MACRO sround(x, s) AS CASE WHEN isnan(x) OR isinf(x) OR abs(x) >= 1e15 OR abs(x) < 1e-3 THEN round(x, s)
     ELSE CAST(round(CAST(CAST(CAST(x AS DOUBLE) AS VARCHAR) AS DECIMAL(38, 18)), s) AS DOUBLE) END`,
  // Spark's sqrt of a negative number is NaN; DuckDB raises an error.
  `CREATE OR REPLACE MACRO ssqrt(x) AS CASE WHEN x < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt(x) END`,
  // Spark's ln of x <= 0 is null; DuckDB raises an error.
  `CREATE OR REPLACE MACRO sln(x) AS CASE WHEN x <= 0 THEN NULL ELSE ln(x) END`,
  // Spark's pow is Java's: pow(x, NaN) and pow(±1, ±Infinity) are NaN; C's pow (DuckDB) gives 1.
  `CREATE OR REPLACE MACRO spow(x, y) AS CASE WHEN isnan(y) OR (abs(x) = 1 AND isinf(y)) THEN CAST('NaN' AS DOUBLE) ELSE pow(x, y) END`,
  // Spark's substring: 1-based, position 0 counts as 1, a negative position counts from the end,
  // a negative length gives ''; DuckDB's substring treats 0 and out-of-range negatives differently.
  `CREATE OR REPLACE MACRO ssubstr_at(s, n, st, en) AS CASE WHEN st >= least(en, n) THEN '' ELSE substring(s, st + 1, least(en, n) - st) END`,
  `CREATE OR REPLACE MACRO ssubstr0(s, n, start0, len) AS ssubstr_at(s, n, greatest(start0, 0), start0 + len)`,
  `CREATE OR REPLACE MACRO ssubstr(s, p, len) AS CASE WHEN s IS NULL OR p IS NULL OR len IS NULL THEN NULL
     ELSE ssubstr0(s, length(s), CASE WHEN p > 0 THEN p - 1 WHEN p < 0 THEN length(s) + p ELSE 0 END, len) END`,
];

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const str = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const SQL_TYPE: Record<T, string> = { int: 'INTEGER', long: 'BIGINT', double: 'DOUBLE', str: 'VARCHAR', bool: 'BOOLEAN' };

/** The SQL of an expression. */
export function exprSql(e: E): string {
  switch (e.k) {
    case 'col': return q(e.name);
    case 'lit':
      if (e.v === null) return `CAST(NULL AS ${SQL_TYPE[e.t]})`;
      // Typed literals: DuckDB reads 2.5 as a DECIMAL and 3 as an integer literal of any width.
      if (e.t === 'str') return str(e.v as string);
      if (e.t === 'bool') return e.v ? 'TRUE' : 'FALSE';
      return `CAST(${e.t === 'double' ? str(Object.is(e.v, -0) ? '-0.0' : String(e.v)) : String(e.v)} AS ${SQL_TYPE[e.t]})`;
    case 'arith': {
      const a = exprSql(e.a), b = exprSql(e.b);
      switch (e.op) {
        case 'plus': return `(${a} + ${b})`;
        case 'minus': return `(${a} - ${b})`;
        case 'mul': return `(${a} * ${b})`;
        case 'div': return `sdiv(${a}, ${b})`;
        case 'mod': return `smod(${a}, ${b})`;
      }
      break;
    }
    case 'cmp': {
      // Strings compare by UTF-8 bytes in both Spark and DuckDB; NaN equals NaN and is the largest double in both.
      const op = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' }[e.op];
      return `(${exprSql(e.a)} ${op} ${exprSql(e.b)})`;
    }
    case 'logic': return `(${exprSql(e.a)} ${e.op.toUpperCase()} ${exprSql(e.b)})`;
    case 'not': return `(NOT ${exprSql(e.a)})`;
    case 'isNull': return `(${exprSql(e.a)} IS NULL)`;
    case 'isNotNull': return `(${exprSql(e.a)} IS NOT NULL)`;
    case 'isIn': return `(${exprSql(e.a)} IN (${e.list.map(exprSql).join(', ')}))`;
    case 'between': return `(${exprSql(e.a)} BETWEEN ${exprSql(e.lo)} AND ${exprSql(e.hi)})`;
    case 'case': return `(CASE ${e.branches.map(([w, v]) => `WHEN ${exprSql(w)} THEN ${exprSql(v)}`).join(' ')}${e.otherwise ? ` ELSE ${exprSql(e.otherwise)}` : ''} END)`;
    case 'cast': {
      const a = exprSql(e.a);
      // Spark truncates a double cast to an integer; DuckDB rounds to nearest.
      if ((e.t === 'int' || e.t === 'long') && e.a.t === 'double') return `CAST(trunc(${a}) AS ${SQL_TYPE[e.t]})`;
      return `CAST(${a} AS ${SQL_TYPE[e.t]})`;
    }
    case 'fn': {
      const a = e.args.map(exprSql);
      switch (e.name) {
        case 'abs': case 'floor': case 'ceil': case 'exp': case 'lower': case 'upper': return `${e.name}(${a[0]})`;
        // rondo's floor/ceil/round give float64 for any input; DuckDB keeps integers integers (equal values).
        case 'round': return `sround(${a[0]}, ${a[1] ?? '0'})`;
        case 'sqrt': return `ssqrt(${a[0]})`;
        case 'ln': return `sln(${a[0]})`;
        case 'pow': return `spow(CAST(${a[0]} AS DOUBLE), CAST(${a[1]} AS DOUBLE))`;
        // greatest/least skip nulls in both.
        case 'coalesce': case 'greatest': case 'least': return `${e.name}(${a.join(', ')})`;
        // length in characters (code points) in both.
        case 'length': return `length(${a[0]})`;
        // Spark's trim strips spaces only; say so rather than rely on DuckDB's default set.
        case 'trim': return `trim(${a[0]}, ' ')`;
        // Spark's concat is null when any argument is; DuckDB's concat() skips nulls, its || does not.
        case 'concat': return `(${a.join(' || ')})`;
        case 'contains': return `contains(${a[0]}, ${a[1]})`;
        case 'startsWith': return `starts_with(${a[0]}, ${a[1]})`;
        case 'endsWith': return `ends_with(${a[0]}, ${a[1]})`;
        case 'substr': return `ssubstr(${a[0]}, ${a[1]}, ${a[2]})`;
      }
      break;
    }
    case 'agg': return aggSql(e, null);
    case 'win': {
      const parts: string[] = [];
      if (e.partition.length) parts.push(`PARTITION BY ${e.partition.map(exprSql).join(', ')}`);
      // With an ORDER BY, both default to RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (peers included).
      if (e.order.length) parts.push(`ORDER BY ${e.order.map(sortSql).join(', ')}`);
      const over = parts.join(' ');
      if (typeof e.fn === 'object') return `(${aggSql(e.fn.agg as Extract<E, { k: 'agg' }>, over)})`;
      return `(${e.fn === 'rowNumber' ? 'row_number()' : e.fn === 'rank' ? 'rank()' : 'dense_rank()'} OVER (${over}))`;
    }
  }
  throw new Error(`to-sql: unknown expression ${JSON.stringify(e)}`);
}

/**
 * The SQL of an aggregate; `over` (a window clause) goes on every aggregate call it is made of.
 */
function aggSql(e: Extract<E, { k: 'agg' }>, over: string | null): string {
  const a = e.args.map(exprSql);
  const o = over === null ? '' : ` OVER (${over})`;
  const nan = `CAST('NaN' AS DOUBLE)`;
  switch (e.fn) {
    case 'count': return a.length === 0 ? `count(*)${o}` : `count(${a[0]})${o}`;
    case 'countDistinct': return `count(DISTINCT ${a[0]})${o}`;
    case 'sum': case 'avg': case 'min': case 'max': return `${e.fn}(${a[0]})${o}`;
    // Spark's median interpolates between the two middle values (quantile_cont).
    case 'median': return `quantile_cont(${a[0]}, 0.5)${o}`;
    // Spark's stddev is the sample standard deviation: null for one value, NaN when a value is
    // NaN or infinite; DuckDB's raises an error on those.
    case 'stddev': {
      const x = `CAST(${a[0]} AS DOUBLE)`;
      return `(CASE WHEN count(${x})${o} < 2 THEN NULL WHEN bool_or(NOT isfinite(${x}))${o} THEN ${nan} ELSE stddev_samp(${x}) FILTER (WHERE isfinite(${x}))${o} END)`;
    }
    // Spark's corr: null for fewer than two pairs or a zero variance (its division by zero is
    // null), NaN when a value is NaN or infinite; DuckDB's is NaN for a zero variance and an error on those.
    case 'corr': {
      const [x, y] = [`CAST(${a[0]} AS DOUBLE)`, `CAST(${a[1]} AS DOUBLE)`];
      const pairs = `FILTER (WHERE ${x} IS NOT NULL AND ${y} IS NOT NULL)${o}`;
      return `(CASE WHEN count(*) ${pairs} < 2 THEN NULL WHEN bool_or(NOT isfinite(${x}) OR NOT isfinite(${y})) ${pairs} THEN ${nan}` +
        ` WHEN min(${x}) ${pairs} = max(${x}) ${pairs} OR min(${y}) ${pairs} = max(${y}) ${pairs} THEN NULL` +
        ` ELSE corr(${x}, ${y}) FILTER (WHERE isfinite(${x}) AND isfinite(${y}))${o} END)`;
    }
    // first is generated only where every row of the group has the same value (a key).
    case 'first': return `any_value(${a[0]})${o}`;
  }
}

/** A sort key; nulls placement always explicit (DuckDB's default is NULLS LAST for both directions). */
function sortSql(s: SortKey): string {
  // A literal key is a constant in Spark; DuckDB reads a bare literal in ORDER BY as a column position or rejects it.
  const e = s.e.k === 'lit' ? `CAST(${exprSql(s.e)} AS ${SQL_TYPE[s.e.t]})` : exprSql(s.e);
  return `${e} ${s.asc ? 'ASC' : 'DESC'} NULLS ${s.nullsFirst ? 'FIRST' : 'LAST'}`;
}

const list = (cols: readonly Col[], prefix = ''): string => cols.map((c) => `${prefix}${q(c.name)}`).join(', ');

/** The SQL of a program over tables named `t` and `u`, and its output columns. */
export function programSql(p: Program, tables: { t: string; u: string } = { t: 't', u: 'u' }): { sql: string; cols: Col[] } {
  const base = p.table === 't' ? T_COLS : U_COLS;
  let cols: Col[] = base.map((c) => ({ name: p.rename.find((r) => r[0] === c.name)?.[1] ?? c.name, t: c.t }));
  let sql = `SELECT ${base.map((c, i) => (c.name === cols[i]!.name ? q(c.name) : `${q(c.name)} AS ${q(cols[i]!.name)}`)).join(', ')} FROM ${tables[p.table]}`;
  for (const s of p.steps) {
    switch (s.k) {
      case 'filter': sql = `SELECT * FROM (${sql}) q WHERE ${exprSql(s.cond)}`; break;
      case 'select':
        sql = `SELECT ${s.cols.map((c) => `${exprSql(c.e)} AS ${q(c.name)}`).join(', ')} FROM (${sql}) q`;
        cols = s.cols.map((c) => ({ name: c.name, t: c.e.t }));
        break;
      case 'withColumn': {
        const exists = cols.some((c) => c.name === s.name);
        sql = `SELECT ${cols.map((c) => (c.name === s.name ? `${exprSql(s.e)} AS ${q(c.name)}` : q(c.name))).join(', ')}${exists ? '' : `, ${exprSql(s.e)} AS ${q(s.name)}`} FROM (${sql}) q`;
        cols = exists ? cols.map((c) => (c.name === s.name ? { name: c.name, t: s.e.t } : c)) : [...cols, { name: s.name, t: s.e.t }];
        break;
      }
      case 'groupBy': {
        const keys = s.keys.map(q).join(', ');
        sql = `SELECT ${[...s.keys.map(q), ...s.aggs.map((a) => `${exprSql(a.e)} AS ${q(a.name)}`)].join(', ')} FROM (${sql}) q${s.keys.length ? ` GROUP BY ${keys}` : ''}`;
        cols = [...s.keys.map((k) => cols.find((c) => c.name === k)!), ...s.aggs.map((a) => ({ name: a.name, t: a.e.t }))];
        break;
      }
      case 'join': {
        const right = programSql(s.right, tables);
        const pairs = s.on.kind === 'using' ? s.on.keys.map((k) => [k, k] as const) : s.on.pairs;
        const on = pairs.map(([a, b]) => `l.${q(a)} = r.${q(b)}`).join(' AND ');
        if (s.how === 'semi' || s.how === 'anti') {
          // Spark's left semi/anti join is EXISTS / NOT EXISTS (a null key never matches, and an anti join keeps it).
          // Spark puts the keys of a join by names first, here too.
          if (s.on.kind === 'using') {
            const keys = s.on.keys;
            cols = [...keys.map((k) => cols.find((c) => c.name === k)!), ...cols.filter((c) => !keys.includes(c.name))];
          }
          sql = `SELECT ${list(cols, 'l.')} FROM (${sql}) l WHERE ${s.how === 'anti' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM (${right.sql}) r WHERE ${on})`;
          break;
        }
        const how = { inner: 'INNER', left: 'LEFT', right: 'RIGHT', full: 'FULL' }[s.how];
        if (s.on.kind === 'using') {
          const keys = s.on.keys;
          // A join by names keeps one key column: the left's, the right's for a right join, either for a full join.
          const keySql = keys.map((k) => (s.how === 'right' ? `r.${q(k)}` : s.how === 'full' ? `COALESCE(l.${q(k)}, r.${q(k)})` : `l.${q(k)}`) + ` AS ${q(k)}`);
          const lo = cols.filter((c) => !keys.includes(c.name));
          const ro = right.cols.filter((c) => !keys.includes(c.name));
          sql = `SELECT ${[...keySql, list(lo, 'l.'), list(ro, 'r.')].filter((x) => x !== '').join(', ')} FROM (${sql}) l ${how} JOIN (${right.sql}) r ON ${on}`;
          cols = [...keys.map((k) => cols.find((c) => c.name === k)!), ...lo, ...ro];
        } else {
          sql = `SELECT ${list(cols, 'l.')}, ${list(right.cols, 'r.')} FROM (${sql}) l ${how} JOIN (${right.sql}) r ON ${on}`;
          cols = [...cols, ...right.cols];
        }
        break;
      }
      case 'union': {
        // Spark's union is UNION ALL by position.
        const other = programSql(s.other, tables);
        sql = `SELECT * FROM ((${sql}) UNION ALL (${other.sql})) q`;
        break;
      }
      case 'distinct': sql = `SELECT DISTINCT * FROM (${sql}) q`; break;
      case 'orderBy': sql = `SELECT * FROM (${sql}) q ORDER BY ${s.keys.map(sortSql).join(', ')}${s.limit !== null ? ` LIMIT ${s.limit}` : ''}`; break;
    }
  }
  return { sql, cols };
}

/** CREATE TABLE statements for the generated rows (values printed exactly: doubles by their shortest text). */
export function tableSql(name: string, cols: readonly Col[], rows: readonly Record<string, unknown>[]): string {
  const value = (v: unknown, t: T): string => {
    if (v === null || v === undefined) return `CAST(NULL AS ${SQL_TYPE[t]})`;
    if (t === 'str') return str(v as string);
    if (t === 'bool') return v ? 'TRUE' : 'FALSE';
    if (t === 'double') return `CAST(${str(Object.is(v, -0) ? '-0.0' : String(v))} AS DOUBLE)`;
    return `CAST(${String(v)} AS ${SQL_TYPE[t]})`;
  };
  const create = `CREATE OR REPLACE TABLE ${name} (${cols.map((c) => `${q(c.name)} ${SQL_TYPE[c.t]}`).join(', ')})`;
  if (rows.length === 0) return create;
  return `${create}; INSERT INTO ${name} VALUES ${rows.map((r) => `(${cols.map((c) => value(r[c.name], c.t)).join(', ')})`).join(', ')}`;
}
