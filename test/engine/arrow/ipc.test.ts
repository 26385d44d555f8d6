import { expect } from 'chai';
import * as arrow from 'apache-arrow';
import { decodeIpc, encodeIpc } from '../../../engine/arrow/index.js';
import { emptyBatch, sliceBatch, takeBatch } from '../../../engine/kernels/index.js';
import type { Batch } from '../../../engine/batch.js';
import { batchOf, readVec } from '../expr/helpers.js';
import { everyType } from './fixtures.js';

const rows = (bs: Batch[]) => bs.map((b) => b.columns.map(readVec));

describe('arrow: IPC streams', () => {
  it('round-trips every type with nulls, empty strings, unicode', () => {
    const b = everyType(5, 500);
    const { schema, batches } = decodeIpc(encodeIpc(b.schema, [b]));
    expect(schema).to.deep.equal(b.schema);
    expect(rows(batches)).to.deep.equal(rows([b]));
  });
  it('several batches with different dictionaries keep every value', () => {
    const a = batchOf([{ name: 's', type: 'utf8', values: ['x', 'y', ''] }, { name: 'i', type: 'int32', values: [1, 2, 3] }]);
    const b = batchOf([{ name: 's', type: 'utf8', values: ['🙂', null] }, { name: 'i', type: 'int32', values: [4, null] }]);
    const c = batchOf([{ name: 's', type: 'utf8', values: ['y', 'naïve', 'x', 'x'] }, { name: 'i', type: 'int32', values: [5, 6, 7, 8] }]);
    const { batches } = decodeIpc(encodeIpc(a.schema, [a, b, a, c]));
    expect(rows(batches)).to.deep.equal(rows([a, b, a, c]));
    // Arrow's own reader agrees
    const t = arrow.tableFromIPC(encodeIpc(a.schema, [a, b, c]));
    expect(t.getChild('s')!.toArray()).to.deep.equal(['x', 'y', '', '🙂', null, 'y', 'naïve', 'x', 'x']);
  });
  it('same-named columns (a join output) keep their names and every batch', () => {
    const mk = (k: unknown[], v: unknown[]) => batchOf([
      { name: 'k', type: 'utf8', values: k }, { name: 'v', type: 'int32', values: v },
      { name: 'k', type: 'utf8', values: [...k].reverse() }, { name: 'v', type: 'int32', values: [...v].reverse() },
    ]);
    const a = mk(['a', 'b', null], [1, null, 3]);
    const b = mk(['c', 'd', 'e'], [4, 5, 6]);
    const { schema, batches } = decodeIpc(encodeIpc(a.schema, [a, b]));
    expect(schema.map((f) => f.name)).to.deep.equal(['k', 'v', 'k', 'v']);
    expect(rows(batches)).to.deep.equal(rows([a, b]));
  });
  it('batches sharing a dictionary decode to batches sharing one', () => {
    const a: Batch = { schema: [{ name: 's', type: 'utf8', nullable: true }], length: 50, columns: [{ kind: 'str', type: 'utf8', dict: ['p', 'q', 'r'], codes: Int32Array.from({ length: 50 }, (_, i) => i % 3), valid: null }] };
    const { batches } = decodeIpc(encodeIpc(a.schema, [sliceBatch(a, 0, 30), sliceBatch(a, 30, 50)]));
    const s0 = batches[0]!.columns[0]!;
    const s1 = batches[1]!.columns[0]!;
    expect(s0.kind === 'str' && s1.kind === 'str' && s0.dict === s1.dict).to.equal(true);
    expect(rows(batches)).to.deep.equal(rows([sliceBatch(a, 0, 30), sliceBatch(a, 30, 50)]));
  });
  it('a small piece of a batch does not carry its whole dictionary', () => {
    const big = batchOf([{ name: 's', type: 'utf8', values: Array.from({ length: 5000 }, (_, i) => `value-${i}`) }]);
    const piece = takeBatch(big, Int32Array.of(10, 20));
    const bytes = encodeIpc(big.schema, [piece]);
    expect(bytes.byteLength).to.be.lessThan(2000);
    expect(rows(decodeIpc(bytes).batches)).to.deep.equal([[['value-10', 'value-20']]]);
  });
  it('an empty list gives a stream with only the schema; zero bytes give nothing', () => {
    const schema = everyType(1, 0).schema;
    const out = decodeIpc(encodeIpc(schema, []));
    expect(out.schema).to.deep.equal(schema);
    expect(out.batches).to.deep.equal([]);
    expect(decodeIpc(new Uint8Array(0))).to.deep.equal({ schema: [], batches: [] });
  });
  it('zero-row batches survive', () => {
    const schema = everyType(1, 0).schema;
    const out = decodeIpc(encodeIpc(schema, [emptyBatch(schema), everyType(2, 3)]));
    expect(out.batches.map((b) => b.length)).to.deep.equal([0, 3]);
  });
  it('reads several streams concatenated back to back', () => {
    const a = everyType(11, 20);
    const b = everyType(12, 0);
    const c = everyType(13, 33);
    const parts = [encodeIpc(a.schema, [a]), encodeIpc(a.schema, []), encodeIpc(a.schema, [c, a]), encodeIpc(b.schema, [b])];
    const all = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
    let off = 0;
    for (const p of parts) {
      all.set(p, off);
      off += p.byteLength;
    }
    const out = decodeIpc(all);
    expect(out.schema).to.deep.equal(a.schema);
    expect(rows(out.batches)).to.deep.equal(rows([a, c, a, b]));
  });
  it('garbage is a clear error', () => {
    expect(() => decodeIpc(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9))).to.throw(/IPC|Arrow|stream|message/i);
  });
});
