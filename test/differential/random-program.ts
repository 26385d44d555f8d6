/**
 * Random programs for the DuckDB differential test: a seeded generator of small plans over the
 * tables of random-data.ts (filter, select, withColumn, groupBy + agg, joins, union, distinct,
 * windows, orderBy + limit) whose expressions cover the documented column functions.
 *
 * Integer expressions carry a bound on their magnitude so that no int32 result overflows
 * (an overflow is an error in both engines, which would hide the rest of the program);
 * aggregate arguments avoid inexact doubles so that sums do not depend on the order of addition.
 */
import type { AggName, CmpOp, Col, E, FnName, NamedE, Program, SortKey, Step, T } from './ast.js';
import { KEYS, Rand, T_COLS, U_COLS, prng } from './random-data.js';

interface G { readonly e: E; readonly bound: number }

const INT32 = 2 ** 31 - 1;
/** int64 results stay inside DuckDB's BIGINT; beyond ±2^53 rondo errs (a KNOWN bug). */
const INT64 = 2 ** 62;
const BOUNDS: Record<string, number> = { id: 1000, g: 5, v: 1000, ug: 5, id2: 1000, l: 2 ** 51 + 100 };

/** Expression generator over a set of columns. */
class ExprGen {
  constructor(private readonly R: Rand, private readonly cols: readonly Col[], private readonly forAgg = false) {}

  private colsOf(t: T): Col[] { return this.cols.filter((c) => c.t === t); }

  private col(t: T): G | null {
    const cs = this.colsOf(t);
    if (cs.length === 0) return null;
    const c = this.R.pick(cs);
    return { e: { k: 'col', name: c.name, t }, bound: BOUNDS[c.name] ?? (t === 'int' ? INT32 : t === 'long' ? INT64 : Infinity) };
  }

  lit(t: T): G {
    const R = this.R;
    switch (t) {
      case 'int': { const v = R.pick([0, 1, 2, 3, -1, 7, 10, -5]); return { e: { k: 'lit', v, t }, bound: Math.abs(v) }; }
      case 'long': { const v = R.int(-3, 3); return { e: { k: 'cast', a: { k: 'lit', v, t: 'int' }, t: 'long' }, bound: Math.abs(v) }; }
      case 'double': { const v = R.pick([0.5, -1.25, 2.5, 0.125, 100.5, -0.5, 3.75, NaN, Infinity, -Infinity, -0]); return { e: { k: 'lit', v, t }, bound: Infinity }; }
      case 'str': return { e: { k: 'lit', v: R.pick(KEYS), t }, bound: Infinity };
      case 'bool': return { e: { k: 'lit', v: R.chance(0.5), t }, bound: Infinity };
    }
  }

  /** A leaf: a column of type t (mostly) or a literal. */
  leaf(t: T): G {
    if (this.R.chance(0.8)) { const c = this.col(t); if (c) return c; }
    if (t === 'long' && this.R.chance(0.7)) {
      const c = this.col('int');
      if (c) return { e: { k: 'cast', a: c.e, t: 'long' }, bound: c.bound };
    }
    return this.lit(t);
  }

  gen(t: T, depth: number): G {
    if (depth <= 0 || this.R.chance(0.3)) return this.leaf(t);
    switch (t) {
      case 'int': return this.genInt(depth);
      case 'long': return this.genLong(depth);
      case 'double': return this.genDouble(depth);
      case 'str': return this.genStr(depth);
      case 'bool': return this.genBool(depth);
    }
  }

  private arith(t: 'int' | 'long', limit: number, depth: number): G {
    const R = this.R;
    const a = this.gen(t, depth - 1);
    const b = this.gen(R.chance(0.7) ? 'int' : t, depth - 1);
    const op = R.pick(['plus', 'minus', 'mul', 'mod', 'plus'] as const);
    const bound = op === 'mul' ? a.bound * b.bound : op === 'mod' ? Math.min(a.bound, b.bound) : a.bound + b.bound;
    if (!(bound <= limit)) return a;
    return { e: { k: 'arith', op, a: a.e, b: b.e, t }, bound };
  }

