import { expect } from 'chai';
import { evaluate } from '../../../engine/expr/index.js';
import { batchOf, call, col, lit, readVec } from './helpers.js';
import { differential } from './diff.js';

const s1 = (f: (s: string) => unknown) => (s: string | null) => (s === null ? null : f(s));

/** Spark substring on code points, written from its definition. */
function refSubstr(s: string, pos: number, len: number): string {
  const cps = [...s];
  let start: number;
  if (pos > 0) start = pos - 1;
  else if (pos < 0) start = cps.length + pos;
  else start = 0;
  const end = start + len;
  const from = Math.max(0, start);
  if (from >= end) return '';
  return cps.slice(from, Math.min(end, cps.length)).join('');
}

describe('expr strings', () => {
  it('lower upper trim length', () => {
    differential('lower', [{ type: 'utf8' }], ([x]) => call('lower', 'utf8', x!), s1((s) => s.toLowerCase()));
    differential('upper', [{ type: 'utf8' }], ([x]) => call('upper', 'utf8', x!), s1((s) => s.toUpperCase()));
    differential('trim', [{ type: 'utf8' }], ([x]) => call('trim', 'utf8', x!), s1((s) => s.replace(/^ +/, '').replace(/ +$/, '')));
    differential('length', [{ type: 'utf8' }], ([x]) => call('length', 'int32', x!), s1((s) => [...s].length));
  });
  it('contains startsWith endsWith with a literal needle', () => {
    for (const needle of ['a', '', 'abc', '🙂', 'zz']) {
      differential(`contains ${needle}`, [{ type: 'utf8' }], ([x]) => call('contains', 'bool', x!, lit(needle, 'utf8')), s1((s) => s.includes(needle)));
      differential(`startsWith ${needle}`, [{ type: 'utf8' }], ([x]) => call('startsWith', 'bool', x!, lit(needle, 'utf8')), s1((s) => s.startsWith(needle)));
      differential(`endsWith ${needle}`, [{ type: 'utf8' }], ([x]) => call('endsWith', 'bool', x!, lit(needle, 'utf8')), s1((s) => s.endsWith(needle)));
    }
  });
  it('contains startsWith endsWith with a column needle', () => {
    const pool = ['', 'a', 'ab', 'b', 'abc', 'c', '🙂'];
    for (const fn of ['contains', 'startsWith', 'endsWith'] as const) {
      const f = fn === 'contains' ? (s: string, t: string) => s.includes(t) : fn === 'startsWith' ? (s: string, t: string) => s.startsWith(t) : (s: string, t: string) => s.endsWith(t);
      differential(fn, [{ type: 'utf8', pool }, { type: 'utf8', pool }], ([x, y]) => call(fn, 'bool', x!, y!), (s, t) => (s === null || t === null ? null : f(s, t)));
    }
  });
  it('substr with literal positions', () => {
    for (const pos of [-20, -3, -1, 0, 1, 2, 5, 30]) {
      for (const len of [-1, 0, 1, 3, 100]) {
        differential(`substr ${pos} ${len}`, [{ type: 'utf8' }], ([x]) => call('substr', 'utf8', x!, lit(pos, 'int32'), lit(len, 'int32')), s1((s) => refSubstr(s, pos, len)));
      }
      differential(`substr ${pos}`, [{ type: 'utf8' }], ([x]) => call('substr', 'utf8', x!, lit(pos, 'int32')), s1((s) => refSubstr(s, pos, 2147483647)));
    }
  });
  it('substr with column positions and lengths', () => {
    const small = (r: () => number) => Math.floor(r() * 25) - 12;
    differential('substr cols', [{ type: 'utf8' }, { type: 'int32', gen: small }, { type: 'int32', gen: small }], ([x, p, l]) => call('substr', 'utf8', x!, p!, l!), (s, p, l) => (s === null || p === null || l === null ? null : refSubstr(s, p, l)));
  });
  it('concat: null if any argument is null', () => {
    differential('concat', [{ type: 'utf8' }, { type: 'utf8' }], ([x, y]) => call('concat', 'utf8', x!, lit('-', 'utf8'), y!), (a, b) => (a === null || b === null ? null : `${a}-${b}`));
    differential('concat one col', [{ type: 'utf8' }], ([x]) => call('concat', 'utf8', lit('<', 'utf8'), x!, lit('>', 'utf8')), s1((s) => `<${s}>`));
    differential('concat null lit', [{ type: 'utf8' }], ([x]) => call('concat', 'utf8', x!, lit(null, 'null')), () => null);
  });
  it('string functions on zero rows', () => {
    const b = batchOf([{ name: 's', type: 'utf8', values: [] }]);
    expect(readVec(evaluate(call('substr', 'utf8', col(0, 's', 'utf8'), lit(1, 'int32'), lit(2, 'int32')), b))).to.deep.equal([]);
    expect(readVec(evaluate(call('upper', 'utf8', col(0, 's', 'utf8')), b))).to.deep.equal([]);
  });
});
