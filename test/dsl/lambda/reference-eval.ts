/**
 * A small reference evaluator of logical expressions over one plain row, written from the
 * ScalarFn semantics of engine/expr.ts (SQL nulls, three-valued logic, null for a zero
 * divisor, Spark's NaN: equal to itself and above every number), independent of the engine,
 * for the differential tests of compiled row functions.
 */
import type { LExpr } from '../../../planner/logical.js';

type V = null | number | string | boolean;

const isNum = (x: V): x is number => typeof x === 'number';
const cmp = (a: V, b: V): number => {
  if (isNum(a) && isNum(b) && (Number.isNaN(a) || Number.isNaN(b))) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
};

/** The value of `e` over `row` (columns by name). */
export function refEval(e: LExpr, row: Record<string, unknown>): V {
  switch (e.kind) {
    case 'col':
      if (!(e.name in row)) throw new Error(`no column ${e.name}`);
      return row[e.name] as V;
    case 'lit':
      return e.value;
    case 'alias':
      return refEval(e.expr, row);
    case 'cast': {
      const v = refEval(e.expr, row);
      if (v === null) return null;
      if (e.type === 'float64') return Number(v);
      if (e.type === 'utf8') return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
      throw new Error(`reference cast to ${e.type} not modelled`);
    }
    case 'case': {
      for (const b of e.branches) if (refEval(b.when, row) === true) return refEval(b.then, row);
      return e.otherwise ? refEval(e.otherwise, row) : null;
    }
    case 'call': {
      const a = e.args.map((x) => refEval(x, row));
      const anyNull = a.some((x) => x === null);
      const n = a as number[];
      const s = a as string[];
      switch (e.fn) {
        case 'add': return anyNull ? null : n[0]! + n[1]! + 0;
        case 'sub': return anyNull ? null : n[0]! - n[1]! + 0;
        case 'mul': return anyNull ? null : n[0]! * n[1]! + 0;
        case 'div': return anyNull || n[1] === 0 ? null : n[0]! / n[1]!;
        case 'mod': return anyNull || n[1] === 0 ? null : n[0]! % n[1]!;
        case 'pow': return anyNull ? null : Math.pow(n[0]!, n[1]!);
        case 'neg': return anyNull ? null : -n[0]! + 0;
        case 'abs': return anyNull ? null : Math.abs(n[0]!);
        case 'floor': return anyNull ? null : Math.floor(n[0]!) + 0;
        case 'ceil': return anyNull ? null : Math.ceil(n[0]!) + 0;
        case 'sqrt': return anyNull ? null : Math.sqrt(n[0]!);
        case 'exp': return anyNull ? null : Math.exp(n[0]!);
        case 'eq': return anyNull ? null : cmp(a[0]!, a[1]!) === 0;
        case 'neq': return anyNull ? null : cmp(a[0]!, a[1]!) !== 0;
        case 'lt': return anyNull ? null : cmp(a[0]!, a[1]!) < 0;
        case 'lte': return anyNull ? null : cmp(a[0]!, a[1]!) <= 0;
        case 'gt': return anyNull ? null : cmp(a[0]!, a[1]!) > 0;
        case 'gte': return anyNull ? null : cmp(a[0]!, a[1]!) >= 0;
        case 'and': return a.includes(false) ? false : anyNull ? null : true;
        case 'or': return a.includes(true) ? true : anyNull ? null : false;
        case 'not': return a[0] === null ? null : !a[0];
        case 'isNull': return a[0] === null;
        case 'isNotNull': return a[0] !== null;
        case 'isNaN': return a[0] === null ? null : Number.isNaN(a[0]);
        case 'coalesce': return a.find((x) => x !== null) ?? null;
        case 'in': {
          if (a[0] === null) return null;
          const list = a.slice(1);
          if (list.some((x) => x !== null && x === a[0])) return true;
          return list.includes(null) ? null : false;
        }
        case 'lower': return anyNull ? null : s[0]!.toLowerCase();
        case 'upper': return anyNull ? null : s[0]!.toUpperCase();
        case 'contains': return anyNull ? null : s[0]!.includes(s[1]!);
        case 'startsWith': return anyNull ? null : s[0]!.startsWith(s[1]!);
        case 'endsWith': return anyNull ? null : s[0]!.endsWith(s[1]!);
        case 'concat': return anyNull ? null : s.join('');
        case 'least':
        case 'greatest': {
          const xs = a.filter((x) => x !== null);
          if (xs.length === 0) return null;
          return xs.reduce((m, x) => ((e.fn === 'least' ? cmp(x, m) < 0 : cmp(x, m) > 0) ? x : m));
        }
        default:
          throw new Error(`reference evaluator does not model ${e.fn}`);
      }
    }
    default:
      throw new Error(`reference evaluator does not model ${e.kind}`);
  }
}