  private genInt(depth: number): G {
    const R = this.R;
    switch (R.int(0, 8)) {
      case 0: case 1: return this.arith('int', INT32, depth);
      case 2: { const a = this.gen('int', depth - 1); return { e: { k: 'fn', name: 'abs', args: [a.e], t: 'int' }, bound: a.bound }; }
      case 3: { const [a, b] = [this.gen('int', depth - 1), this.gen('int', depth - 1)]; return { e: { k: 'case', branches: [[this.gen('bool', depth - 1).e, a.e]], otherwise: R.chance(0.7) ? b.e : null, t: 'int' }, bound: Math.max(a.bound, b.bound) }; }
      case 4: { const name = R.pick(['coalesce', 'greatest', 'least'] as const); const [a, b] = [this.gen('int', depth - 1), this.gen('int', depth - 1)]; return { e: { k: 'fn', name, args: [a.e, b.e], t: 'int' }, bound: Math.max(a.bound, b.bound) }; }
      case 5: return { e: { k: 'fn', name: 'length', args: [this.gen('str', depth - 1).e], t: 'int' }, bound: 1000 };
      case 6: {
        // double → int truncates in Spark; only values that fit (NaN is outside every BETWEEN).
        const d = this.gen('double', depth - 1).e;
        const guarded: E = { k: 'case', branches: [[{ k: 'between', a: d, lo: { k: 'lit', v: -1e6, t: 'int' }, hi: { k: 'lit', v: 1e6, t: 'int' }, t: 'bool' }, d]], otherwise: null, t: 'double' };
        return { e: { k: 'cast', a: guarded, t: 'int' }, bound: 1e6 };
      }
      case 7: return { e: { k: 'cast', a: this.gen('bool', depth - 1).e, t: 'int' }, bound: 1 };
      default: return this.leaf('int');
    }
  }

  private genLong(depth: number): G {
    const R = this.R;
    switch (R.int(0, 4)) {
      case 0: case 1: return this.arith('long', INT64, depth);
      case 2: { const a = this.gen('int', depth - 1); return { e: { k: 'cast', a: a.e, t: 'long' }, bound: a.bound }; }
      case 3: { const [a, b] = [this.gen('long', depth - 1), this.gen('long', depth - 1)]; return { e: { k: 'fn', name: R.pick(['coalesce', 'greatest', 'least'] as const), args: [a.e, b.e], t: 'long' }, bound: Math.max(a.bound, b.bound) }; }
      default: return this.leaf('long');
    }
  }

  private num(depth: number): E {
    return this.gen(this.R.pick(['double', 'double', 'int', 'long'] as const), depth).e;
  }

