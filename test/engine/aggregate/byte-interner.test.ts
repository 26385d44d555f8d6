/**
 * ByteInterner: dense ids for distinct byte strings, checked against a plain Map over the
 * decoded strings (first use → next id). Strings arrive as byte dictionaries (offsets starting
 * anywhere), as plain string dictionaries, non-unique, partly used, shared between batches.
 */
import { expect } from 'chai';
import type { StrVec, Utf8Dict } from '../../../engine/batch.js';
import { ByteInterner } from '../../../engine/aggregate/byte-interner.js';
import { utf8Hash } from '../../../engine/kernels/hash.js';
import { decodeUtf8Dict, encodeUtf8Dict, seededRandom, utf8StrVec } from '../../../engine/kernels/index.js';
import { byteDict, randomString } from './string-keys.js';

/** The reference: string → id, new strings numbered in order of first use. */
class RefIds {
  readonly ids = new Map<string, number>();
  /** Checks `id` for string `s`: the known id, or the next one for a new string. */
  check(s: string, id: number, where: string): void {
    const known = this.ids.get(s);
    if (known === undefined) {
      if (id !== this.ids.size) expect.fail(`${where}: new string ${JSON.stringify(s)} got id ${id}, expected ${this.ids.size}`);
      this.ids.set(s, id);
    } else if (id !== known) {
      expect.fail(`${where}: string ${JSON.stringify(s)} got id ${id}, expected ${known}`);
    }
  }
}

function plainVec(dict: string[], codes: number[], valid: Uint8Array | null = null): StrVec {
  return { kind: 'str', type: 'utf8', dict, codes: Int32Array.from(codes), valid };
}

/** Looks up every row of v and checks each id against the reference. */
function checkRows(it: ByteInterner, ref: RefIds, v: StrVec, strings: readonly string[], where: string): Int32Array {
  const n = v.codes.length;
  const out = new Int32Array(n);
  it.rowIds(v, n, out);
  for (let i = 0; i < n; i++) {
    if (v.valid !== null && v.valid[i] === 0) {
      expect(out[i], `${where} row ${i} (null)`).to.equal(-1);
      continue;
    }
    ref.check(strings[v.codes[i]!]!, out[i]!, `${where} row ${i}`);
  }
  expect(it.size, `${where}: size`).to.equal(ref.ids.size);
  return out;
}

/** The interner's strings decoded, in id order. */
function contents(it: ByteInterner): string[] {
  return [...decodeUtf8Dict(it.utf8())];
}

