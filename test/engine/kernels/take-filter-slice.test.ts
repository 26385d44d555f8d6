import { expect } from 'chai';
import { filterBatch, isTrueMask, selectionFromMask, sliceBatch, sliceVec, takeBatch, takeVec } from '../../../engine/kernels/index.js';
import { batchOf, prng, randomValues, readVec, vecOf } from '../expr/helpers.js';
import type { DataType } from '../../../engine/types.js';

const TYPES: DataType[] = ['bool', 'int32', 'int64', 'float64', 'utf8', 'date', 'timestamp'];

describe('kernels: take, filter, slice', () => {
  it('takeVec gathers rows of every type, −1 gives null', () => {
    const rand = prng(3);
    for (const t of TYPES) {
      for (const n of [0, 1, 7, 5000]) {
        const values = randomValues(rand, t, n);
        const idx = Int32Array.from({ length: n + 3 }, () => (n === 0 || rand() < 0.1 ? -1 : Math.floor(rand() * n)));
        const got = readVec(takeVec(vecOf(t, values), idx));
        expect(got).to.deep.equal(Array.from(idx, (k) => (k < 0 ? null : values[k])), `${t} ${n}`);
      }
    }
  });
  it('takeBatch keeps the schema', () => {
    const b = batchOf([{ name: 'a', type: 'int32', values: [1, 2, 3] }, { name: 's', type: 'utf8', values: ['x', null, 'z'] }]);
    const t = takeBatch(b, Int32Array.of(2, 0, 1, 1));
    expect(t.schema).to.equal(b.schema);
    expect(t.length).to.equal(4);
    expect(t.columns.map(readVec)).to.deep.equal([[3, 1, 2, 2], ['z', 'x', null, null]]);
  });
  it('filterBatch keeps rows where the mask is true and not null', () => {
    const rand = prng(5);
    for (const n of [0, 1, 7, 10000]) {
      const mask = randomValues(rand, 'bool', n, 0.2);
      const a = randomValues(rand, 'int32', n);
      const s = randomValues(rand, 'utf8', n);
      const b = batchOf([{ name: 'a', type: 'int32', values: a }, { name: 's', type: 'utf8', values: s }]);
      const f = filterBatch(b, vecOf('bool', mask));
      const keep = mask.map((m, i) => (m === true ? i : -1)).filter((i) => i >= 0);
      expect(f.length).to.equal(keep.length);
      expect(readVec(f.columns[0]!)).to.deep.equal(keep.map((i) => a[i]));
      expect(readVec(f.columns[1]!)).to.deep.equal(keep.map((i) => s[i]));
      expect(Array.from(selectionFromMask(vecOf('bool', mask)))).to.deep.equal(keep);
      expect(Array.from(isTrueMask(vecOf('bool', mask)))).to.deep.equal(mask.map((m) => (m === true ? 1 : 0)));
    }
  });
  it('filterBatch returns the batch itself when every row passes', () => {
    const b = batchOf([{ name: 'a', type: 'int32', values: [1, 2] }]);
    expect(filterBatch(b, vecOf('bool', [true, true]))).to.equal(b);
    expect(filterBatch(b, vecOf('null', [null, null])).length).to.equal(0);
  });
  it('slices are views over the same memory', () => {
    const v = vecOf('int32', [1, null, 3, 4, 5]);
    const s = sliceVec(v, 1, 4);
    expect(readVec(s)).to.deep.equal([null, 3, 4]);
    expect(s.kind === 'num' && v.kind === 'num' && s.values.buffer).to.equal(v.kind === 'num' && v.values.buffer);
    const b = batchOf([{ name: 's', type: 'utf8', values: ['a', 'b', 'c'] }]);
    expect(readVec(sliceBatch(b, 1, 10).columns[0]!)).to.deep.equal(['b', 'c']);
    expect(sliceBatch(b, 0, 3)).to.equal(b);
    expect(sliceBatch(b, 2, 1).length).to.equal(0);
  });
});