  private genDouble(depth: number): G {
    const R = this.R;
    const inf = (e: E): G => ({ e, bound: Infinity });
    const exact = this.forAgg;
    switch (R.int(0, 10)) {
      case 0: case 1: {
        const ops = exact ? (['plus', 'minus', 'mul'] as const) : (['plus', 'minus', 'mul', 'div', 'mod'] as const);
        const op = R.pick(ops);
        const a = this.gen('double', depth - 1).e;
        // Integers of any size as the other operand would make inexact products; keep them small.
        const b = R.chance(0.5) ? this.gen('double', depth - 1).e : this.gen('int', Math.min(depth - 1, 0)).e;
        return inf(R.chance(0.5) ? { k: 'arith', op, a, b, t: 'double' } : { k: 'arith', op, a: b, b: a, t: 'double' });
      }
      case 2: {
        if (exact) return this.leaf('double');
        // div of integers gives float64 (Spark's `/`).
        return inf({ k: 'arith', op: 'div', a: this.gen('int', depth - 1).e, b: this.gen('int', depth - 1).e, t: 'double' });
      }
      case 3: {
        const name = R.pick(exact ? (['floor', 'ceil', 'round', 'abs'] as const) : (['round', 'floor', 'ceil', 'sqrt', 'exp', 'ln', 'abs', 'round'] as const));
        const a = name === 'exp' ? this.leaf('double').e : this.gen('double', depth - 1).e;
        if (name === 'round' && !exact && R.chance(0.6)) return inf({ k: 'fn', name, args: [this.leaf('double').e, { k: 'lit', v: R.pick([1, 2]), t: 'int' }], t: 'double' });
        if (name !== 'abs' && R.chance(0.3)) return inf({ k: 'fn', name, args: [this.gen('int', depth - 1).e], t: 'double' });
        return inf({ k: 'fn', name, args: [a], t: 'double' });
      }
      case 4: {
        if (exact) return this.leaf('double');
        const y = R.pick([0, 1, 2, 3, 0.5, -1, 2.5]);
        return inf({ k: 'fn', name: 'pow', args: [this.leaf('double').e, { k: 'lit', v: y, t: Number.isInteger(y) && R.chance(0.5) ? 'int' : 'double' }], t: 'double' });
      }
      case 5: return inf({ k: 'case', branches: [[this.gen('bool', depth - 1).e, this.gen('double', depth - 1).e]], otherwise: R.chance(0.7) ? this.num(depth - 1) : null, t: 'double' });
      case 6: return inf({ k: 'fn', name: R.pick(['coalesce', 'greatest', 'least'] as const), args: [this.gen('double', depth - 1).e, R.chance(0.5) ? this.gen('double', depth - 1).e : this.gen('int', depth - 1).e], t: 'double' });
      case 7: return inf({ k: 'cast', a: this.gen(R.pick(['int', 'long'] as const), depth - 1).e, t: 'double' });
      default: return this.leaf('double');
    }
  }

  private genStr(depth: number): G {
    const R = this.R;
    const inf = (e: E): G => ({ e, bound: Infinity });
    switch (R.int(0, 9)) {
      case 0: return inf({ k: 'fn', name: R.pick(['lower', 'upper', 'trim'] as const), args: [this.gen('str', depth - 1).e], t: 'str' });
      case 1: return inf({ k: 'fn', name: 'concat', args: [this.gen('str', depth - 1).e, this.gen('str', depth - 1).e, ...(R.chance(0.3) ? [this.leaf('str').e] : [])], t: 'str' });
      case 2: {
        const pos: E = R.chance(0.8) ? { k: 'lit', v: R.pick([0, 1, 2, 3, -1, -2, -10]), t: 'int' } : this.gen('int', 0).e;
        const len: E = R.chance(0.8) ? { k: 'lit', v: R.pick([0, 1, 2, 3, 10, -1]), t: 'int' } : this.gen('int', 0).e;
        return inf({ k: 'fn', name: 'substr', args: [this.gen('str', depth - 1).e, pos, len], t: 'str' });
      }
      case 3: return inf({ k: 'case', branches: [[this.gen('bool', depth - 1).e, this.gen('str', depth - 1).e]], otherwise: R.chance(0.7) ? this.gen('str', depth - 1).e : null, t: 'str' });
      case 4: return inf({ k: 'fn', name: R.pick(['coalesce', 'greatest', 'least'] as const), args: [this.gen('str', depth - 1).e, this.gen('str', depth - 1).e], t: 'str' });
      case 5: return inf({ k: 'cast', a: this.gen(R.pick(['int', 'long', 'bool'] as const), depth - 1).e, t: 'str' });
      default: return this.leaf('str');
    }
  }