describe('engine/aggregate ByteInterner', () => {
  it('gives equal ids to equal strings and dense new ids to new ones, whatever the representation', () => {
    const rnd = seededRandom(11);
    // A pool with empty, ASCII, non-ASCII (é, emoji, Greek), long (beyond the short-copy path) strings.
    const pool = ['', 'a', 'é', 'e\u0301', '🙂', '🙂🙃', 'Ελληνικά', 'x'.repeat(33), 'x'.repeat(32), 'id0000000001'];
    for (let i = 0; i < 300; i++) pool.push(randomString(rnd));
    const it = new ByteInterner();
    const ref = new RefIds();
    for (let b = 0; b < 60; b++) {
      // A dictionary of random pool entries: duplicates, unused entries; bytes or strings.
      const dict = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => pool[Math.floor(rnd() * pool.length)]!);
      const n = Math.floor(rnd() * 50);
      const codes = Array.from({ length: n }, () => Math.floor(rnd() * dict.length));
      const valid = rnd() < 0.5 ? Uint8Array.from(codes, () => (rnd() < 0.2 ? 0 : 1)) : null;
      const asBytes = b % 3;
      const v = asBytes === 0 ? plainVec(dict, codes, valid)
        : asBytes === 1 ? utf8StrVec(encodeUtf8Dict(dict), Int32Array.from(codes), valid)
          : utf8StrVec(byteDict(dict, 5 + b), Int32Array.from(codes), valid);
      checkRows(it, ref, v, dict, `batch ${b} (${['strings', 'bytes', 'padded bytes'][asBytes]})`);
    }
    expect(contents(it)).to.deep.equal([...ref.ids.keys()]);
  });

  it('keeps ids right through many rehashes (20 000 distinct strings, each seen several times)', () => {
    const rnd = seededRandom(5);
    const distinct = Array.from({ length: 20000 }, (_, i) => (i % 7 === 0 ? `ü${i}` : `k${i}`) + (i % 11 === 0 ? 'y'.repeat(40) : ''));
    const it = new ByteInterner();
    const ref = new RefIds();
    for (let round = 0; round < 3; round++) {
      for (let start = 0; start < distinct.length; start += 4096) {
        const dict = distinct.slice(start, start + 4096);
        // Shuffled codes, every entry at least once.
        const codes = Array.from({ length: dict.length * 2 }, (_, i) => (i < dict.length ? i : Math.floor(rnd() * dict.length)));
        const v = round === 1 ? plainVec(dict, codes) : utf8StrVec(encodeUtf8Dict(dict), Int32Array.from(codes), null);
        checkRows(it, ref, v, dict, `round ${round} from ${start}`);
      }
    }
    expect(it.size).to.equal(20000);
    expect(contents(it)).to.deep.equal(distinct);
  });

  it('tells apart strings whose hashes are equal (same and different byte lengths)', () => {
    const pairs = [['9v227up', '3ogxjge'], ['uy0bpas', '2ir79w2'], ['qsgnx4', '03c4jqik'], ['9qvadh', '6bix'], ['h55x', '06seq']];
    const enc = new TextEncoder();
    for (const [a, b] of pairs) {
      const x = enc.encode(a!);
      const y = enc.encode(b!);
      expect(utf8Hash(x, 0, x.length), `${a} / ${b}`).to.equal(utf8Hash(y, 0, y.length));
    }
    const dict = pairs.flat();
    const it = new ByteInterner();
    const ref = new RefIds();
    const codes = [...dict.keys(), ...[...dict.keys()].reverse()];
    checkRows(it, ref, utf8StrVec(encodeUtf8Dict(dict), Int32Array.from(codes), null), dict, 'colliding pairs');
    expect(it.size).to.equal(dict.length);
  });

  it('looks up only the entries rows use, lazily, and keeps the ids while batches share a dictionary', () => {
    const dict = ['a', 'b', 'c', 'a', 'd', 'é'];
    const u = encodeUtf8Dict(dict);
    const it = new ByteInterner();
    const v1 = utf8StrVec(u, Int32Array.from([1, 1, 3]), null);
    const ids = it.idsOf(v1);
    expect(Array.from(ids)).to.deep.equal([-1, -1, -1, -1, -1, -1]);
    const out = new Int32Array(3);
    it.rowIds(v1, 3, out);
    expect(Array.from(out)).to.deep.equal([0, 0, 1]);
    expect(Array.from(ids)).to.deep.equal([-1, 0, -1, 1, -1, -1]);
    expect(it.size).to.equal(2);
    // Another batch over the same dictionary: the same ids array; 'a' at entry 0 is entry 3's string.
    const v2 = utf8StrVec(u, Int32Array.from([0, 5, 4]), Uint8Array.from([1, 1, 0]));
    expect(it.idsOf(v2)).to.equal(ids);
    it.rowIds(v2, 3, out);
    expect(Array.from(out)).to.deep.equal([1, 2, -1]);
    expect(Array.from(ids)).to.deep.equal([1, 0, -1, 1, -1, 2]);
    expect(contents(it)).to.deep.equal(['b', 'a', 'é']);
  });

  it('keeps the ids of a plain dictionary that grows, and finds its new entries', () => {
    const dict = ['p', 'q'];
    const it = new ByteInterner();
    const out = new Int32Array(4);
    it.rowIds(plainVec(dict, [1, 0]), 2, out);
    expect(Array.from(out.subarray(0, 2))).to.deep.equal([0, 1]);
    dict.push('r', 'p');
    const ids = it.idsOf(plainVec(dict, []));
    expect(Array.from(ids)).to.deep.equal([1, 0, -1, -1]);
    it.rowIds(plainVec(dict, [3, 2, 1, 0]), 4, out);
    expect(Array.from(out)).to.deep.equal([1, 2, 0, 1]);
  });

  it('reserve() takes an id no string maps to, with an empty entry', () => {
    const it = new ByteInterner();
    const out = new Int32Array(3);
    it.rowIds(plainVec(['x'], [0]), 1, out);
    expect(it.reserve()).to.equal(1);
    it.rowIds(plainVec(['', 'y', 'x'], [0, 1, 2]), 3, out);
    expect(Array.from(out)).to.deep.equal([2, 3, 0]);
    const u: Utf8Dict = it.utf8();
    expect(Array.from(u.offsets)).to.deep.equal([0, 1, 1, 1, 2]);
    expect(contents(it)).to.deep.equal(['x', '', '', 'y']);
  });

  it('utf8() is not changed by strings added later', () => {
    const it = new ByteInterner();
    const out = new Int32Array(200);
    it.rowIds(plainVec(['one', 'two'], [0, 1]), 2, out);
    const before = it.utf8();
    const more = Array.from({ length: 200 }, (_, i) => `more-${i}-${'z'.repeat(i % 50)}`);
    it.rowIds(plainVec(more, [...more.keys()]), 200, out);
    expect([...decodeUtf8Dict(before)]).to.deep.equal(['one', 'two']);
    expect(contents(it)).to.deep.equal(['one', 'two', ...more]);
  });
});
