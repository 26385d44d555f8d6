/**
 * Builds the rondo Dataset of a random program (ast.ts) through the public DSL only.
 */
import type { Dataset } from '../../dsl/dataset.js';
import type { Session } from '../../dsl/session.js';
import { Column } from '../../dsl/column.js';
import { Window } from '../../dsl/window.js';
import * as F from '../../dsl/functions.js';
import type { E, Program, SortKey } from './ast.js';
import { T_COLS, U_COLS, rondoType, type Tables } from './random-data.js';

/** The Column for an expression. */
export function toColumn(e: E): Column {
  switch (e.k) {
    case 'col': return F.col(e.name);
    case 'lit': return e.t === 'double' && Number.isInteger(e.v) ? F.lit(e.v).cast('float64') : F.lit(e.v);
    case 'arith': return toColumn(e.a)[e.op](toColumn(e.b));
    case 'cmp': return toColumn(e.a)[e.op](toColumn(e.b));
    case 'logic': return toColumn(e.a)[e.op](toColumn(e.b));
    case 'not': return toColumn(e.a).not();
    case 'isNull': return toColumn(e.a).isNull();
    case 'isNotNull': return toColumn(e.a).isNotNull();
    case 'isIn': return toColumn(e.a).isIn(...e.list.map(toColumn));
    case 'between': return toColumn(e.a).between(toColumn(e.lo), toColumn(e.hi));
    case 'case': {
      const [first, ...rest] = e.branches;
      let c = F.when(toColumn(first![0]), toColumn(first![1]));
      for (const [w, v] of rest) c = c.when(toColumn(w), toColumn(v));
      return e.otherwise ? c.otherwise(toColumn(e.otherwise)) : c;
    }
    case 'cast': return toColumn(e.a).cast(rondoType(e.t));
    case 'fn': {
      const a = e.args.map(toColumn);
      switch (e.name) {
        case 'abs': case 'floor': case 'ceil': case 'sqrt': case 'exp': case 'ln': return F[e.name](a[0]!);
        case 'round': return F.round(a[0]!, e.args[1] ? (e.args[1] as { v: number }).v : 0);
        case 'pow': return F.pow(a[0]!, a[1]!);
        case 'coalesce': case 'greatest': case 'least': case 'concat': return F[e.name](...a);
        case 'lower': case 'upper': case 'length': case 'trim': return a[0]![e.name]();
        case 'contains': case 'startsWith': case 'endsWith': return a[0]![e.name](a[1]!);
        case 'substr': return a[0]!.substr(a[1]!, a[2]!);
      }
      throw new Error(`to-dsl: unknown function ${JSON.stringify(e)}`);
    }
    case 'agg': {
      const a = e.args.map(toColumn);
      switch (e.fn) {
        case 'count': return a.length === 0 ? F.count() : F.count(a[0]!);
        case 'corr': return F.corr(a[0]!, a[1]!);
        default: return F[e.fn](a[0]!);
      }
    }
    case 'win': {
      const fn = e.fn === 'rowNumber' ? F.rowNumber() : e.fn === 'rank' ? F.rank() : e.fn === 'denseRank' ? F.denseRank() : toColumn(e.fn.agg);
      let w = Window.partitionBy(...e.partition.map(toColumn));
      if (e.order.length > 0) w = w.orderBy(...e.order.map(sortColumn));
      return fn.over(w);
    }
  }
}

function sortColumn(s: SortKey): Column {
  const c = toColumn(s.e);
  return s.asc ? (s.nullsFirst ? c.asc() : c.ascNullsLast()) : (s.nullsFirst ? c.descNullsFirst() : c.desc());
}

/** The source Datasets of the tables (built once per program's data). */
export interface Sources { readonly t: Dataset; readonly u: Dataset }

/** The rondo sources for generated tables, split into `partitions` partitions. */
export function sources(session: Session, tables: Tables, partitions: number): Sources {
  const schema = (cols: typeof T_COLS): Record<string, string> => Object.fromEntries(cols.map((c) => [c.name, rondoType(c.t)]));
  return {
    t: session.fromRows(tables.t as Record<string, unknown>[], { schema: schema(T_COLS), partitions: Math.max(1, Math.min(partitions, tables.t.length)) }),
    u: session.fromRows(tables.u as Record<string, unknown>[], { schema: schema(U_COLS), partitions: Math.max(1, Math.min(partitions, tables.u.length)) }),
  };
}

