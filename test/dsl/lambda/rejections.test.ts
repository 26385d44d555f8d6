/**
 * Every way analyzeLambda refuses a function when a transformation is defined, and what the
 * message says: free variables (with the snippet, a caret under the name and the fix), `this`,
 * `arguments`, `super`, modules, await, captures that are not JSON, native/bound/async
 * functions, classes and misplaced generators.
 */
import { expect } from 'chai';
import { analyzeLambda } from '../../../dsl/lambda/index.js';
import { AnalysisError } from '../../../engine/errors.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const threshold: number;
declare const helper: (x: unknown) => unknown;
declare const process: { env: Record<string, string> };
declare const globalThis: Record<string, unknown>;
declare const require: (m: string) => unknown;

function rejects(fn: unknown, kind: Parameters<typeof analyzeLambda>[1], captures?: Record<string, unknown>): AnalysisError {
  try {
    analyzeLambda(fn as Function, kind, captures);
  } catch (e) {
    expect(e).to.be.instanceOf(AnalysisError);
    return e as AnalysisError;
  }
  throw new Error('expected an AnalysisError');
}

/** The column of the caret line's first ^ relative to the code line, checked against the name's column. */
function caretUnder(message: string, name: string): void {
  const lines = message.split('\n');
  const i = lines.findIndex((l) => /^\s+\|\s*\^+\s*$/.test(l));
  expect(i, message).to.be.greaterThan(0);
  const code = lines[i - 1]!;
  const caret = lines[i]!;
  const bar = code.indexOf('| ') + 2;
  const at = caret.indexOf('^');
  expect(code.slice(at, at + name.length), message).to.equal(name);
  expect(caret.trim().replace(/^\|\s*/, '')).to.equal('^'.repeat(name.length));
  expect(at).to.be.at.least(bar);
}

