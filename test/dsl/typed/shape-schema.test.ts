/**
 * The schema read from a function's source (used when its sample has no rows) agrees with the
 * schema the sample gives over rows: for each function, schemaFromShape over the input schema
 * equals inferOutputSchema over the function's plain JavaScript results on sample rows.
 */
import { expect } from 'chai';
import { analyzeLambda } from '../../../dsl/lambda/index.js';
import { inferOutputSchema } from '../../../dsl/typed/infer-schema.js';
import { schemaFromShape } from '../../../dsl/typed/shape-schema.js';
import type { Schema } from '../../../engine/types.js';

const INPUT: Schema = [
  { name: 'id', type: 'int32', nullable: false },
  { name: 'n', type: 'int64', nullable: true },
  { name: 'x', type: 'float64', nullable: true },
  { name: 's', type: 'utf8', nullable: true },
  { name: 'ok', type: 'bool', nullable: true },
  { name: 'd', type: 'date', nullable: true },
];
const ROWS = Array.from({ length: 30 }, (_, i) => ({ id: i, n: i * 1000, x: i + 0.5, s: `s${i}`, ok: i % 2 === 0, d: new Date(Date.UTC(2024, 0, 1 + i)) }));

/* eslint-disable @typescript-eslint/no-explicit-any */
const MAPS: [string, (r: any) => unknown][] = [
  ['spread and a product', (o) => ({ ...o, m: o.x * 2 })],
  ['spread, then a key of the row replaced keeps its place', (o) => ({ ...o, id: `#${o.id}`, z: o.s.padStart(4) })],
  ['pass-through of every type', (o) => ({ a: o.id, b: o.n, c: o.x, d: o.s, e: o.ok, f: o.d })],
  ['destructured', ({ id, s }: any) => ({ id, t: s.trim(), len: s.length })],
  ['string + number', (o) => ({ v: o.s + o.id, w: o.id + o.x })],
  ['comparisons, Math, ternary, ?? and new Date', (o) => ({ gt: o.x > 3, f: Math.sqrt(o.x), t: o.ok ? 'y' : 'n', c: o.s ?? 'none', at: new Date(o.id) })],
  ['block with a const', (o) => { const k = o.s.toUpperCase(); return { k, i: o.s.indexOf('1') }; }],
  ['a plain string value', (o) => o.s.padEnd(5, '.')],
  ['a plain number value', (o) => Number(o.s.slice(1)) / 4],
];

describe('typed API: the schema read from the source = the schema the sample gives', () => {
  for (const [name, fn] of MAPS) {
    it(`map: ${name}`, () => {
      const a = analyzeLambda(fn, 'map');
      const outputs = ROWS.map((r) => fn({ ...r }));
      const sampled = inferOutputSchema('map', outputs, INPUT, ROWS.map((r, i) => [r, outputs[i]] as const));
      expect(schemaFromShape(a.resultShape, INPUT, false), a.source).to.deep.equal(sampled);
    });
  }
  it('known difference: a computed integer that equals an integer column in every sampled row is that column\'s type to the sample, float64 to the source', () => {
    const fn = (o: any) => ({ f: Math.floor(o.x) }); // = o.id on these rows
    const outputs = ROWS.map((r) => fn({ ...r }));
    expect(inferOutputSchema('map', outputs, INPUT, ROWS.map((r, i) => [r, outputs[i]] as const)).schema[0]!.type).to.equal('int32');
    expect(schemaFromShape(analyzeLambda(fn, 'map').resultShape, INPUT, false)!.schema[0]!.type).to.equal('float64');
  });
  it('flatMap of an array literal of one shape', () => {
    const fn = (o: any) => [{ ...o, k: 1.5 }, { ...o, k: 2.5 }];
    const outputs = ROWS.flatMap((r) => fn({ ...r }));
    expect(schemaFromShape(analyzeLambda(fn, 'flatMap').resultShape, INPUT, false)).to.deep.equal(inferOutputSchema('flatMap', outputs, INPUT, null));
  });
  it('cannot tell: unknown calls, captures of functions results, mixed types, a computed key', () => {
    for (const fn of [(o: any) => ({ v: JSON.stringify(o) }), (o: any) => ({ v: o.ok ? 1 : 'one' }), (o: any) => ({ [o.s]: 1 }), (o: any) => ({ v: o.s.split(',') })]) {
      expect(schemaFromShape(analyzeLambda(fn, 'map').resultShape, INPUT, false), fn.toString()).to.equal(null);
    }
  });
});
