import { expect } from 'chai';
import { evaluate } from '../../../engine/expr/index.js';
import { DataError } from '../../../engine/errors.js';
import type { DataType } from '../../../engine/types.js';
import { batchOf, call, col, lit, readVec } from './helpers.js';
import { differential } from './diff.js';

const n1 = (f: (x: number) => number | null) => (x: number | null) => (x === null ? null : f(x));

/** Round half away from zero at `scale` digits, on the decimal text of x (digit arithmetic, no float scaling). */
function refRound(x: number, scale: number): number {
  if (!Number.isFinite(x)) return x;
  const neg = x < 0 || Object.is(x, -0);
  let s = Math.abs(x).toString();
  if (s.includes('e')) return Math.sign(x) * Math.round(Math.abs(x) * 10 ** scale) / 10 ** scale;
  let [int, frac = ''] = s.split('.') as [string, string?];
  const digits = (int + frac).split('').map(Number);
  let point = int.length; // digits before the decimal point
  // keep point+scale digits
  const keep = point + scale;
  if (keep < 0) return 0;
  while (digits.length < keep + 1) digits.push(0);
  const roundUp = digits[keep]! >= 5;
  const kept = digits.slice(0, keep);
  if (roundUp) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === 9) { kept[i] = 0; i--; }
    if (i >= 0) kept[i]! += 1;
    else { kept.unshift(1); point++; }
  }
  const whole = kept.slice(0, point).join('') || '0';
  const dec = kept.slice(point).join('');
  let r = Number(dec ? `${whole}.${dec}` : whole) * (scale < 0 ? 10 ** -scale : 1);
  if (scale < 0) r = Number(`${kept.join('') || '0'}e${-scale}`);
  return neg ? -r : r;
}

describe('expr math', () => {
  const f64 = { type: 'float64' as DataType };
  it('floor ceil as float64 and int64', () => {
    differential('floor', [f64], ([x]) => call('floor', 'float64', x!), n1(Math.floor));
    differential('ceil', [f64], ([x]) => call('ceil', 'float64', x!), n1(Math.ceil));
    differential('floor int64', [f64], ([x]) => call('floor', 'int64', x!), n1((x) => Math.floor(x)));
    differential('ceil int64', [f64], ([x]) => call('ceil', 'int64', x!), n1((x) => Math.ceil(x)));
  });
  it('round half away from zero', () => {
    const halves = (r: () => number) => (Math.floor(r() * 41) - 20) / 2 + (r() < 0.3 ? 0.25 : 0);
    differential('round', [{ type: 'float64', gen: halves }], ([x]) => call('round', 'float64', x!), n1((x) => refRound(x, 0)));
    differential('round rnd', [f64], ([x]) => call('round', 'float64', x!), n1((x) => refRound(x, 0)));
    for (const scale of [1, 2, -1]) {
      const dec = (r: () => number) => Math.round((r() - 0.5) * 2e6) / 1000;
      differential(`round ${scale}`, [{ type: 'float64', gen: dec }], ([x]) => call('round', 'float64', x!, lit(scale, 'int32')), n1((x) => refRound(x, scale)));
    }
    const b = batchOf([{ name: 'x', type: 'float64', values: [2.5, -2.5, 0.5, 2.675, 1.005, 0.49999999999999994] }]);
    expect(readVec(evaluate(call('round', 'float64', col(0, 'x', 'float64')), b))).to.deep.equal([3, -3, 1, 3, 1, 0]);
    expect(readVec(evaluate(call('round', 'float64', col(0, 'x', 'float64'), lit(2, 'int32')), b))).to.deep.equal([2.5, -2.5, 0.5, 2.68, 1.01, 0.5]);
  });
  it('sqrt exp ln pow', () => {
    differential('sqrt', [f64], ([x]) => call('sqrt', 'float64', x!), n1(Math.sqrt));
    differential('exp', [{ type: 'float64', gen: (r) => (r() - 0.5) * 20 }], ([x]) => call('exp', 'float64', x!), n1(Math.exp));
    differential('ln', [f64], ([x]) => call('ln', 'float64', x!), n1((x) => (x > 0 ? Math.log(x) : null)));
    differential('pow', [{ type: 'float64', gen: (r) => (r() - 0.5) * 10 }, { type: 'int32', small: true }], ([x, y]) => call('pow', 'float64', x!, y!), (x, y) => (x === null || y === null ? null : x ** y));
  });
  it('abs and neg keep the type', () => {
    for (const t of ['int32', 'int64', 'float64'] as DataType[]) {
      differential(`abs ${t}`, [{ type: t }], ([x]) => call('abs', t, x!), n1(Math.abs));
      differential(`neg ${t}`, [{ type: t }], ([x]) => call('neg', t, x!), n1((x) => -x));
    }
    const b = batchOf([{ name: 'm', type: 'int32', values: [-2147483648] }]);
    expect(() => evaluate(call('neg', 'int32', col(0, 'm', 'int32')), b)).to.throw(DataError, /m/);
    expect(() => evaluate(call('abs', 'int32', col(0, 'm', 'int32')), b)).to.throw(DataError, /abs\(m\)/);
  });
  it('greatest and least skip nulls', () => {
    const g = (...xs: (number | null)[]) => { const v = xs.filter((x) => x !== null) as number[]; return v.length ? Math.max(...v) : null; };
    const l = (...xs: (number | null)[]) => { const v = xs.filter((x) => x !== null) as number[]; return v.length ? Math.min(...v) : null; };
    differential('greatest', [{ type: 'int32', nullRate: 0.4 }, { type: 'float64', nullRate: 0.4 }, { type: 'int32', nullRate: 0.4 }], (c) => call('greatest', 'float64', ...c), g);
    differential('least', [{ type: 'int32', nullRate: 0.4 }, { type: 'float64', nullRate: 0.4 }], (c) => call('least', 'float64', ...c), l);
    differential('greatest int', [{ type: 'int32', nullRate: 0.4 }, { type: 'int32', nullRate: 0.4 }], (c) => call('greatest', 'int32', ...c), g);
    const sg = (...xs: (string | null)[]) => { const v = xs.filter((x) => x !== null) as string[]; return v.length ? v.reduce((a, b) => (b > a ? b : a)) : null; };
    differential('greatest str', [{ type: 'utf8', nullRate: 0.4 }, { type: 'utf8', nullRate: 0.4 }], (c) => call('greatest', 'utf8', ...c, lit('b', 'utf8')), (x, y) => sg(x, y, 'b'));
  });
});
