/**
 * Differential tests of compiled row functions: on random rows with nulls, NaN, −0 and
 * ±Infinity in float columns, each compiled
 * function gives exactly what the function itself gives in JavaScript (called directly and
 * rebuilt from its shipped source and captures, as an executor does), through a reference
 * evaluator of the compiled expression and through the engine's own expression evaluator.
 */
import { expect } from 'chai';
import { analyzeLambda, compiledFor, whyNotCompiledFor, type AnalyzedLambda } from '../../../dsl/lambda/index.js';
import { seededRandom } from '../../../engine/kernels/index.js';
import { rowsToBatch, batchToRows } from '../../../engine/arrow/rows.js';
import { evaluate } from '../../../engine/expr/index.js';
import { makeBatch } from '../../../engine/kernels/construct.js';
import type { Schema } from '../../../engine/types.js';
import type { LExpr } from '../../../planner/logical.js';
import { analyzeExpr } from '../../../planner/typing.js';
import { bindExpr } from '../../../planner/physical/bind.js';
import { attrsOfSchema } from '../../../planner/resolve.js';
import { refEval } from './reference-eval.js';

type Row = Record<string, unknown>;
type Fn = (...a: never[]) => unknown;

const SCHEMA: Schema = [
  { name: 'a', type: 'int32', nullable: true },
  { name: 'b', type: 'float64', nullable: true },
  { name: 'f', type: 'float64', nullable: true },
  { name: 'big', type: 'int64', nullable: true },
  { name: 's', type: 'utf8', nullable: true },
  { name: 't', type: 'utf8', nullable: true },
  { name: 'sn', type: 'utf8', nullable: false },
  { name: 'flag', type: 'bool', nullable: true },
  { name: 'flag2', type: 'bool', nullable: true },
];

function randomRows(n: number, seed: number): Row[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const maybe = <T>(f: () => T): T | null => (r() < 0.2 ? null : f());
  const strs = ['', 'a', 'A', 'Abc', 'abc', 'b', 'bc', 'null', '10', '2', 'ß', 'xyz', 'a b'];
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      a: maybe(() => Math.floor(r() * 9) - 4),
      b: maybe(() => pick([-2.5, -1.5, -0.5, -0.25, 0, -0, 0.25, 0.5, 1, 1.5, 2.5, 3.75, 1e6 + 0.5, 0.49999999999999994, NaN, Infinity, -Infinity])),
      // JavaScript's special numbers, often: NaN compares false and is falsy, −0 is falsy.
      f: maybe(() => pick([NaN, NaN, -0, 0, Infinity, -Infinity, 1, 50.5, -3.5])),
      big: maybe(() => Math.floor(r() * 2 ** 40) - 2 ** 39),
      s: maybe(() => pick(strs)),
      t: maybe(() => pick(strs)),
      sn: pick(strs),
      flag: maybe(() => r() < 0.5),
      flag2: maybe(() => r() < 0.5),
    });
  }
  return rows;
}

const ROWS = randomRows(400, 42);

/** Equal as JavaScript results: −0 and 0 alike (the engine normalizes −0), NaN equals NaN. */
function same(x: unknown, y: unknown): boolean {
  if (typeof x === 'number' && typeof y === 'number') return x === y || (Number.isNaN(x) && Number.isNaN(y));
  return x === y;
}

function sameDeep(x: unknown, y: unknown): boolean {
  if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object') {
    const kx = Object.keys(x);
    return kx.length === Object.keys(y).length && kx.every((k) => sameDeep((x as Row)[k], (y as Row)[k]));
  }
  return same(x, y);
}

/** The engine's values of `e` over the rows, through the planner's analysis and binding. */
function engineEval(e: LExpr, rows: Row[]): unknown[] {
  const attrs = attrsOfSchema(SCHEMA);
  const typed = analyzeExpr(e, attrs, { where: 'test' });
  const bound = bindExpr(typed.expr, attrs);
  const batch = rowsToBatch(rows, SCHEMA);
  const vec = evaluate(bound, batch);
  return batchToRows(makeBatch([{ name: 'v', type: typed.type, nullable: true }], [vec])).map((o) => o.v);
}

