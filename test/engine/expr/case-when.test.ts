import { expect } from 'chai';
import { evaluate } from '../../../engine/expr/index.js';
import type { Expr } from '../../../engine/expr.js';
import { batchOf, call, col, lit, readVec } from './helpers.js';
import { differential } from './diff.js';

describe('expr case when', () => {
  it('first true branch wins, else otherwise', () => {
    differential('case num', [{ type: 'int32' }, { type: 'float64' }], ([x, y]): Expr => ({
      kind: 'case',
      type: 'float64',
      branches: [
        { when: call('gt', 'bool', x!, lit(500, 'int32')), then: y! },
        { when: call('lt', 'bool', x!, lit(0, 'int32')), then: call('neg', 'int32', x!) },
      ],
      otherwise: lit(0.5, 'float64'),
    }), (x, y) => (x !== null && x > 500 ? y : x !== null && x < 0 ? -x : 0.5));
  });
  it('without otherwise gives null; strings merge dictionaries', () => {
    differential('case str', [{ type: 'utf8' }, { type: 'bool', nullRate: 0.3 }, { type: 'utf8' }], ([s, b, t]): Expr => ({
      kind: 'case',
      type: 'utf8',
      branches: [
        { when: b!, then: s! },
        { when: call('startsWith', 'bool', t!, lit('a', 'utf8')), then: lit('A!', 'utf8') },
      ],
      otherwise: null,
    }), (s, b, t) => (b === true ? s : t !== null && t.startsWith('a') ? 'A!' : null));
  });
  it('evaluates a branch value only on the rows it takes', () => {
    const b = batchOf([{ name: 's', type: 'utf8', values: ['12', 'x', null, '7'] }]);
    const s = col(0, 's', 'utf8');
    const e: Expr = {
      kind: 'case',
      type: 'int32',
      branches: [{ when: call('in', 'bool', s, lit('12', 'utf8'), lit('7', 'utf8')), then: { kind: 'cast', expr: s, type: 'int32' } }],
      otherwise: lit(-1, 'int32'),
    };
    expect(readVec(evaluate(e, b))).to.deep.equal([12, -1, -1, 7]);
  });
  it('zero rows', () => {
    const b = batchOf([{ name: 'a', type: 'int32', values: [] }]);
    const e: Expr = { kind: 'case', type: 'int32', branches: [{ when: lit(true, 'bool'), then: col(0, 'a', 'int32') }], otherwise: null };
    expect(readVec(evaluate(e, b))).to.deep.equal([]);
  });
});