/** The Dataset of a program. */
export function toDataset(p: Program, src: Sources): Dataset {
  let ds: Dataset = src[p.table];
  for (const [from, to] of p.rename) ds = ds.withColumnRenamed(from, to);
  for (const s of p.steps) {
    switch (s.k) {
      case 'filter': ds = ds.filter(toColumn(s.cond)); break;
      case 'select': ds = ds.select(...s.cols.map((c) => toColumn(c.e).as(c.name))); break;
      case 'withColumn': ds = ds.withColumn(s.name, toColumn(s.e)); break;
      case 'groupBy': {
        const aggs = s.aggs.map((a) => toColumn(a.e).as(a.name));
        ds = s.keys.length === 0 ? ds.agg(...aggs) : ds.groupBy(...s.keys).agg(...aggs);
        break;
      }
      case 'join': {
        const right = toDataset(s.right, src);
        if (s.on.kind === 'using') ds = ds.join(right, [...s.on.keys], s.how);
        else {
          const conds = s.on.pairs.map(([a, b]) => F.col(a).eq(F.col(b)));
          ds = ds.join(right, conds.reduce((x, y) => x.and(y)), s.how);
        }
        break;
      }
      case 'union': ds = ds.union(toDataset(s.other, src)); break;
      case 'distinct': ds = ds.distinct(); break;
      case 'orderBy': {
        ds = ds.orderBy(...s.keys.map(sortColumn));
        if (s.limit !== null) ds = ds.limit(s.limit);
        break;
      }
    }
  }
  return ds;
}

/** The program as DSL text, to replay a failure by hand. */
export function dslText(p: Program): string {
  const ex = (e: E): string => {
    switch (e.k) {
      case 'col': return `col(${JSON.stringify(e.name)})`;
      case 'lit': return e.t === 'double' && Number.isInteger(e.v) ? `lit(${Object.is(e.v, -0) ? '-0' : e.v}).cast('float64')` : typeof e.v === 'number' && !Number.isFinite(e.v) ? `lit(${e.v})` : `lit(${JSON.stringify(e.v)})`;
      case 'arith': case 'cmp': case 'logic': return `${ex(e.a)}.${e.op}(${ex(e.b)})`;
      case 'not': case 'isNull': case 'isNotNull': return `${ex(e.a)}.${e.k}()`;
      case 'isIn': return `${ex(e.a)}.isIn(${e.list.map(ex).join(', ')})`;
      case 'between': return `${ex(e.a)}.between(${ex(e.lo)}, ${ex(e.hi)})`;
      case 'case': return `when(${e.branches.map(([w, v]) => `${ex(w)}, ${ex(v)}`).join(').when(')})${e.otherwise ? `.otherwise(${ex(e.otherwise)})` : ''}`;
      case 'cast': return `${ex(e.a)}.cast('${rondoType(e.t)}')`;
      case 'fn':
        if (['lower', 'upper', 'length', 'trim', 'contains', 'startsWith', 'endsWith', 'substr'].includes(e.name)) return `${ex(e.args[0]!)}.${e.name}(${e.args.slice(1).map(ex).join(', ')})`;
        if (e.name === 'round' && e.args[1]) return `round(${ex(e.args[0]!)}, ${(e.args[1] as { v: number }).v})`;
        return `${e.name}(${e.args.map(ex).join(', ')})`;
      case 'agg': return `${e.fn}(${e.args.map(ex).join(', ')})`;
      case 'win': {
        const fn = typeof e.fn === 'string' ? `${e.fn}()` : ex(e.fn.agg);
        return `${fn}.over(Window.partitionBy(${e.partition.map(ex).join(', ')})${e.order.length ? `.orderBy(${e.order.map(sk).join(', ')})` : ''})`;
      }
    }
  };
  const sk = (s: SortKey): string => `${ex(s.e)}.${s.asc ? (s.nullsFirst ? 'asc' : 'ascNullsLast') : (s.nullsFirst ? 'descNullsFirst' : 'desc')}()`;
  const prog = (q: Program): string => {
    let out = q.table;
    for (const [a, b] of q.rename) out += `.withColumnRenamed(${JSON.stringify(a)}, ${JSON.stringify(b)})`;
    for (const s of q.steps) {
      switch (s.k) {
        case 'filter': out += `\n  .filter(${ex(s.cond)})`; break;
        case 'select': out += `\n  .select(${s.cols.map((c) => `${ex(c.e)}.as(${JSON.stringify(c.name)})`).join(', ')})`; break;
        case 'withColumn': out += `\n  .withColumn(${JSON.stringify(s.name)}, ${ex(s.e)})`; break;
        case 'groupBy': out += `\n  ${s.keys.length ? `.groupBy(${s.keys.map((k) => JSON.stringify(k)).join(', ')})` : ''}.agg(${s.aggs.map((a) => `${ex(a.e)}.as(${JSON.stringify(a.name)})`).join(', ')})`; break;
        case 'join': out += `\n  .join(${prog(s.right).replace(/\n/g, '\n  ')}, ${s.on.kind === 'using' ? JSON.stringify(s.on.keys) : s.on.pairs.map(([a, b]) => `col(${JSON.stringify(a)}).eq(col(${JSON.stringify(b)}))`).join('.and(') + ')'.repeat(s.on.pairs.length - 1)}, '${s.how}')`; break;
        case 'union': out += `\n  .union(${prog(s.other).replace(/\n/g, '\n  ')})`; break;
        case 'distinct': out += '\n  .distinct()'; break;
        case 'orderBy': out += `\n  .orderBy(${s.keys.map(sk).join(', ')})${s.limit !== null ? `.limit(${s.limit})` : ''}`; break;
      }
    }
    return out;
  };
  return prog(p);
}
