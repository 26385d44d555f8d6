import { expect } from 'chai';
import { compareValues, hashVecs, valueEquals, vecToArray } from '../../../engine/kernels/index.js';
import { DataError } from '../../../engine/errors.js';
import type { Vec } from '../../../engine/batch.js';
import { prng, randomValues, vecOf } from '../expr/helpers.js';

describe('kernels: hashing', () => {
  it('equal values hash alike whatever their storage', () => {
    const vals = [5, -1, 0, 2 ** 40, 123456789];
    const h32 = hashVecs([vecOf('int32', vals.map((v) => (Math.abs(v) < 2 ** 31 ? v : 0)))], vals.length);
    const h64 = hashVecs([vecOf('int64', vals.map((v) => (Math.abs(v) < 2 ** 31 ? v : 0)))], vals.length);
    const hf = hashVecs([vecOf('float64', vals.map((v) => (Math.abs(v) < 2 ** 31 ? v : 0)))], vals.length);
    expect(Array.from(h32)).to.deep.equal(Array.from(h64));
    expect(Array.from(h32)).to.deep.equal(Array.from(hf));
    const big = hashVecs([vecOf('int64', [2 ** 40, 2 ** 53 - 1])], 2);
    const bigF = hashVecs([vecOf('float64', [2 ** 40, 2 ** 53 - 1])], 2);
    expect(Array.from(big)).to.deep.equal(Array.from(bigF));
  });
  it('−0 hashes as 0 and every NaN alike', () => {
    const h = hashVecs([vecOf('float64', [0, -0, NaN, -NaN, 0 / 0])], 5);
    expect(h[0]).to.equal(h[1]);
    expect(h[2]).to.equal(h[3]);
    expect(h[2]).to.equal(h[4]);
  });
  it('strings hash by content across dictionaries, null to a fixed value', () => {
    const a: Vec = { kind: 'str', type: 'utf8', dict: ['x', 'y', 'é🙂'], codes: Int32Array.of(0, 1, 2, 0), valid: Uint8Array.of(1, 1, 1, 0) };
    const b: Vec = { kind: 'str', type: 'utf8', dict: ['é🙂', 'q', 'y', 'x'], codes: Int32Array.of(3, 2, 0, 1), valid: Uint8Array.of(1, 1, 1, 0) };
    expect(Array.from(hashVecs([a], 4))).to.deep.equal(Array.from(hashVecs([b], 4)));
    const n1 = hashVecs([vecOf('int32', [null])], 1);
    const n2 = hashVecs([vecOf('utf8', [null])], 1);
    expect(n1[0]).to.equal(n2[0]);
  });
  it('combines several columns, depends on the seed, spreads distinct keys', () => {
    const rand = prng(17);
    const n = 20000;
    const a = Array.from({ length: n }, (_, i) => i);
    const s = randomValues(rand, 'utf8', n, 0.1);
    const h = hashVecs([vecOf('int32', a), vecOf('utf8', s)], n);
    const again = hashVecs([vecOf('int64', a), vecOf('utf8', s)], n);
    expect(Array.from(h)).to.deep.equal(Array.from(again));
    expect(new Set(h).size).to.be.greaterThan(n * 0.999);
    const seeded = hashVecs([vecOf('int32', a)], n, 42);
    expect(seeded[0]).to.not.equal(hashVecs([vecOf('int32', a)], n)[0]);
    // partitions by h % 8 are roughly balanced
    const counts = new Array(8).fill(0);
    for (const x of h) counts[x % 8]++;
    for (const c of counts) expect(c).to.be.within(n / 8 * 0.9, n / 8 * 1.1);
    // swapping the order of two columns changes the hash
    const ab = hashVecs([vecOf('int32', [1]), vecOf('int32', [2])], 1);
    const ba = hashVecs([vecOf('int32', [2]), vecOf('int32', [1])], 1);
    expect(ab[0]).to.not.equal(ba[0]);
  });
});

describe('kernels: valueEquals and compareValues', () => {
  it('equality across storages, strings by content, never with null', () => {
    const i32 = vecOf('int32', [5, null]);
    const f64 = vecOf('float64', [5, NaN]);
    expect(valueEquals(i32, 0, f64, 0)).to.equal(true);
    expect(valueEquals(i32, 1, i32, 1)).to.equal(false);
    expect(valueEquals(f64, 1, f64, 1)).to.equal(true);
    const a: Vec = { kind: 'str', type: 'utf8', dict: ['x', 'y'], codes: Int32Array.of(0, 1), valid: null };
    const b: Vec = { kind: 'str', type: 'utf8', dict: ['y', 'x'], codes: Int32Array.of(1, 0), valid: null };
    expect(valueEquals(a, 0, b, 0)).to.equal(true);
    expect(valueEquals(a, 0, b, 1)).to.equal(false);
  });
  it('order: numbers by value with NaN last, strings by UTF-8 bytes, false < true', () => {
    const f = vecOf('float64', [1, 2, NaN, -Infinity]);
    expect(compareValues(f, 0, f, 1)).to.be.lessThan(0);
    expect(compareValues(f, 2, f, 1)).to.be.greaterThan(0);
    expect(compareValues(f, 2, f, 2)).to.equal(0);
    expect(compareValues(f, 3, f, 0)).to.be.lessThan(0);
    const s = vecOf('utf8', ['B', 'a', '🙂', '\uffff']);
    expect(compareValues(s, 0, s, 1)).to.be.lessThan(0);
    expect(compareValues(s, 2, s, 3)).to.be.greaterThan(0); // F0 9F 99 82 > EF BF BF in UTF-8 (Spark), though 0xD83D < 0xFFFF in code units
    const b = vecOf('bool', [false, true]);
    expect(compareValues(b, 0, b, 1)).to.be.lessThan(0);
    expect(compareValues(vecOf('int32', [3]), 0, vecOf('float64', [2.5]), 0)).to.be.greaterThan(0);
  });
});

describe('kernels: vecToArray', () => {
  it('gives JS values, Date for date and timestamp', () => {
    expect(vecToArray(vecOf('date', [1, null]), 'd')).to.deep.equal([new Date(86400000), null]);
    expect(vecToArray(vecOf('timestamp', [5]), 't')).to.deep.equal([new Date(5)]);
    expect(vecToArray(vecOf('bool', [true, null, false]), 'b')).to.deep.equal([true, null, false]);
    expect(vecToArray(vecOf('utf8', ['x', null]), 's')).to.deep.equal(['x', null]);
    expect(vecToArray(vecOf('null', [null]), 'n')).to.deep.equal([null]);
    expect(vecToArray(vecOf('int64', [7, null]), 'i', { bigint: true })).to.deep.equal([7n, null]);
  });
  it('an int64 beyond ±2^53−1 is a DataError naming the column', () => {
    expect(() => vecToArray(vecOf('int64', [2 ** 60]), 'big')).to.throw(DataError, /big/);
    expect(vecToArray(vecOf('int64', [null]), 'big')).to.deep.equal([null]);
  });
});
