/** The row fields a function reads, for each syntax, and null when it uses the whole row. */
import { expect } from 'chai';
import { analyzeLambda } from '../../../dsl/lambda/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const key: string;
const reads = (fn: Function, kind: Parameters<typeof analyzeLambda>[1] = 'map', caps?: Record<string, unknown>): readonly string[] | null => {
  const r = analyzeLambda(fn, kind, caps).reads;
  return r === null ? null : [...r].sort();
};

describe('lambda: field reads', () => {
  it('r.a and r["a"]', () => {
    expect(reads((r: any) => r.a + r['b'] + r.a)).to.deep.equal(['a', 'b']);
    expect(reads((r: any) => r?.c)).to.deep.equal(['c']);
  });
  it('destructured parameters, renamed, quoted, with defaults', () => {
    expect(reads(({ a, b: x, 'c d': y, e = 1 }: any) => [a, x, y, e])).to.deep.equal(['a', 'b', 'c d', 'e']);
  });
  it('destructuring of the row inside the body', () => {
    expect(reads((r: any) => { const { a, b } = r; return a + b + r.c; })).to.deep.equal(['a', 'b', 'c']);
  });
  it('the whole row: rest pattern, spread, passing it on, returning it, a computed key, an array pattern', () => {
    expect(reads(({ a, ...rest }: any) => [a, rest])).to.equal(null);
    expect(reads((r: any) => ({ ...r, x: 1 }))).to.equal(null);
    expect(reads((r: any) => JSON.stringify(r))).to.equal(null);
    expect(reads((r: any) => r)).to.equal(null);
    expect(reads((r: any) => r[key], 'map', { key: 'a' })).to.equal(null);
    expect(reads(([a]: any) => a)).to.equal(null);
    expect(reads((r: any) => { const x = r; return x.a; })).to.equal(null);
  });
  it('an inner parameter of the same name is another variable', () => {
    expect(reads((r: any) => [1].map((r: any) => r.zz).length + r.a)).to.deep.equal(['a']);
  });
  it('nothing read', () => {
    expect(reads(() => 1)).to.deep.equal([]);
  });
  it('filter, key and foreach read their first parameter', () => {
    expect(reads((r: any) => r.a > 1, 'filter')).to.deep.equal(['a']);
    expect(reads((r: any) => r.k, 'key')).to.deep.equal(['k']);
    expect(reads((r: any) => { console.log(r.m); }, 'foreach')).to.deep.equal(['m']);
  });
  it('reduce reads both parameters', () => {
    expect(reads((a: any, b: any) => ({ v: a.v + b.w }), 'reduce')).to.deep.equal(['v', 'w']);
    expect(reads((a: any, b: any) => (a.v > b.v ? a : b), 'reduce')).to.equal(null);
  });
  it('mapPartitions and mapGroups: fields of for-of loop variables, else the whole row', () => {
    expect(reads(function* (rows: Iterable<any>) { for (const r of rows) yield r.a + r.b; }, 'mapPartitions')).to.deep.equal(['a', 'b']);
    expect(reads((rows: any[]) => rows.map((r) => r.a), 'mapPartitions')).to.equal(null);
    expect(reads((k: any, rows: Iterable<any>) => { let n = 0; for (const { v } of rows) n += v; return { k, n }; }, 'mapGroups')).to.deep.equal(['v']);
    expect(reads((k: any, rows: any[]) => ({ k, n: rows.length }), 'mapGroups')).to.equal(null);
  });
  it('reports parameter names, empty for destructured ones', () => {
    expect(analyzeLambda(({ a }: any, i: any) => a + i, 'map').params).to.deep.equal(['', 'i']);
  });
});

describe('lambda: loading ts-morph', () => {
  it('can be warmed up ahead of the first analysis with a dynamic import', async () => {
    const { preloadTsMorph } = await import('../../../dsl/lambda/index.js');
    await preloadTsMorph();
    expect(analyzeLambda((r: any) => r.warm, 'map').reads).to.deep.equal(['warm']);
  });
});
