import { expect } from 'chai';
import { evaluate } from '../../../engine/expr/index.js';
import type { DataType } from '../../../engine/types.js';
import { batchOf, call, col, lit, readVec } from './helpers.js';
import { differential } from './diff.js';

type Cmp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';
const OPS: Cmp[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'];

/** Spark order: NaN equals NaN and is above every number. */
function order(x: unknown, y: unknown): number {
  if (typeof x === 'number' && typeof y === 'number') {
    const xn = Number.isNaN(x);
    const yn = Number.isNaN(y);
    if (xn || yn) return xn && yn ? 0 : xn ? 1 : -1;
  }
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}
function holds(op: Cmp, c: number): boolean {
  return op === 'eq' ? c === 0 : op === 'neq' ? c !== 0 : op === 'lt' ? c < 0 : op === 'lte' ? c <= 0 : op === 'gt' ? c > 0 : c >= 0;
}
const cmpRef = (op: Cmp, conv: (v: any) => any = (v) => v) => (x: unknown, y: unknown) => (x === null || y === null ? null : holds(op, order(conv(x), conv(y))));

describe('expr comparisons', () => {
  const pairs: [DataType, DataType][] = [['int32', 'int32'], ['int32', 'float64'], ['int64', 'int32'], ['float64', 'float64'], ['utf8', 'utf8'], ['bool', 'bool'], ['date', 'date'], ['timestamp', 'timestamp']];
  for (const [a, b] of pairs) {
    it(`all six on ${a} vs ${b}`, () => {
      for (const op of OPS) differential(`${op} ${a} ${b}`, [{ type: a, small: true }, { type: b, small: true }], ([x, y]) => call(op, 'bool', x!, y!), cmpRef(op));
    });
  }
  it('floats with NaN, −0 and infinities', () => {
    const special = [NaN, -0, 0, Infinity, -Infinity, 1.5, -1.5];
    const gen = (r: () => number) => special[Math.floor(r() * special.length)];
    for (const op of OPS) differential(`${op} NaN`, [{ type: 'float64', gen }, { type: 'float64', gen }], ([x, y]) => call(op, 'bool', x!, y!), cmpRef(op));
  });
  it('strings against a literal on either side, once per dictionary entry', () => {
    for (const op of OPS) {
      differential(`${op} col lit`, [{ type: 'utf8' }], ([x]) => call(op, 'bool', x!, lit('abc', 'utf8')), (x) => cmpRef(op)(x, 'abc'));
      differential(`${op} lit col`, [{ type: 'utf8' }], ([x]) => call(op, 'bool', lit('b', 'utf8'), x!), (x) => cmpRef(op)('b', x));
    }
  });
  it('dates against timestamps compare by instant', () => {
    const DAY = 86400000;
    for (const op of OPS) differential(`${op} date ts`, [{ type: 'date' }, { type: 'timestamp', gen: (r) => Math.floor((r() - 0.5) * 40000) * DAY + (r() < 0.5 ? 0 : 1) }], ([x, y]) => call(op, 'bool', x!, y!), (x, y) => cmpRef(op)(x === null ? null : x * DAY, y));
  });
  it('a comparison with a null literal is null', () => {
    const b = batchOf([{ name: 'a', type: 'int32', values: [1, null] }]);
    expect(readVec(evaluate(call('eq', 'bool', col(0, 'a', 'int32'), lit(null, 'null')), b))).to.deep.equal([null, null]);
  });
});

describe('expr logic', () => {
  const and3 = (x: boolean | null, y: boolean | null) => (x === false || y === false ? false : x === null || y === null ? null : true);
  const or3 = (x: boolean | null, y: boolean | null) => (x === true || y === true ? true : x === null || y === null ? null : false);
  it('and / or are three-valued', () => {
    differential('and', [{ type: 'bool', nullRate: 0.3 }, { type: 'bool', nullRate: 0.3 }], ([x, y]) => call('and', 'bool', x!, y!), and3);
    differential('or', [{ type: 'bool', nullRate: 0.3 }, { type: 'bool', nullRate: 0.3 }], ([x, y]) => call('or', 'bool', x!, y!), or3);
    differential('and null', [{ type: 'bool', nullRate: 0.3 }], ([x]) => call('and', 'bool', x!, lit(null, 'null')), (x) => and3(x, null));
    differential('or null', [{ type: 'bool', nullRate: 0.3 }], ([x]) => call('or', 'bool', lit(null, 'null'), x!), (x) => or3(null, x));
  });
  it('not keeps null', () => {
    differential('not', [{ type: 'bool', nullRate: 0.3 }], ([x]) => call('not', 'bool', x!), (x) => (x === null ? null : !x));
  });
  it('the full truth table', () => {
    const vals = [true, false, null];
    const xs: (boolean | null)[] = [];
    const ys: (boolean | null)[] = [];
    for (const x of vals) for (const y of vals) { xs.push(x); ys.push(y); }
    const b = batchOf([{ name: 'x', type: 'bool', values: xs }, { name: 'y', type: 'bool', values: ys }]);
    const x = col(0, 'x', 'bool');
    const y = col(1, 'y', 'bool');
    expect(readVec(evaluate(call('and', 'bool', x, y), b))).to.deep.equal([true, false, null, false, false, false, null, false, null]);
    expect(readVec(evaluate(call('or', 'bool', x, y), b))).to.deep.equal([true, true, true, true, false, null, true, null, null]);
  });
});
