import { expect } from 'chai';
import * as arrow from 'apache-arrow';
import type { StrVec, Utf8Dict } from '../../../engine/batch.js';
import {
  concatVecs, decodeUtf8Dict, dictKey, dictSize, encodeUtf8Dict, gatherUtf8, hashVecs, seededRandom,
  sliceVec, takeVec, utf8StrVec, withCodes,
} from '../../../engine/kernels/index.js';
import { arrowToBatch, batchesToTable, decodeIpc, encodeIpc } from '../../../engine/arrow/index.js';
import { GroupTable } from '../../../engine/aggregate/index.js';
import { readVec } from '../expr/helpers.js';
import { byteDict } from '../aggregate/string-keys.js';

const WORDS = ['', 'a', 'id0000000001', 'naïve', '🙂 smile', 'Ελληνικά', 'x'.repeat(40), 'zz', 'a'];

function randomVec(rnd: () => number, dict: Utf8Dict, n: number, nulls: boolean): StrVec {
  const size = dict.offsets.length - 1;
  const codes = new Int32Array(n);
  let valid: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    codes[i] = Math.floor(rnd() * size);
    if (nulls && rnd() < 0.2) {
      valid ??= new Uint8Array(n).fill(1);
      valid[i] = 0;
    }
  }
  return utf8StrVec(dict, codes, valid);
}

/** Row values of a string vector computed from the words, not from the engine's decoder. */
function expected(words: readonly string[], v: StrVec): (string | null)[] {
  return Array.from(v.codes, (c, i) => (v.valid !== null && v.valid[i] === 0 ? null : words[c]!));
}

