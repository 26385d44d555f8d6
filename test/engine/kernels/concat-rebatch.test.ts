import { expect } from 'chai';
import { concatBatches, concatVecs, rebatch } from '../../../engine/kernels/index.js';
import type { Batch, Vec } from '../../../engine/batch.js';
import { batchOf, prng, randomValues, readVec, vecOf } from '../expr/helpers.js';
import type { DataType } from '../../../engine/types.js';

describe('kernels: concat and rebatch', () => {
  it('concatVecs of every type equals the concatenated values', () => {
    const rand = prng(11);
    for (const t of ['bool', 'int32', 'int64', 'float64', 'utf8', 'date', 'timestamp'] as DataType[]) {
      const parts = [0, 5, 1, 300, 0, 17].map((n) => randomValues(rand, t, n, t === 'bool' ? 0 : 0.2));
      const got = concatVecs(t, parts.map((p) => vecOf(t, p)));
      expect(readVec(got)).to.deep.equal(parts.flat(), t);
    }
  });
  it('string vecs sharing one dictionary keep it; different dictionaries merge into one', () => {
    const dict = ['a', 'b', 'c'];
    const v1: Vec = { kind: 'str', type: 'utf8', dict, codes: Int32Array.of(0, 2), valid: null };
    const v2: Vec = { kind: 'str', type: 'utf8', dict, codes: Int32Array.of(1), valid: null };
    const same = concatVecs('utf8', [v1, v2]);
    expect(same.kind === 'str' && same.dict).to.equal(dict);
    expect(readVec(same)).to.deep.equal(['a', 'c', 'b']);
    const v3: Vec = { kind: 'str', type: 'utf8', dict: ['c', 'zz', 'a'], codes: Int32Array.of(1, 0, 2), valid: Uint8Array.of(1, 0, 1) };
    const merged = concatVecs('utf8', [v1, v3, v2]);
    expect(readVec(merged)).to.deep.equal(['a', 'c', 'zz', null, 'a', 'b']);
    expect(merged.kind === 'str' && new Set(merged.dict).size).to.equal(merged.kind === 'str' ? merged.dict.length : -1);
  });
  it('a null-typed part concatenates as nulls of the target type', () => {
    const got = concatVecs('int32', [vecOf('int32', [1, 2]), vecOf('null', [null]), vecOf('int32', [3])]);
    expect(got.type).to.equal('int32');
    expect(readVec(got)).to.deep.equal([1, 2, null, 3]);
    expect(readVec(concatVecs('utf8', [vecOf('null', [null]), vecOf('utf8', ['x'])]))).to.deep.equal([null, 'x']);
  });
  it('concatBatches', () => {
    const a = batchOf([{ name: 'x', type: 'int32', values: [1] }, { name: 's', type: 'utf8', values: ['p'] }]);
    const b = batchOf([{ name: 'x', type: 'int32', values: [2, 3] }, { name: 's', type: 'utf8', values: [null, 'q'] }]);
    const c = concatBatches(a.schema, [a, b]);
    expect(c.length).to.equal(3);
    expect(c.columns.map(readVec)).to.deep.equal([[1, 2, 3], ['p', null, 'q']]);
    expect(concatBatches(a.schema, []).length).to.equal(0);
  });
  it('rebatch cuts and merges to the batch size and keeps every row in order', async () => {
    const rand = prng(13);
    for (const size of [1, 7, 100]) {
      const sizes = Array.from({ length: 30 }, () => Math.floor(rand() * 40));
      let k = 0;
      const inputs: Batch[] = sizes.map((n) => batchOf([{ name: 'i', type: 'int32', values: Array.from({ length: n }, () => k++) }, { name: 's', type: 'utf8', values: Array.from({ length: n }, () => `v${k % 5}`) }]));
      async function* gen(): AsyncIterable<Batch> {
        for (const b of inputs) yield b;
      }
      const out: Batch[] = [];
      for await (const b of rebatch(gen(), inputs[0]!.schema, size)) out.push(b);
      const all = out.flatMap((b) => readVec(b.columns[0]!));
      expect(all).to.deep.equal(Array.from({ length: k }, (_, i) => i));
      expect(out.flatMap((b) => readVec(b.columns[1]!))).to.deep.equal(inputs.flatMap((b) => readVec(b.columns[1]!)));
      out.slice(0, -1).forEach((b) => expect(b.length).to.equal(size));
      expect(out[out.length - 1]!.length).to.be.within(1, size);
    }
  });
});