/** The function rebuilt from what ships to an executor: its source and its captures. */
function rebuilt(a: AnalyzedLambda): (row: Row) => unknown {
  const names = Object.keys(a.captures);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...names, `return (${a.source});`)(...names.map((n) => a.captures[n])) as (row: Row) => unknown;
}

function check(kind: 'filter' | 'map' | 'key', fn: Fn, captures?: Record<string, unknown>): void {
  const a = analyzeLambda(fn, kind, captures);
  expect(a.compiled, `${a.source}: ${a.notCompiledBecause}`).to.not.equal(null);
  expect(whyNotCompiledFor(a, SCHEMA), a.source).to.equal(null);
  const c = compiledFor(a, SCHEMA)!;
  const shipped = rebuilt(a);
  // A function with captures reads them as variables: only its rebuilt form can run here.
  const direct = ROWS.map((r) => (captures ? shipped : (fn as (r: Row) => unknown))({ ...r }));
  ROWS.forEach((r, i) => expect(sameDeep(shipped({ ...r }), direct[i]), `${a.source} rebuilt, row ${JSON.stringify(r)}`).to.equal(true));
  const exprs: { name: string | null; expr: LExpr }[] = c.kind === 'record' ? c.fields.map((f) => ({ name: f.name, expr: f.expr })) : [{ name: null, expr: c.expr }];
  for (const { name, expr } of exprs) {
    const want = direct.map((v) => (name === null ? v : (v as Row)[name]));
    const eng = engineEval(expr, ROWS);
    ROWS.forEach((r, i) => {
      const ref = refEval(expr, r);
      const what = `${a.source}${name ? ` field ${name}` : ''} on ${JSON.stringify(r)}: JS ${String(want[i])}`;
      if (c.kind === 'predicate') {
        expect(ref === true, `${what}, reference ${String(ref)}`).to.equal(Boolean(want[i]));
        expect(eng[i] === true, `${what}, engine ${String(eng[i])}`).to.equal(Boolean(want[i]));
      } else {
        expect(same(ref, want[i]), `${what}, reference ${String(ref)}`).to.equal(true);
        expect(same(eng[i], want[i]), `${what}, engine ${String(eng[i])}`).to.equal(true);
      }
    });
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const FILTERS: [string, Fn, Record<string, unknown>?][] = [
  ['number >', (r: any) => r.a > 1],
  ['number < (null is 0 in JS)', (r: any) => r.a < 1],
  ['number <= constant on the left', (r: any) => 0 <= r.b],
  ['and with a null test', (r: any) => r.b >= 0.5 && r.a !== null],
  ['not, or, string ===', (r: any) => !(r.a <= 0) || r.s === 'abc'],
  ['string < with null', (r: any) => r.s < 'b'],
  ['string <= constant left', (r: any) => 'b' <= r.t],
  ['=== between two nullable numbers', (r: any) => r.a === r.b],
  ['!== between two nullable strings', (r: any) => r.s !== r.t],
  ['== between two nullable strings', (r: any) => r.s == r.t],
  ['!= null', (r: any) => r.a != null],
  ['=== null', (r: any) => r.s === null],
  ['boolean field', (r: any) => r.flag],
  ['not boolean field', (r: any) => !r.flag],
  ['=== true', (r: any) => r.flag === true],
  ['!== false', (r: any) => r.flag !== false],
  ['arithmetic comparison', (r: any) => r.a * 2 + 1 > r.b],
  ['mod of negatives', (r: any) => r.a % 2 === -1],
  ['division by a constant', (r: any) => r.b / 2 < 0.5],
  ['includes with null in the list', (r: any) => [1, 2, null].includes(r.a)],
  ['string includes list', (r: any) => ['a', 'abc', ''].includes(r.s)],
  ['captured list', (r: any) => allowed.includes(r.s), { allowed: ['b', null] }],
  ['string methods on a non-null field', (r: any) => r.sn.toLowerCase().startsWith('a')],
  ['optional chaining', (r: any) => r.s?.includes('b')],
  ['guarded method', (r: any) => r.s !== null && r.s.endsWith('c')],
  ['truthy guard on a string', (r: any) => r.s && r.s.toUpperCase() === 'ABC'],
  ['or guard', (r: any) => r.s == null || r.s.startsWith('a')],
  ['ternary of conditions', (r: any) => (r.a > 0 ? r.b > 1 : r.s === 'a')],
  ['template literal', (r: any) => `${r.a}-${r.s}` === '1-a'],
  ['Math.abs', (r: any) => Math.abs(r.a) >= 2],
  ['Math.max', (r: any) => Math.max(r.a, r.b) > 1],
  ['destructured', ({ a, s }: any) => a > 0 || s === 'b'],
  ['block with consts', (r: any) => { const x = r.a * 2; return x > 2 && x < 6; }],
  ['captured object', (r: any) => r.a > lim.min && r.a < lim.max, { lim: { min: -2, max: 3 } }],
  ['nullish', (r: any) => (r.a ?? 5) > 2],
  ['int64 compare', (r: any) => r.big > 1e10],
  ['contains a field', (r: any) => r.sn.includes(r.t)],
  ['truthiness of a field typed by another use', (r: any) => r.s && r.s !== 'a'],
  ['boolean fields', (r: any) => r.flag && !r.flag2],
  ['NaN: guarded >', (r: any) => r.f !== null && r.f > 50],
  ['NaN: <, <=, >= against constants', (r: any) => r.f < 1 || r.f <= -3.5 || 2 >= r.f],
  ['NaN: a field equals itself', (r: any) => r.f === r.f],
  ['NaN: a field differs from itself', (r: any) => r.f !== r.f],
  ['NaN: == and != between fields', (r: any) => r.f == r.b || r.b != r.f],
  ['NaN and −0: truthiness of a number', (r: any) => +r.f],
  ['NaN: truthiness of Math.floor', (r: any) => Math.floor(r.f)],
  ['NaN: comparison of two fields', (r: any) => r.f < r.b || r.f >= r.b],
  ['NaN: Infinity − Infinity', (r: any) => r.f - r.f < 1],
  ['NaN: negated comparison', (r: any) => !(r.f > 0)],
  ['NaN: Math.min in a comparison', (r: any) => Math.min(r.f, 1) === 1],
];

const VALUES: [string, Fn, Record<string, unknown>?][] = [
  ['add', (r: any) => r.a + 1],
  ['sub of two fields', (r: any) => r.a - r.b],
  ['mul', (r: any) => r.a * r.b],
  ['div by a constant', (r: any) => r.b / 4],
  ['int64 arithmetic', (r: any) => r.big * 3 - r.a],
  ['neg', (r: any) => -r.a],
  ['unary plus', (r: any) => +r.b],
  ['mod', (r: any) => r.a % 3],
  ['pow operator', (r: any) => r.a ** 3],
  ['string concat', (r: any) => r.s + '!'],
  ['number concat', (r: any) => 'x' + r.a],
  ['add then concat', (r: any) => r.a + r.b + 'z'],
  ['template', (r: any) => `v=${r.b};s=${r.s};f=${r.flag}`],
  ['ternary', (r: any) => (r.a > 1 ? 'big' : 'small')],
  ['ternary null guard', (r: any) => (r.a === null ? 0 : r.a * 10)],
  ['ternary string guard', (r: any) => (r.s !== null ? r.s.toLowerCase() : 'none')],
  ['?? string', (r: any) => r.s ?? 'none'],
  ['?? number', (r: any) => r.a ?? -1],
  ['?? of two string fields', (r: any) => r.s ?? r.t],
  ['ternary of two number fields', (r: any) => (r.a === null ? r.b : r.a)],
  ['|| of numbers', (r: any) => (r.a ?? 0) || r.b],
  ['&& of booleans', (r: any) => r.flag && r.flag2],
  ['|| of booleans', (r: any) => r.flag || r.flag2],
  ['|| default string', (r: any) => r.s || 'empty'],
  ['Math.round', (r: any) => Math.round(r.b)],
  ['Math.round of a product', (r: any) => Math.round(r.a * 0.5)],
  ['floor and ceil', (r: any) => Math.floor(r.b) + Math.ceil(r.b)],
  ['sqrt of abs', (r: any) => Math.sqrt(Math.abs(r.b))],
  ['Math.pow', (r: any) => Math.pow(r.a, 2)],
  ['Math.min', (r: any) => Math.min(r.a, r.b, 1)],
  ['Math.exp', (r: any) => Math.exp(r.a)],
  ['upper of a non-null field', (r: any) => r.sn.toUpperCase()],
  ['a field as is', (r: any) => r.a],
  ['a string field as is', (r: any) => r.s],
  ['a boolean', (r: any) => r.a === r.b],
  ['not', (r: any) => !r.flag],
  ['string <', (r: any) => r.s < 'b'],
  ['constant', () => 42],
  ['capture', (r: any) => r.a * k, { k: 2.5 }],
  ['NaN: equality as a value', (r: any) => r.f === r.f],
  ['NaN: ternary on a comparison', (r: any) => (r.f > 1 ? 'hi' : 'lo')],
  ['NaN: Math.min', (r: any) => Math.min(r.f, 1)],
  ['NaN: Math.max', (r: any) => Math.max(r.f, r.b, 1)],
  ['NaN: Math.min of two fields', (r: any) => Math.min(r.b, r.f)],
  ['NaN and −0: || returns the operand', (r: any) => r.f || -1],
  ['NaN and −0: && returns the operand', (r: any) => +r.f && r.b],
  ['NaN: ternary on truthiness', (r: any) => (+r.f ? 1 : 0)],
  ['NaN: to a string', (r: any) => `${r.f}`],
  ['NaN: arithmetic', (r: any) => r.f * 0 + r.b],
  ['NaN: Math.round and Math.abs', (r: any) => Math.round(r.f) + Math.abs(r.b)],
];

const RECORDS: [string, Fn, Record<string, unknown>?][] = [
  ['record', (r: any) => ({ x: r.a * 2, y: r.s, z: r.a > 0, w: 'k' })],
  ['record from destructuring', ({ a: x, b }: any) => ({ sum: x + b, x })],
  ['record with quoted keys', (r: any) => ({ 'a b': r.a, n: r.s ?? '' })],
];

const KEYS: [string, Fn, Record<string, unknown>?][] = [
  ['key with a default', (r: any) => (r.s === null ? 'none' : r.s)],
  ['key of a bucket', (r: any) => Math.floor(r.b / 2)],
];
declare const allowed: unknown[];
declare const lim: { min: number; max: number };
declare const k: number;

describe('lambda: compiled functions give what JavaScript gives (differential, nulls included)', () => {
  for (const [name, fn, caps] of FILTERS) it(`filter: ${name}`, () => check('filter', fn, caps));
  for (const [name, fn, caps] of VALUES) it(`map value: ${name}`, () => check('map', fn, caps));
  for (const [name, fn, caps] of RECORDS) it(`map record: ${name}`, () => check('map', fn, caps));
  for (const [name, fn, caps] of KEYS) it(`key: ${name}`, () => check('key', fn, caps));

  it('the filter r => r.v1 > 5 over an integer column compiles to the same shape as col("v1").gt(5)', () => {
    const a = analyzeLambda((r: any) => r.v1 > 5, 'filter');
    const gt = { kind: 'call', fn: 'gt', args: [{ kind: 'col', name: 'v1' }, { kind: 'lit', value: 5, type: 'float64' }] };
    for (const type of ['int32', 'int64'] as const) {
      expect(compiledFor(a, [{ name: 'v1', type, nullable: true }])).to.deep.equal({ kind: 'predicate', expr: gt });
    }
    // Over a float column, NaN > 5 is false in JavaScript (true in the engine's order): guarded.
    expect(compiledFor(a, [{ name: 'v1', type: 'float64', nullable: true }])).to.deep.equal({
      kind: 'predicate',
      expr: { kind: 'call', fn: 'and', args: [gt, { kind: 'call', fn: 'not', args: [{ kind: 'call', fn: 'isNaN', args: [{ kind: 'col', name: 'v1' }] }] }] },
    });
  });

  it('random expressions: whatever compiles over the schema matches JavaScript on every row (fuzz)', () => {
    const rnd = seededRandom(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const NUM = ['r.a', 'r.b', 'r.f', 'r.f', 'r.big', '0', '-2', '0.5', '3', 'null'];
    const STR = ['r.s', 'r.t', 'r.sn', "'a'", "''", "'null'", "'b'"];
    const BOOL = ['r.flag', 'r.flag2', 'true', 'false'];
    const gen = (d: number): string => {
      if (d <= 0 || rnd() < 0.25) return pick([...NUM, ...STR, ...BOOL]);
      const e = (): string => gen(d - 1);
      switch (Math.floor(rnd() * 12)) {
        case 0: return `(${e()} ${pick(['+', '-', '*'])} ${e()})`;
        case 1: return `(${e()} ${pick(['/', '%'])} ${pick(['2', '-3', '0.5', '0'])})`;
        case 2: return `(${e()} ${pick(['<', '<=', '>', '>='])} ${e()})`;
        case 3: return `(${e()} ${pick(['===', '!==', '==', '!='])} ${e()})`;
        case 4: return `(${e()} ${pick(['&&', '||', '??'])} ${e()})`;
        case 5: return `${pick(['!', '-', '+'])}(${e()})`;
        case 6: return `(${e()} ? ${e()} : ${e()})`;
        case 7: return `Math.${pick(['abs', 'floor', 'ceil', 'round'])}(${e()})`;
        case 8: return `Math.${pick(['min', 'max'])}(${e()}, ${e()})`;
        case 9: return `${pick(STR)}${pick(['.', '?.'])}${pick(['toLowerCase()', 'toUpperCase()', `startsWith(${e()})`, `includes(${e()})`, `endsWith(${pick(STR)})`])}`;
        case 10: return `\`<\${${e()}}|\${${e()}}>\``;
        default: return `${pick(['[1, null, 2]', "['a', 'b', null]", "['', 'abc']", '[true]'])}.includes(${e()})`;
      }
    };
    let compiled = 0;
    for (let i = 0; i < 600; i++) {
      const kind = pick(['map', 'filter', 'key'] as const);
      const src = `(r) => ${gen(3)}`;
      // eslint-disable-next-line no-new-func
      const fn = new Function(`return ${src};`)() as (r: Row) => unknown;
      const a = analyzeLambda(fn, kind);
      let throws = false;
      const js = ROWS.map((r) => {
        try {
          return fn({ ...r });
        } catch {
          throws = true;
          return undefined;
        }
      });
      const c = compiledFor(a, SCHEMA);
      if (c === null) continue;
      expect(throws, `${src} throws in JavaScript on some row but compiled (${kind})`).to.equal(false);
      compiled++;
      const expr = c.kind === 'record' ? null : c.expr;
      if (expr === null) continue;
      let eng: unknown[];
      try {
        eng = engineEval(expr, ROWS);
      } catch (e) {
        throw new Error(`${src} (${kind}) compiled to an expression the engine refuses: ${(e as Error).message}\n${JSON.stringify(expr)}`);
      }
      ROWS.forEach((r, j) => {
        const ref = refEval(expr, r);
        const what = `${src} (${kind}) on ${JSON.stringify(r)}: JS ${String(js[j])}, reference ${String(ref)}, engine ${String(eng[j])}`;
        if (c.kind === 'predicate') {
          expect(ref === true, what).to.equal(Boolean(js[j]));
          expect(eng[j] === true, what).to.equal(Boolean(js[j]));
        } else {
          expect(same(ref, js[j]), what).to.equal(true);
          expect(same(eng[j], js[j]), what).to.equal(true);
        }
      });
    }
    // The generator is not so hostile that nothing compiles.
    expect(compiled).to.be.greaterThan(50);
  });
});
