/**
 * Which functions compile and which run row by row (with the reason explain shows), what the
 * compiled form requires of the schema, and compiledFor over schemas that do or do not meet it.
 */
import { expect } from 'chai';
import { analyzeLambda, compiledFor, whyNotCompiledFor } from '../../../dsl/lambda/index.js';
import type { Schema } from '../../../engine/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Kind = Parameters<typeof analyzeLambda>[1];
const why = (fn: Function, kind: Kind = 'map'): string | null => {
  const a = analyzeLambda(fn, kind);
  if (a.compiled === null) expect(a.requires).to.deep.equal({});
  return a.notCompiledBecause;
};

describe('lambda: compiled or row by row', () => {
  it('compiles field access, literals, arithmetic, comparisons, logic, ternaries, Math, strings, includes', () => {
    const ok: [Function, Kind][] = [
      [(r: any) => r.a, 'map'],
      [(r: any) => (r.a + 1) * 2 - r.b / 2 + (r.c % 3) + r.d ** 2, 'map'],
      [(r: any) => r.a > 1 && (r.b <= 2 || !r.c), 'filter'],
      [(r: any) => (r.a === null ? 'none' : `#${r.a}`), 'key'],
      [(r: any) => Math.max(Math.abs(r.a), Math.floor(r.b), Math.round(r.c)), 'map'],
      [(r: any) => ['x', 'y'].includes(r.s), 'filter'],
      [(r: any) => r.s < '\uD7FF' && 'b' >= r.s, 'filter'],
      [(r: any) => ({ total: r.a + r.b, label: r.s ?? '?' }), 'map'],
    ];
    for (const [fn, kind] of ok) expect(why(fn, kind), fn.toString()).to.equal(null);
  });

  it('says why a function runs row by row', () => {
    const cases: [Function, string, Kind?][] = [
      [(r: any) => parseInt(r.s), 'calls parseInt'],
      [(r: any) => r.s.length, '.length'],
      [(r: any) => r.s.trim(), '.trim()'],
      [(r: any) => r.s.substring(1), 'substring'],
      [(r: any) => { let x = r.a; x++; return x; }, 'declares a variable with let'],
      [(r: any) => { for (const x of [1]) r.a += x; return r.a; }, 'uses a loop'],
      [(r: any) => { if (r.a) return 1; return 2; }, 'uses an if statement'],
      [(r: any) => r.a / r.b, 'may be 0'],
      [(r: any) => r.a % 0, 'may be 0'],
      [(r: any) => Math.log(r.b), 'Math.log'],
      [(r: any) => Math.random() > r.a, 'Math.random', 'filter'],
      [(r: any) => new Date(r.a), 'uses new'],
      [(r: any) => /a/.test(r.s), 'regular expression'],
      [(r: any) => ({ ...r, x: 1 }), 'spreads into its result'],
      [(r: any) => r, 'returns the whole row'],
      [(r: any) => r.t === 'x' || r.s > r.t, 'other than against a constant below U+D800', 'filter'],
      [(r: any) => r.s < '\u{1F600}', 'other than against a constant below U+D800', 'filter'],
      [(r: any) => r.b > 0 && r.a + 1, 'returns a boolean or a number'],
      [(r: any) => r.s?.toLowerCase(), 'undefined'],
      [(r: any) => r.a.b, 'reads .b of a field value'],
      [(r: any) => (r.a = 5), 'assigns a value'],
      [(r: any) => r.a.toUpperCase() === 'X' && r.a * 2 > 1, 'both as a string and as a number', 'filter'],
      [(r: any) => r.a === 'x' && r.a > 1, 'uses a number where a string is expected', 'filter'],
      [(r: any) => [r.a], 'builds an array'],
      [(r: any) => [r.a, r.b], 'flatMap functions run row by row', 'flatMap'],
      [function* (rows: any) { yield* rows; }, 'mapPartitions functions run row by row', 'mapPartitions'],
      [(a: any, b: any) => a.v + b.v, 'reduce functions run row by row', 'reduce'],
      [(r: any) => { console.log(r); }, 'foreach functions run row by row', 'foreach'],
    ];
    for (const [fn, reason, kind] of cases) expect(why(fn, kind ?? 'map'), fn.toString()).to.include(reason);
  });

  it('a filter on a constant comparison keeps the plain column shape (over an integer column, which holds no NaN)', () => {
    const a = analyzeLambda((r: any) => r.a >= 3 && r.s === 'x', 'filter');
    expect(compiledFor(a, [{ name: 'a', type: 'int32', nullable: true }, { name: 's', type: 'utf8', nullable: true }])).to.deep.equal({
      kind: 'predicate',
      expr: { kind: 'call', fn: 'and', args: [
        { kind: 'call', fn: 'gte', args: [{ kind: 'col', name: 'a' }, { kind: 'lit', value: 3, type: 'float64' }] },
        { kind: 'call', fn: 'eq', args: [{ kind: 'col', name: 's' }, { kind: 'lit', value: 'x' }] },
      ] },
    });
  });

  it('records a requirement for every field of the compiled form', () => {
    expect(analyzeLambda((r: any) => r.a + 1, 'map').requires).to.deep.equal({ a: { type: 'number', nonNull: false } });
    expect(analyzeLambda((r: any) => r.s.toUpperCase(), 'map').requires).to.deep.equal({ s: { type: 'string', nonNull: true } });
    expect(analyzeLambda((r: any) => r.s !== null && r.s.toUpperCase() === 'A', 'filter').requires).to.deep.equal({ s: { type: 'string', nonNull: false } });
    expect(analyzeLambda((r: any) => 'id-' + r.id, 'map').requires).to.deep.equal({ id: { type: 'scalar', nonNull: false } });
    expect(analyzeLambda((r: any) => r.x, 'map').requires).to.deep.equal({ x: { type: 'any', nonNull: false } });
    expect(analyzeLambda((r: any) => r.f, 'filter').requires).to.deep.equal({ f: { type: 'boolean', nonNull: false } });
    expect(analyzeLambda((r: any) => r.p === r.q, 'filter').requires).to.deep.equal({
      p: { type: 'scalar', nonNull: false, sameTypeAs: ['q'] },
      q: { type: 'scalar', nonNull: false, sameTypeAs: ['p'] },
    });
  });

  describe('compiledFor', () => {
    const schema: Schema = [
      { name: 'a', type: 'int32', nullable: true },
      { name: 'x', type: 'float64', nullable: true },
      { name: 's', type: 'utf8', nullable: true },
      { name: 'sn', type: 'utf8', nullable: false },
      { name: 'd', type: 'date', nullable: true },
      { name: 'f', type: 'bool', nullable: true },
    ];
    it('gives the compiled form when the schema meets the requirements', () => {
      for (const fn of [(r: any) => r.a + r.x, (r: any) => r.sn.toUpperCase(), (r: any) => 'id-' + r.a + r.s + r.f, (r: any) => r.d]) {
        const a = analyzeLambda(fn, 'map');
        expect(compiledFor(a, schema), fn.toString()).to.deep.equal(a.compiled);
      }
      // The NaN guard of === sits on r.a, an int32 column, so it goes.
      const eq = { kind: 'call', fn: 'eq', args: [{ kind: 'col', name: 'a' }, { kind: 'col', name: 'x' }] };
      expect(compiledFor(analyzeLambda((r: any) => r.a === r.x, 'map'), schema)).to.deep.equal({
        kind: 'value',
        expr: { kind: 'case', branches: [{ when: { kind: 'call', fn: 'isNull', args: [{ kind: 'col', name: 'a' }] }, then: { kind: 'call', fn: 'isNull', args: [{ kind: 'col', name: 'x' }] } }, { when: { kind: 'call', fn: 'isNull', args: [{ kind: 'col', name: 'x' }] }, then: { kind: 'lit', value: false } }], otherwise: eq },
      });
    });
    it('refuses, with a reason, a field of another type, a nullable field under a string method, a date, mixed pairs', () => {
      const cases: [Function, string, Kind][] = [
        [(r: any) => r.s + 1 > 2, 'uses field "s" as a number but it is utf8', 'filter'],
        [(r: any) => r.s.toUpperCase(), 'which may be null', 'map'],
        [(r: any) => r.d + 1, 'as a number but it is date', 'map'],
        [(r: any) => 'on ' + r.d, 'as a number, string or boolean but it is date', 'map'],
        [(r: any) => r.a, 'as a boolean but it is int32', 'filter'],
        [(r: any) => r.a === r.s, 'uses fields "a" (int32) and "s" (utf8) together', 'filter'],
      ];
      for (const [fn, reason, kind] of cases) {
        const a = analyzeLambda(fn, kind);
        expect(a.compiled, fn.toString()).to.not.equal(null);
        expect(compiledFor(a, schema), fn.toString()).to.equal(null);
        expect(whyNotCompiledFor(a, schema), fn.toString()).to.include(reason);
      }
    });
    it('passes on the reason of a function that did not compile', () => {
      const a = analyzeLambda((r: any) => parseInt(r.s), 'map');
      expect(compiledFor(a, schema)).to.equal(null);
      expect(whyNotCompiledFor(a, schema)).to.equal('calls parseInt');
    });
  });
});
