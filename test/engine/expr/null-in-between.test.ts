import { expect } from 'chai';
import { evaluate } from '../../../engine/expr/index.js';
import { batchOf, call, col, lit, readVec } from './helpers.js';
import { differential } from './diff.js';

describe('expr null tests, isNaN, coalesce, in, between', () => {
  it('isNull / isNotNull never give null', () => {
    for (const t of ['int32', 'utf8', 'bool', 'float64'] as const) {
      differential(`isNull ${t}`, [{ type: t, nullRate: 0.4 }], ([x]) => call('isNull', 'bool', x!), (x) => x === null);
      differential(`isNotNull ${t}`, [{ type: t, nullRate: 0.4 }], ([x]) => call('isNotNull', 'bool', x!), (x) => x !== null);
    }
    differential('isNull lit null', [{ type: 'int32' }], () => call('isNull', 'bool', lit(null, 'null')), () => true);
  });
  it('isNaN: true only for a float NaN, false for other values and types, null for null', () => {
    differential('isNaN float64', [{ type: 'float64', nullRate: 0.3, gen: (r) => [NaN, -0, Infinity, -Infinity, 1.5][Math.floor(r() * 5)]! }], ([x]) => call('isNaN', 'bool', x!), (x) => (x === null ? null : Number.isNaN(x)));
    for (const t of ['int32', 'utf8', 'bool'] as const) {
      differential(`isNaN ${t}`, [{ type: t, nullRate: 0.3 }], ([x]) => call('isNaN', 'bool', x!), (x) => (x === null ? null : false));
    }
  });
  it('coalesce takes the first non-null', () => {
    const first = (...xs: unknown[]) => xs.find((x) => x !== null) ?? null;
    differential('coalesce num', [{ type: 'int32', nullRate: 0.5 }, { type: 'float64', nullRate: 0.5 }], ([x, y]) => call('coalesce', 'float64', x!, y!, lit(-1, 'float64')), (x, y) => first(x, y, -1));
    differential('coalesce str', [{ type: 'utf8', nullRate: 0.5 }, { type: 'utf8', nullRate: 0.5 }], ([x, y]) => call('coalesce', 'utf8', x!, y!), first);
    differential('coalesce null first', [{ type: 'utf8', nullRate: 0.5 }], ([x]) => call('coalesce', 'utf8', lit(null, 'null'), x!), first);
  });
  it('in: null when the value is null or nothing matches and the list holds null', () => {
    const list = [3, 5, -2];
    differential('in', [{ type: 'int32', small: true }], ([x]) => call('in', 'bool', x!, ...list.map((v) => lit(v, 'int32'))), (x) => (x === null ? null : list.includes(x)));
    differential('in with null', [{ type: 'int32', small: true }], ([x]) => call('in', 'bool', x!, lit(3, 'int32'), lit(null, 'null')), (x) => (x === null ? null : x === 3 ? true : null));
    const strs = ['a', 'abc', '🙂 smile'];
    differential('in str', [{ type: 'utf8' }], ([x]) => call('in', 'bool', x!, ...strs.map((v) => lit(v, 'utf8'))), (x) => (x === null ? null : strs.includes(x)));
    differential('in cols', [{ type: 'int32', small: true }, { type: 'int32', small: true }], ([x, y]) => call('in', 'bool', x!, y!, lit(0, 'int32')), (x, y) => (x === null ? null : x === y || x === 0 ? true : y === null ? null : false));
  });
  it('between is inclusive and three-valued', () => {
    differential('between', [{ type: 'int32', small: true }, { type: 'int32', small: true }, { type: 'float64', gen: (r) => Math.floor(r() * 20) - 5 }], ([x, lo, hi]) => call('between', 'bool', x!, lo!, hi!), (x, lo, hi) => {
      const a = x === null || lo === null ? null : x >= lo;
      const b = x === null || hi === null ? null : x <= hi;
      return a === false || b === false ? false : a === null || b === null ? null : true;
    });
    differential('between str', [{ type: 'utf8' }], ([x]) => call('between', 'bool', x!, lit('a', 'utf8'), lit('b', 'utf8')), (x) => (x === null ? null : x >= 'a' && x <= 'b'));
  });
  it('a literal evaluates to a column of the batch length', () => {
    const b = batchOf([{ name: 'a', type: 'int32', values: [1, 2, 3] }]);
    expect(readVec(evaluate(lit('x', 'utf8'), b))).to.deep.equal(['x', 'x', 'x']);
    expect(readVec(evaluate(lit(null, 'int32'), b))).to.deep.equal([null, null, null]);
    expect(readVec(evaluate(col(0, 'a', 'int32'), b))).to.deep.equal([1, 2, 3]);
  });
});

describe('expr literals of dates and timestamps', () => {
  it('accept days/ms numbers and ISO text', () => {
    const b = batchOf([{ name: 'a', type: 'int32', values: [1] }]);
    expect(readVec(evaluate(lit(3, 'date'), b))).to.deep.equal([3]);
    expect(readVec(evaluate(lit('1970-01-04', 'date'), b))).to.deep.equal([3]);
    expect(readVec(evaluate(lit('1970-01-01T00:00:01.5Z', 'timestamp'), b))).to.deep.equal([1500]);
    expect(() => evaluate(lit('soon', 'date'), b)).to.throw(/"soon"/);
  });
});

describe('expr mixed string and number operands', () => {
  it('in, between and comparisons bring the other side to the value type', () => {
    const b = batchOf([{ name: 's', type: 'utf8', values: ['1', '2', null] }, { name: 'i', type: 'int32', values: [1, 5, 3] }]);
    const s = col(0, 's', 'utf8');
    const i = col(1, 'i', 'int32');
    expect(readVec(evaluate(call('in', 'bool', s, lit(1, 'int32'), lit(3, 'int32')), b))).to.deep.equal([true, false, null]);
    expect(readVec(evaluate(call('in', 'bool', i, lit('5', 'utf8')), b))).to.deep.equal([false, true, false]);
    expect(readVec(evaluate(call('between', 'bool', i, lit('2', 'utf8'), lit(4, 'int32')), b))).to.deep.equal([false, false, true]);
    expect(readVec(evaluate(call('lt', 'bool', s, i), b))).to.deep.equal([false, true, null]);
  });
});