  private genBool(depth: number): G {
    const R = this.R;
    const inf = (e: E): G => ({ e, bound: Infinity });
    switch (R.int(0, 11)) {
      case 0: case 1: {
        const op = R.pick(['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as CmpOp[]);
        const t = R.pick(['int', 'double', 'str', 'long', 'str'] as const);
        const a = this.gen(t, depth - 1).e;
        const bt: T = t === 'str' ? 'str' : R.pick(['int', 'double', 'long'] as const);
        const b = R.chance(0.4) ? this.lit(bt).e : this.gen(bt, depth - 1).e;
        return inf({ k: 'cmp', op, a, b, t: 'bool' });
      }
      case 2: return inf({ k: 'logic', op: R.pick(['and', 'or'] as const), a: this.gen('bool', depth - 1).e, b: this.gen('bool', depth - 1).e, t: 'bool' });
      case 3: return inf({ k: 'not', a: this.gen('bool', depth - 1).e, t: 'bool' });
      case 4: return inf({ k: R.pick(['isNull', 'isNotNull'] as const), a: this.gen(R.pick(['int', 'double', 'str', 'bool'] as const), depth - 1).e, t: 'bool' });
      case 5: {
        const t = R.pick(['int', 'str', 'double'] as const);
        const list: E[] = Array.from({ length: R.int(1, 4) }, () => this.lit(t).e);
        if (R.chance(0.2)) list.push({ k: 'lit', v: null, t });
        if (t === 'double' && R.chance(0.3)) list.push({ k: 'lit', v: 0, t: 'int' });
        return inf({ k: 'isIn', a: this.gen(t, depth - 1).e, list, t: 'bool' });
      }
      case 6: {
        const t = R.pick(['int', 'double', 'str'] as const);
        const lo = this.lit(t).e;
        const hi = R.chance(0.3) ? this.gen(t, 0).e : this.lit(t).e;
        return inf({ k: 'between', a: this.gen(t, depth - 1).e, lo, hi, t: 'bool' });
      }
      case 7: return inf({ k: 'fn', name: R.pick(['contains', 'startsWith', 'endsWith'] as const), args: [this.gen('str', depth - 1).e, R.chance(0.7) ? { k: 'lit', v: R.pick(['a', '', 'é', '😀', 'Ａ', ' ', 'b']), t: 'str' } : this.leaf('str').e], t: 'bool' });
      default: return this.leaf('bool');
    }
  }
}

/** The program generator's state: the columns so far and a name counter. */
class ProgGen {
  private n = 0;
  constructor(private readonly R: Rand) {}

  fresh(): string { return `c${++this.n}`; }

  filter(cols: readonly Col[]): Step {
    return { k: 'filter', cond: new ExprGen(this.R, cols).gen('bool', this.R.int(1, 3)).e };
  }

  /** A select of existing columns and new expressions. */
  select(cols: readonly Col[], min = 1): { step: Step; out: Col[] } {
    const R = this.R;
    const out: NamedE[] = [];
    const count = R.int(min, 4);
    const eg = new ExprGen(R, cols);
    for (let i = 0; i < count; i++) {
      if (R.chance(0.35)) {
        const c = R.pick(cols);
        if (!out.some((o) => o.name === c.name)) out.push({ name: c.name, e: { k: 'col', name: c.name, t: c.t } });
      } else {
        const t = R.pick(['int', 'long', 'double', 'str', 'bool', 'double', 'str'] as const);
        out.push({ name: this.fresh(), e: eg.gen(t, R.int(1, 3)).e });
      }
    }
    return { step: { k: 'select', cols: out }, out: out.map((o) => ({ name: o.name, t: o.e.t })) };
  }

  /** One aggregate over the columns (its arguments exact). */
  aggOf(cols: readonly Col[], keys: readonly string[]): E {
    const R = this.R;
    const eg = new ExprGen(R, cols, true);
    const fn = R.pick(['count', 'count', 'countDistinct', 'sum', 'avg', 'min', 'max', 'median', 'stddev', 'corr', 'first', 'sum', 'max'] as AggName[]);
    const argOf = (ts: readonly T[]): E => (R.chance(0.6) ? eg.leaf(R.pick(ts)).e : eg.gen(R.pick(ts), 1).e);
    switch (fn) {
      case 'count': return R.chance(0.4) ? { k: 'agg', fn, args: [], t: 'long' } : { k: 'agg', fn, args: [argOf(['int', 'double', 'str', 'bool'])], t: 'long' };
      case 'countDistinct': return { k: 'agg', fn, args: [argOf(['int', 'double', 'str', 'long'])], t: 'long' };
      case 'sum': { const a = argOf(['int', 'double', 'long']); return { k: 'agg', fn, args: [a], t: a.t === 'double' ? 'double' : 'long' }; }
      case 'avg': case 'median': case 'stddev': return { k: 'agg', fn, args: [argOf(['int', 'double', 'long'])], t: 'double' };
      case 'corr': return { k: 'agg', fn, args: [argOf(['int', 'double']), argOf(['int', 'double'])], t: 'double' };
      case 'min': case 'max': { const a = argOf(['int', 'double', 'str', 'long', 'bool']); return { k: 'agg', fn, args: [a], t: a.t }; }
      case 'first': {
        // Deterministic only where the value is the same on every row of a group: a grouping key.
        if (keys.length === 0) return { k: 'agg', fn: 'count', args: [], t: 'long' };
        const key = R.pick(keys);
        const c = cols.find((x) => x.name === key)!;
        return { k: 'agg', fn, args: [{ k: 'col', name: c.name, t: c.t }], t: c.t };
      }
    }
  }

  /** An aggregate, or aggregates combined with arithmetic. */
  aggExpr(cols: readonly Col[], keys: readonly string[]): E {
    const R = this.R;
    const a = this.aggOf(cols, keys);
    // corr stays alone: its column is compared with an absolute tolerance (it lies in [−1, 1]).
    const isCorr = (x: E): boolean => x.k === 'agg' && x.fn === 'corr';
    if (!R.chance(0.3) || a.t === 'str' || a.t === 'bool' || isCorr(a)) return a;
    const b = R.chance(0.6) ? this.aggOf(cols, keys) : ({ k: 'lit', v: R.pick([1, 2, 10]), t: 'int' } as E);
    if (b.t === 'str' || b.t === 'bool' || isCorr(b)) return a;
    const op = R.pick(['plus', 'minus', 'mul', 'div'] as const);
    // Products of two int64 aggregates could leave BIGINT; take them as doubles.
    const t: T = op === 'div' || a.t === 'double' || b.t === 'double' ? 'double' : 'long';
    if (op === 'mul' && t === 'long') return { k: 'arith', op, a: { k: 'cast', a, t: 'double' }, b, t: 'double' };
    return { k: 'arith', op, a, b, t };
  }

  groupBy(cols: readonly Col[]): { step: Step; out: Col[] } {
    const R = this.R;
    const candidates = cols.filter((c) => c.t !== 'double' || R.chance(0.3));
    const nk = R.pick([0, 1, 1, 1, 2, 2]);
    const keys: string[] = [];
    for (let i = 0; i < nk && candidates.length > 0; i++) {
      const c = R.pick(candidates);
      if (!keys.includes(c.name)) keys.push(c.name);
    }
    const aggs: NamedE[] = Array.from({ length: R.int(1, 4) }, () => ({ name: this.fresh(), e: this.aggExpr(cols, keys) }));
    const out = [...keys.map((k) => cols.find((c) => c.name === k)!), ...aggs.map((a) => ({ name: a.name, t: a.e.t }))];
    return { step: { k: 'groupBy', keys, aggs }, out };
  }

  /** A window function over the columns, as a withColumn. */
  window(cols: readonly Col[]): { step: Step; out: Col[] } {
    const R = this.R;
    const eg = new ExprGen(R, cols, true);
    const partCols = cols.filter((c) => c.t === 'int' || c.t === 'str' || c.t === 'bool');
    const partition: E[] = [];
    for (let i = R.pick([0, 1, 1, 2]); i > 0 && partCols.length > 0; i--) { const c = R.pick(partCols); partition.push({ k: 'col', name: c.name, t: c.t }); }
    const randomKeys = (): SortKey[] => Array.from({ length: R.int(1, 2) }, () => {
      const c = R.pick(cols);
      return { e: { k: 'col', name: c.name, t: c.t }, asc: R.chance(0.5), nullsFirst: R.chance(0.5) };
    });
    // Ties broken by every column: rowNumber is then deterministic (identical rows are interchangeable).
    const total = (keys: SortKey[]): SortKey[] => [...keys, ...cols.map((c) => ({ e: { k: 'col', name: c.name, t: c.t } as E, asc: true, nullsFirst: true }))];
    const kind = R.pick(['rowNumber', 'rank', 'denseRank', 'agg', 'agg', 'agg'] as const);
    let e: E;
    if (kind === 'rowNumber') e = { k: 'win', fn: 'rowNumber', partition, order: total(randomKeys()), t: 'int' };
    else if (kind === 'rank' || kind === 'denseRank') e = { k: 'win', fn: kind, partition, order: randomKeys(), t: 'int' };
    else {
      const fn = R.pick(['sum', 'avg', 'min', 'max', 'count', 'stddev'] as const);
      const arg = eg.leaf(R.pick(fn === 'min' || fn === 'max' || fn === 'count' ? (['int', 'double', 'str', 'long'] as const) : (['int', 'double', 'long'] as const))).e;
      const t: T = fn === 'count' ? 'long' : fn === 'avg' || fn === 'stddev' ? 'double' : fn === 'sum' ? (arg.t === 'double' ? 'double' : 'long') : arg.t;
      e = { k: 'win', fn: { agg: { k: 'agg', fn, args: [arg], t } }, partition, order: R.chance(0.5) ? randomKeys() : [], t };
    }
    const name = this.fresh();
    return { step: { k: 'withColumn', name, e }, out: [...cols, { name, t: e.t }] };
  }

  orderBy(cols: readonly Col[]): Step {
    const R = this.R;
    const keys: SortKey[] = [];
    for (let i = R.int(1, 2); i > 0; i--) {
      const c = R.pick(cols);
      const asc = R.chance(0.5);
      // Spark's defaults: asc nulls first, desc nulls last; sometimes the explicit other.
      keys.push({ e: { k: 'col', name: c.name, t: c.t }, asc, nullsFirst: R.chance(0.7) ? asc : !asc });
    }
    if (R.chance(0.3)) {
      const eg = new ExprGen(R, cols);
      keys.unshift({ e: eg.gen(R.pick(['int', 'double', 'str'] as const), 1).e, asc: R.chance(0.5), nullsFirst: R.chance(0.5) });
    }
    // Every column as a last key: a total order, so the answer's order is defined.
    for (const c of cols) keys.push({ e: { k: 'col', name: c.name, t: c.t }, asc: true, nullsFirst: true });
    return { k: 'orderBy', keys, limit: R.chance(0.6) ? R.pick([0, 1, 3, 10]) : null };
  }

  /** A sub-program over `u` for a join: maybe filtered, maybe renamed for a join by names. */
  right(using: readonly string[]): { prog: Program; cols: Col[] } {
    const R = this.R;
    const rename: [string, string][] = [];
    if (using.includes('k')) rename.push(['uk', 'k']);
    if (using.includes('g')) rename.push(['ug', 'g']);
    const cols: Col[] = U_COLS.map((c) => ({ name: rename.find((r) => r[0] === c.name)?.[1] ?? c.name, t: c.t }));
    const steps: Step[] = [];
    if (R.chance(0.4)) steps.push(this.filter(cols));
    return { prog: { table: 'u', rename, steps, out: cols }, cols };
  }
}

/** The random program for a seed. */
export function randomProgram(seed: number): Program {
  const R = new Rand(prng(seed));
  const P = new ProgGen(R);
  const steps: Step[] = [];
  let cols: Col[] = [...T_COLS];
  const shape = R.pick(['project', 'agg', 'agg', 'join', 'join', 'union', 'window', 'window', 'distinct']);
  if (R.chance(0.5)) steps.push(P.filter(cols));
  switch (shape) {
    case 'project': {
      if (R.chance(0.5)) {
        const name = P.fresh();
        const e = new ExprGen(R, cols).gen(R.pick(['int', 'double', 'str', 'bool', 'long'] as const), R.int(1, 3)).e;
        steps.push({ k: 'withColumn', name, e });
        cols = [...cols, { name, t: e.t }];
      }
      const s = P.select(cols);
      steps.push(s.step);
      cols = s.out;
      break;
    }
    case 'agg': {
      const g = P.groupBy(cols);
      steps.push(g.step);
      cols = g.out;
      // A HAVING-like filter over the keys and the exact aggregates.
      const having = cols.filter((c) => !(g.step.k === 'groupBy' && g.step.aggs.some((a) => a.name === c.name && [...exprsOf(a.e)].some((x) => x.k === 'agg' && (x.fn === 'corr' || x.fn === 'stddev' || x.fn === 'avg')))));
      if (R.chance(0.3) && having.length > 0) steps.push(P.filter(having));
      break;
    }
    case 'join': {
      const how = R.pick(['inner', 'left', 'right', 'full', 'semi', 'anti'] as const);
      const mode = R.pick(['using', 'cond', 'cond'] as const);
      if (mode === 'using') {
        const keys = R.pick([['k'], ['g'], ['k', 'g']]);
        const { prog, cols: rc } = P.right(keys);
        steps.push({ k: 'join', right: prog, on: { kind: 'using', keys }, how });
        // Spark puts the keys of a join by names first, also for semi and anti joins.
        cols = [...keys.map((k) => cols.find((c) => c.name === k)!), ...cols.filter((c) => !keys.includes(c.name)), ...(how === 'semi' || how === 'anti' ? [] : rc.filter((c) => !keys.includes(c.name)))];
      } else {
        const pairs = R.pick([[['k', 'uk']], [['g', 'ug']], [['k', 'uk'], ['g', 'ug']], [['x', 'w']], [['v', 'ug']]] as [string, string][][]);
        const { prog, cols: rc } = P.right([]);
        steps.push({ k: 'join', right: prog, on: { kind: 'cond', pairs }, how });
        if (how !== 'semi' && how !== 'anti') cols = [...cols, ...rc];
      }
      if (R.chance(0.5)) {
        const s = P.select(cols);
        steps.push(s.step);
        cols = s.out;
      } else if (R.chance(0.5)) {
        const g = P.groupBy(cols);
        steps.push(g.step);
        cols = g.out;
      }
      break;
    }
    case 'union': {
      const s = P.select(cols);
      steps.push(s.step);
      cols = s.out;
      // The other side: the same column types from other expressions over `t`.
      const eg = new ExprGen(R, T_COLS);
      const otherSteps: Step[] = [];
      if (R.chance(0.6)) otherSteps.push(P.filter(T_COLS));
      otherSteps.push({ k: 'select', cols: cols.map((c) => ({ name: c.name, e: eg.gen(c.t, R.int(0, 2)).e })) });
      steps.push({ k: 'union', other: { table: 't', rename: [], steps: otherSteps, out: cols } });
      if (R.chance(0.4)) steps.push({ k: 'distinct' });
      break;
    }
    case 'window': {
      const w = P.window(cols);
      steps.push(w.step);
      cols = w.out;
      if (R.chance(0.3)) {
        const w2 = P.window(cols);
        steps.push(w2.step);
        cols = w2.out;
      }
      if (R.chance(0.3)) steps.push(P.filter(cols));
      break;
    }
    case 'distinct': {
      const s = P.select(cols);
      steps.push(s.step, { k: 'distinct' });
      cols = s.out;
      break;
    }
  }
  if (R.chance(0.35)) steps.push(P.orderBy(cols));
  return { table: 't', rename: [], steps, out: cols };
}

function* exprsOf(e: E): Generator<E> {
  yield e;
  if (e.k === 'arith') { yield* exprsOf(e.a); yield* exprsOf(e.b); }
  if (e.k === 'cast') yield* exprsOf(e.a);
}

export type { FnName };