describe('engine/kernels utf8 dictionaries', () => {
  it('decodes ASCII and non-ASCII entries, offsets not starting at 0, once per dictionary', () => {
    const u = byteDict(WORDS, 5);
    const d = decodeUtf8Dict(u);
    expect(d).to.deep.equal(WORDS);
    expect(decodeUtf8Dict(u)).to.equal(d);
    const v = utf8StrVec(u, Int32Array.from([3, 0, 4]), null);
    expect(v.dict).to.equal(d);
    expect(dictSize(v)).to.equal(WORDS.length);
    expect(dictKey(v)).to.equal(u);
  });

  it('a spread copy and withCodes keep the same strings', () => {
    const u = byteDict(WORDS);
    const v = utf8StrVec(u, Int32Array.from([1, 4, 5]), null);
    const copy = { ...v };
    expect(readVec(copy)).to.deep.equal(['a', '🙂 smile', 'Ελληνικά']);
    const w = withCodes(v, Int32Array.from([2, 2]), Uint8Array.from([1, 0]));
    expect(w.utf8).to.equal(u);
    expect(readVec(w)).to.deep.equal(['id0000000001', null]);
  });

  it('gathers entries as bytes (−1 gives an empty entry)', () => {
    const u = byteDict(WORDS, 2);
    const g = gatherUtf8(u, Int32Array.from([4, -1, 6, 0, 3]));
    expect(g.offsets[0]).to.equal(0);
    expect(decodeUtf8Dict(g)).to.deep.equal(['🙂 smile', '', 'x'.repeat(40), '', 'naïve']);
  });

  it('encodes strings (ASCII fast path and not) to the bytes TextEncoder gives', () => {
    for (const words of [['ab', 'c', ''], WORDS]) {
      const u = encodeUtf8Dict(words);
      const ref = byteDict(words);
      expect(Array.from(u.offsets)).to.deep.equal(Array.from(ref.offsets));
      expect(Buffer.from(u.bytes).equals(Buffer.from(ref.bytes.subarray(0, ref.offsets[words.length]!)))).to.equal(true);
    }
  });

  it('hashes rows the same whether the dictionary is bytes or strings (shuffles must agree)', () => {
    const rnd = seededRandom(7);
    const u = byteDict(WORDS, 3);
    for (let t = 0; t < 5; t++) {
      const v = randomVec(rnd, u, 200, t % 2 === 0);
      const plain: StrVec = { kind: 'str', type: 'utf8', dict: [...WORDS], codes: v.codes, valid: v.valid };
      expect(Array.from(hashVecs([v], v.codes.length))).to.deep.equal(Array.from(hashVecs([plain], v.codes.length)));
    }
    // a large dictionary (cached hashes) agrees too
    const many = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? `é${i}` : `k${i}`));
    const big = utf8StrVec(byteDict(many), Int32Array.from({ length: 3000 }, (_, i) => 2999 - i), null);
    const bigPlain: StrVec = { kind: 'str', type: 'utf8', dict: many, codes: big.codes, valid: null };
    expect(Array.from(hashVecs([big], 3000))).to.deep.equal(Array.from(hashVecs([bigPlain], 3000)));
  });

  it('take, slice and concat over different byte dictionaries keep every value (random, with nulls)', () => {
    const rnd = seededRandom(11);
    const dicts = [byteDict(WORDS), byteDict([...WORDS].reverse(), 4), byteDict(['q', 'naïve', ''])];
    const words = [WORDS, [...WORDS].reverse(), ['q', 'naïve', '']];
    for (let t = 0; t < 20; t++) {
      const parts: StrVec[] = [];
      const want: (string | null)[] = [];
      const k = 1 + Math.floor(rnd() * 5);
      for (let p = 0; p < k; p++) {
        const which = Math.floor(rnd() * 3);
        const n = Math.floor(rnd() * 30);
        const v = randomVec(rnd, dicts[which]!, n, rnd() < 0.5);
        const idx = Int32Array.from({ length: n }, () => (rnd() < 0.1 ? -1 : Math.floor(rnd() * n)));
        const taken = takeVec(v, idx) as StrVec;
        const s = Math.floor(rnd() * (n + 1));
        const sliced = sliceVec(taken, s, n) as StrVec;
        expect(sliced.utf8, 'take and slice keep the bytes').to.equal(dicts[which]);
        parts.push(sliced);
        const full = expected(words[which]!, v);
        want.push(...Array.from(idx, (j) => (j < 0 ? null : full[j]!)).slice(s));
      }
      const c = concatVecs('utf8', parts) as StrVec;
      expect(readVec(c)).to.deep.equal(want);
      if (parts.some((p) => p.codes.length > 0)) expect(c.utf8, 'concat keeps bytes').to.not.equal(undefined);
    }
  });

  it('concat of byte and string dictionaries decodes and keeps every value', () => {
    const a = utf8StrVec(byteDict(WORDS), Int32Array.from([3, 4]), null);
    const b: StrVec = { kind: 'str', type: 'utf8', dict: ['p', 'q'], codes: Int32Array.from([1, 0]), valid: Uint8Array.from([1, 0]) };
    expect(readVec(concatVecs('utf8', [a, b]))).to.deep.equal(['naïve', '🙂 smile', 'q', null]);
  });

  it('IPC and Arrow tables carry byte-dictionary columns without loss (dictionary and plain utf8)', () => {
    const rnd = seededRandom(3);
    const u = byteDict(WORDS, 1);
    const v = randomVec(rnd, u, 500, true);
    // a piece that uses a few entries of a large dictionary is compacted; a whole one is kept
    const piece = takeVec(v, Int32Array.from([5, 9, 9, 400])) as StrVec;
    const schema = [{ name: 's', type: 'utf8' as const, nullable: true }];
    const batches = [{ schema, columns: [v], length: 500 }, { schema, columns: [piece], length: 4 }];
    const back = decodeIpc(encodeIpc(schema, batches)).batches;
    expect(back.map((b) => readVec(b.columns[0]!))).to.deep.equal([expected(WORDS, v), expected(WORDS, piece)]);
    expect((back[0]!.columns[0] as StrVec).utf8, 'decoded columns keep the bytes').to.not.equal(undefined);
    const t = batchesToTable(schema, batches, { utf8: 'plain' });
    expect(t.getChild('s')!.toArray()).to.deep.equal([...expected(WORDS, v), ...expected(WORDS, piece)]);
    const td = batchesToTable(schema, batches);
    expect(td.getChild('s')!.toArray()).to.deep.equal([...expected(WORDS, v), ...expected(WORDS, piece)]);
  });

  it('a small piece of a large dictionary (byte or string) is written with only the entries it uses', () => {
    const words = Array.from({ length: 5000 }, (_, i) => (i % 11 === 0 ? `é${i}` : `w${i}`));
    const rnd = seededRandom(23);
    for (const bytes of [true, false]) {
      const codes = Int32Array.from({ length: 40 }, () => Math.floor(rnd() * 5000));
      codes[7] = codes[3]!; // a repeated entry
      const valid = Uint8Array.from({ length: 40 }, (_, i) => (i % 9 === 4 ? 0 : 1));
      const v: StrVec = bytes ? utf8StrVec(encodeUtf8Dict(words), codes, valid) : { kind: 'str', type: 'utf8', dict: words, codes, valid };
      const schema = [{ name: 's', type: 'utf8' as const, nullable: true }];
      const ipc = encodeIpc(schema, [{ schema, columns: [v], length: 40 }]);
      expect(ipc.byteLength, 'the piece does not carry the whole dictionary').to.be.lessThan(4000);
      const back = decodeIpc(ipc).batches[0]!.columns[0]!;
      expect(readVec(back)).to.deep.equal(expected(words, v));
    }
  });

  it('a plain Arrow Utf8 column of distinct strings is read as bytes, with nulls and a sliced batch', () => {
    const values = Array.from({ length: 300 }, (_, i) => (i % 13 === 0 ? null : `v${i}-${WORDS[i % WORDS.length]}`));
    const vec = arrow.vectorFromArray(values, new arrow.Utf8());
    const t = new arrow.Table({ s: vec });
    const b = arrowToBatch(t.batches[0]!);
    expect((b.columns[0] as StrVec).utf8).to.not.equal(undefined);
    expect(readVec(b.columns[0]!)).to.deep.equal(values);
    const sliced = t.slice(17, 250);
    expect(sliced.batches.flatMap((rb) => readVec(arrowToBatch(rb).columns[0]!))).to.deep.equal(values.slice(17, 250));
  });

  it('group keys over concatenated byte dictionaries (entries repeat) form one group per value', () => {
    const rnd = seededRandom(5);
    const words = ['', 'a', 'É', 'dd'];
    for (const keys of [1, 2]) {
      const parts = [0, 1, 2].map((p) => randomVec(rnd, byteDict(p === 1 ? [...words].reverse() : words, p), 40, true));
      const k = concatVecs('utf8', parts) as StrVec;
      const g = { kind: 'num' as const, type: 'int32' as const, values: Int32Array.from(k.codes, (_, i) => i % 2), valid: null };
      const cols = keys === 1 ? [k] : [k, g];
      const table = new GroupTable(cols.map((c) => c.type));
      const out = new Int32Array(k.codes.length);
      table.assign(cols, k.codes.length, out);
      const strs = readVec(k);
      const ref = new Map<string, number>();
      strs.forEach((s, i) => {
        const key = JSON.stringify(keys === 1 ? [s] : [s, i % 2]);
        if (!ref.has(key)) ref.set(key, out[i]!);
        expect(out[i], `row ${i} ${key}`).to.equal(ref.get(key));
      });
      expect(table.size).to.equal(ref.size);
    }
  });
});
