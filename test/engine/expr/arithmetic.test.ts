import { expect } from 'chai';
import { evaluate } from '../../../engine/expr/index.js';
import { DataError } from '../../../engine/errors.js';
import type { DataType } from '../../../engine/types.js';
import { batchOf, call, col, lit, readVec } from './helpers.js';
import { differential } from './diff.js';

const nn = (f: (...xs: number[]) => number | null) => (...xs: (number | null)[]) => (xs.some((x) => x === null) ? null : f(...(xs as number[])));

describe('expr arithmetic', () => {
  const combos: [DataType, DataType, DataType][] = [
    ['int32', 'int32', 'int32'],
    ['int32', 'int64', 'int64'],
    ['int64', 'int64', 'int64'],
    ['int32', 'float64', 'float64'],
    ['float64', 'float64', 'float64'],
    ['int64', 'float64', 'float64'],
  ];
  for (const [a, b, t] of combos) {
    it(`add sub mul of ${a} and ${b} → ${t}`, () => {
      differential(`add ${a} ${b}`, [{ type: a }, { type: b }], ([x, y]) => call('add', t, x!, y!), nn((x, y) => x + y));
      differential(`sub ${a} ${b}`, [{ type: a }, { type: b }], ([x, y]) => call('sub', t, x!, y!), nn((x, y) => x - y));
      differential(`mul ${a} ${b}`, [{ type: a, small: true }, { type: b, small: true }], ([x, y]) => call('mul', t, x!, y!), nn((x, y) => x * y));
    });
    it(`div and mod of ${a} and ${b}`, () => {
      differential(`div ${a} ${b}`, [{ type: a, small: true }, { type: b, small: true }], ([x, y]) => call('div', 'float64', x!, y!), nn((x, y) => (y === 0 ? null : x / y)));
      differential(`mod ${a} ${b}`, [{ type: a }, { type: b, small: true }], ([x, y]) => call('mod', t, x!, y!), nn((x, y) => (y === 0 ? null : x % y)));
    });
  }

  it('mixes a column with a literal', () => {
    differential('c0 + 5', [{ type: 'int32' }], ([x]) => call('add', 'int32', x!, lit(5, 'int32')), nn((x) => x + 5));
    differential('10 - c0', [{ type: 'float64' }], ([x]) => call('sub', 'float64', lit(10, 'int32'), x!), nn((x) => 10 - x));
    differential('c0 / 0', [{ type: 'int32' }], ([x]) => call('div', 'float64', x!, lit(0, 'int32')), () => null);
    differential('c0 + null', [{ type: 'int32' }], ([x]) => call('add', 'int32', x!, lit(null, 'null')), () => null);
  });

  it('int32 overflow is a DataError naming the expression', () => {
    const b = batchOf([{ name: 'v1', type: 'int32', values: [1, 2147483647] }]);
    expect(() => evaluate(call('add', 'int32', col(0, 'v1', 'int32'), lit(1, 'int32')), b)).to.throw(DataError, /\(v1 \+ 1\)/);
    expect(() => evaluate(call('mul', 'int32', col(0, 'v1', 'int32'), lit(2, 'int32')), b)).to.throw(DataError, /overflow/);
    expect(() => evaluate(call('sub', 'int32', lit(-2147483648, 'int32'), col(0, 'v1', 'int32')), b)).to.throw(DataError, /int32/);
  });

  it('int64 is exact past 2^53, and beyond the int64 range a DataError', () => {
    const b = batchOf([{ name: 'big', type: 'int64', values: [2 ** 52, 2 ** 53 - 1] }]);
    const add = evaluate(call('add', 'int64', col(0, 'big', 'int64'), lit(1, 'int64')), b);
    expect(readVec(add)).to.deep.equal([2 ** 52 + 1, 2n ** 53n]);
    const mul = evaluate(call('mul', 'int64', col(0, 'big', 'int64'), lit(1023, 'int64')), b);
    expect(readVec(mul)).to.deep.equal([2n ** 52n * 1023n, (2n ** 53n - 1n) * 1023n]);
    expect(() => evaluate(call('mul', 'int64', col(0, 'big', 'int64'), lit(1025, 'int64')), b)).to.throw(DataError, /\(big \* 1025\).*int64/);
    const ok = evaluate(call('sub', 'int64', col(0, 'big', 'int64'), lit(0, 'int64')), b);
    expect(readVec(ok)).to.deep.equal([2 ** 52, 2 ** 53 - 1]);
  });

  it('does not raise overflow for a null row whatever its storage holds', () => {
    const b = { schema: [{ name: 'v', type: 'int32' as const, nullable: true }], columns: [{ kind: 'num' as const, type: 'int32' as const, values: Int32Array.of(2147483647, 1), valid: Uint8Array.of(0, 1) }], length: 2 };
    expect(readVec(evaluate(call('add', 'int32', col(0, 'v', 'int32'), lit(1, 'int32')), b))).to.deep.equal([null, 2]);
  });

  it('integer mod by zero and div by zero give null, float mod keeps JS semantics', () => {
    const b = batchOf([
      { name: 'a', type: 'int64', values: [7, -7, 7, 5] },
      { name: 'b', type: 'int64', values: [2, 2, 0, -3] },
    ]);
    expect(readVec(evaluate(call('mod', 'int64', col(0, 'a', 'int64'), col(1, 'b', 'int64')), b))).to.deep.equal([1, -1, null, 2]);
    expect(readVec(evaluate(call('div', 'float64', col(0, 'a', 'int64'), col(1, 'b', 'int64')), b))).to.deep.equal([3.5, -3.5, null, 5 / -3]);
  });

  it('int64 results never hold −0', () => {
    const b = batchOf([{ name: 'a', type: 'int64', values: [-4, 0] }]);
    const out = evaluate(call('mod', 'int64', col(0, 'a', 'int64'), lit(2, 'int64')), b);
    const v = out.kind === 'num' ? out.values[0] : NaN;
    expect(Object.is(v, -0)).to.equal(false);
    const m = evaluate(call('mul', 'int64', col(0, 'a', 'int64'), lit(0, 'int64')), b);
    expect(Object.is(m.kind === 'num' ? m.values[0] : NaN, -0)).to.equal(false);
  });
});