describe('lambda: rejections', () => {
  describe('free variables', () => {
    it('names the variable, quotes the line with a caret under it and says to pass it in captures', () => {
      const e = rejects((r: any) => r.v1 > threshold, 'filter');
      expect(e.message).to.include('filter function uses "threshold", which is not defined inside it');
      expect(e.message).to.include('r.v1 > threshold');
      expect(e.message).to.include('ds.filter(fn, { threshold })');
      expect(e.details.variable).to.equal('threshold');
      caretUnder(e.message, 'threshold');
    });

    it('quotes the right line of a multi-line function, with its line number', () => {
      const fn = (r: any) => {
        const x = r.a * 2;
        return x + threshold;
      };
      const e = rejects(fn, 'map');
      expect(e.message).to.match(/ 3 \| +return x \+ threshold;/);
      caretUnder(e.message, 'threshold');
      expect(e.message).to.include('ds.map(fn, { threshold })');
    });

    it('suggests the call of each kind', () => {
      expect(rejects((r: any) => r.a > threshold, 'key').message).to.include('ds.groupBy(fn, { threshold })');
      expect(rejects((a: any, b: any) => a.v + b.v + threshold, 'reduce').message).to.include('reduce(fn, { threshold })');
      expect(rejects((r: any) => [r, threshold], 'flatMap').message).to.include('ds.flatMap(fn, { threshold })');
    });

    it('rejects a helper function from outside, a shorthand property and a variable used outside its block', () => {
      expect(rejects((r: any) => helper(r.a), 'map').details.variable).to.equal('helper');
      expect(rejects((r: any) => ({ a: r.a, threshold }), 'map').details.variable).to.equal('threshold');
      // eslint-disable-next-line no-new-func
      const outside = new Function('return (r) => { { let y = 1; } return y + r.a; }')();
      expect(rejects(outside, 'map').details.variable).to.equal('y');
    });

    it('rejects globalThis, process, eval and Function', () => {
      expect(rejects((r: any) => globalThis.x ?? r, 'map').details.variable).to.equal('globalThis');
      expect(rejects((r: any) => process.env.X ?? r.a, 'map').details.variable).to.equal('process');
      // eslint-disable-next-line no-eval
      expect(rejects((r: any) => eval('r.a'), 'map').details.variable).to.equal('eval');
      // eslint-disable-next-line no-new-func
      expect(rejects((r: any) => new Function('return 1')() + r.a, 'map').details.variable).to.equal('Function');
    });

    it('accepts parameters, locals of every kind, nested functions, globals and captures', () => {
      const fn = function named(r: any, i: any) {
        var v = 1; // eslint-disable-line no-var
        const { a, b: [c] } = r;
        for (let k = 0; k < 2; k++) v += k;
        for (const x of [1, 2]) v += x;
        try { JSON.parse('x'); } catch (err) { v += (err as Error).message.length; }
        function inner(y: number): number { return y + hoisted(); }
        function hoisted(): number { return 1; }
        const K = class Box { n = 1; };
        const f = (z: number) => z * Math.PI + parseInt('1') + Number.MAX_SAFE_INTEGER;
        label: for (;;) break label;
        return [named, i, a, c, inner(v), new K().n, f(threshold), new Map(), new Set(), Symbol('s'), JSON.stringify({ key: 1 }), isNaN(1), Infinity, undefined, NaN];
      };
      expect(() => analyzeLambda(fn, 'map', { threshold: 1 })).to.not.throw();
      expect(() => analyzeLambda((r: any) => ({ foo: r.bar.baz, 'q': r.q }), 'map')).to.not.throw();
    });

    it('lets a capture shadow a global', () => {
      const a = analyzeLambda((r: any) => r.a * (Math as any), 'map', { Math: 3 });
      expect(a.compiled).to.not.equal(null);
    });
  });

  describe('this, arguments, super, modules, await', () => {
    it('rejects this in an arrow and in a function expression, with the snippet', () => {
      const e = rejects(function (this: any, r: any) { return this.x + r.a; }, 'map');
      expect(e.message).to.include('map function uses `this`');
      caretUnder(e.message, 'this');
      expect(e.message).to.include('captures');
      const obj = { k: 1, f() { return (r: any) => r.a + this.k; } };
      expect(rejects(obj.f(), 'map').message).to.include('uses `this`');
    });

    it('accepts this and arguments inside a nested regular function', () => {
      const fn = (r: any) => { const o = { v: r.a, get() { return this.v; } }; function g(..._x: unknown[]) { return arguments.length; } return o.get() + g(1); };
      expect(() => analyzeLambda(fn, 'map')).to.not.throw();
    });

    it('rejects arguments of the row function', () => {
      const fn = function (_r: any) { return arguments[0]; };
      const e = rejects(fn, 'map');
      expect(e.message).to.include('uses `arguments`');
      caretUnder(e.message, 'arguments');
    });

    it('rejects super', () => {
      const fn = { f(_r: any) { return super.toString(); } }.f;
      expect(rejects(fn, 'map').message).to.include('uses `super`');
    });

    it('rejects import(), require and await outside async', () => {
      expect(rejects((_r: any) => import('node:fs'), 'map').message).to.include('imports a module with import()');
      const e = rejects((r: any) => (require('node:path') as any).join(r.a), 'map');
      expect(e.message).to.include('calls require');
      caretUnder(e.message, 'require');
      // eslint-disable-next-line no-new-func
      const sloppy = new Function('return function (r) { return await + r.a; }')();
      expect(rejects(sloppy, 'map').message).to.include('uses await outside an async function');
    });
  });

  describe('functions that cannot be shipped', () => {
    it('rejects native and bound functions', () => {
      expect(rejects(parseInt, 'map').message).to.match(/"parseInt" is a native or bound function/);
      expect(rejects(Math.max, 'map').message).to.include('native or bound');
      const bound = ((r: any) => r.a).bind(null);
      expect(rejects(bound, 'map').message).to.include('native or bound');
    });

    it('rejects async functions, with the snippet', () => {
      const e = rejects(async (r: any) => r.a, 'map');
      expect(e.message).to.include('map function is async');
      expect(e.message).to.include('async (r) => r.a');
      expect(rejects(async function (r: any) { return r.a; }, 'filter').message).to.include('is async');
    });

    it('takes a generator only for mapPartitions and flatMap', () => {
      const gen = function* (rows: Iterable<any>) { for (const r of rows) yield r.a; };
      expect(() => analyzeLambda(gen, 'mapPartitions')).to.not.throw();
      expect(() => analyzeLambda(gen, 'flatMap')).to.not.throw();
      expect(rejects(gen, 'map').message).to.include('is a generator');
    });

    it('rejects classes and non-functions', () => {
      expect(rejects(class A {}, 'map').message).to.include('is a class');
      expect(rejects(5, 'map').message).to.include('must be a function, got number');
    });

    it('accepts a method shorthand and ships it as an expression', () => {
      const a = analyzeLambda({ double(r: any) { return r.a * 2; } }.double, 'map');
      // eslint-disable-next-line no-new-func
      const f = new Function(`return (${a.source});`)() as (r: unknown) => unknown;
      expect(f({ a: 4 })).to.equal(8);
      expect(a.compiled).to.not.equal(null);
      const g = analyzeLambda({ *rows(it: Iterable<any>) { for (const r of it) yield r.a; } }.rows, 'mapPartitions');
      // eslint-disable-next-line no-new-func
      expect([...(new Function(`return (${g.source});`)() as (x: unknown) => Iterable<unknown>)([{ a: 1 }, { a: 2 }])]).to.deep.equal([1, 2]);
    });
  });

  describe('captures', () => {
    const bad = (value: unknown, why: RegExp, name = 'c'): void => {
      const e = rejects((r: any) => r, 'map', { [name]: value });
      expect(e.message).to.match(why);
      expect(e.message).to.include(`capture "${name}`);
    };
    it('refuses values JSON does not carry, naming the capture and why', () => {
      bad(() => 1, /is a function/);
      bad(new (class Point { x = 1; })(), /instance of Point/);
      bad(new Map(), /is a Map/);
      bad(new Set([1]), /is a Set/);
      bad(new Date(0), /is a Date.*getTime/);
      bad(10n, /is a bigint/);
      bad(undefined, /undefined/);
      bad(NaN, /NaN does not survive JSON/);
      bad(Infinity, /Infinity/);
      bad(Symbol('s'), /symbol/);
      const cyc: Record<string, unknown> = { a: 1 };
      cyc.self = cyc;
      bad(cyc, /cycle/);
      // eslint-disable-next-line no-sparse-arrays
      bad([1, , 3], /hole/);
    });
    it('names the path inside a nested capture', () => {
      const e = rejects((r: any) => r, 'map', { cfg: { list: [1, { f: () => 1 }] } });
      expect(e.message).to.include('capture "cfg.list[1].f"');
    });
    it('refuses names that cannot be variables and captures that are not an object', () => {
      expect(rejects((r: any) => r, 'map', { 'my-x': 1 }).message).to.include('"my-x"');
      expect(rejects((r: any) => r, 'map', { class: 1 }).message).to.include('"class"');
      expect(rejects((r: any) => r, 'map', [1] as never).message).to.include('plain object');
    });
    it('accepts plain JSON values and copies them', () => {
      const cfg = { n: 1, s: 'x', b: true, z: null, l: [1, 'a', null, { d: [2] }] };
      const bare = Object.assign(Object.create(null), { k: 2 });
      const a = analyzeLambda((r: any) => r.a + cfg.n + bare.k, 'map', { cfg, bare });
      expect(a.captures).to.deep.equal({ cfg, bare: { k: 2 } });
      expect(a.captures.cfg).to.not.equal(cfg);
    });
  });

  it('caches the analysis per source, kind and captures', () => {
    const f = (r: any) => r.a + 1;
    expect(analyzeLambda(f, 'map')).to.equal(analyzeLambda(f, 'map'));
    expect(analyzeLambda(f, 'map')).to.not.equal(analyzeLambda(f, 'key'));
    const g = (r: any) => r.a + threshold;
    expect(analyzeLambda(g, 'map', { threshold: 1 }).compiled).to.not.deep.equal(analyzeLambda(g, 'map', { threshold: 2 }).compiled);
  });
});
