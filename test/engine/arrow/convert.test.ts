import { expect } from 'chai';
import * as arrow from 'apache-arrow';
import { arrowToBatch, batchToArrow, batchesToTable, schemaFromArrow, schemaToArrow, tableToBatches } from '../../../engine/arrow/index.js';
import { DataError, SourceError } from '../../../engine/errors.js';
import type { DataType, Schema } from '../../../engine/types.js';
import { batchOf, readVec } from '../expr/helpers.js';
import { everyType, TYPES } from './fixtures.js';

const DAY = 86400000;

/** What Arrow's own reader says row i of column c is, as our plain values. */
function arrowCell(t: arrow.Table, c: number, i: number, type: DataType): unknown {
  const v = t.getChildAt(c)!.get(i);
  if (v === null || v === undefined) return null;
  if (type === 'int64' || type === 'timestamp') return Number(v);
  if (type === 'date') return Math.floor(Number(v instanceof Date ? v.getTime() : v) / DAY);
  return v;
}

describe('arrow: schema', () => {
  it('maps every type both ways', () => {
    const schema: Schema = TYPES.map((t) => ({ name: t, type: t, nullable: t !== 'int32' }));
    const as = schemaToArrow(schema);
    expect(as.fields.map((f) => String(f.type))).to.deep.equal(['Bool', 'Int32', 'Int64', 'Float64', 'Dictionary<Int32, Utf8>', 'Date32<DAY>', 'Timestamp<MILLISECOND>', 'Null']);
    expect(schemaFromArrow(as)).to.deep.equal(schema);
  });
  it('accepts narrower and other-unit Arrow types', () => {
    const as = new arrow.Schema([
      new arrow.Field('i8', new arrow.Int8()), new arrow.Field('u16', new arrow.Uint16()), new arrow.Field('u32', new arrow.Uint32()),
      new arrow.Field('f32', new arrow.Float32()), new arrow.Field('f16', new arrow.Float16()), new arrow.Field('s', new arrow.Utf8()),
      new arrow.Field('ls', new arrow.LargeUtf8()), new arrow.Field('dms', new arrow.DateMillisecond()), new arrow.Field('tus', new arrow.TimestampMicrosecond()),
      new arrow.Field('ts', new arrow.TimestampSecond()),
    ]);
    expect(schemaFromArrow(as).map((f) => f.type)).to.deep.equal(['int32', 'int32', 'int64', 'float64', 'float64', 'utf8', 'utf8', 'date', 'timestamp', 'timestamp']);
  });
  it('rejects other types with a SourceError naming the field', () => {
    const as = new arrow.Schema([new arrow.Field('tags', new arrow.List(new arrow.Field('item', new arrow.Utf8())))]);
    expect(() => schemaFromArrow(as)).to.throw(SourceError, /tags.*List/);
    expect(() => schemaFromArrow(new arrow.Schema([new arrow.Field('u', new arrow.Uint64())]))).to.throw(SourceError, /u/);
  });
});

describe('arrow: record batches and tables', () => {
  it('round-trips every type with nulls at several sizes', () => {
    for (const n of [0, 1, 7, 1000]) {
      const b = everyType(n + 1, n);
      const back = arrowToBatch(batchToArrow(b));
      expect(back.schema).to.deep.equal(b.schema);
      expect(back.length).to.equal(n);
      expect(back.columns.map(readVec)).to.deep.equal(b.columns.map(readVec));
    }
  });
  it('what we write, Arrow itself reads as the same values', () => {
    const b = everyType(99, 300);
    const t = batchesToTable(b.schema, [b]);
    b.schema.forEach((f, c) => {
      const want = readVec(b.columns[c]!);
      const got = want.map((_, i) => arrowCell(t, c, i, f.type));
      expect(got).to.deep.equal(want, f.name);
    });
  });
  it('reads tables Arrow builds, zero-copy for int32 and float64', () => {
    const t = arrow.tableFromArrays({ i: Int32Array.of(1, 2, 3), f: Float64Array.of(0.5, -1, 2), s: ['a', 'é', 'a'] });
    const [b] = tableToBatches(t);
    expect(b!.columns.map(readVec)).to.deep.equal([[1, 2, 3], [0.5, -1, 2], ['a', 'é', 'a']]);
    const iv = b!.columns[0]!;
    expect(iv.kind === 'num' && iv.values.buffer).to.equal(t.getChild('i')!.data[0]!.values.buffer);
  });
  it('reads narrower types, plain and large strings, other time units, sliced data', () => {
    const vec = <T extends arrow.DataType>(type: T, values: unknown[]) => arrow.vectorFromArray(values as never, type);
    // 64-bit time values written raw (Arrow's builders take ms numbers for every unit)
    const big = <T extends arrow.Timestamp>(type: T, values: (bigint | null)[]) => arrow.makeVector(arrow.makeData({
      type, length: values.length, nullCount: values.filter((v) => v === null).length,
      nullBitmap: Uint8Array.of(values.reduce<number>((m, v, i) => (v === null ? m : m | (1 << i)), 0)),
      data: BigInt64Array.from(values, (v) => v ?? 0n),
    } as never));
    const t = new arrow.Table({
      i8: vec(new arrow.Int8(), [1, null, -3]),
      u32: vec(new arrow.Uint32(), [4294967295, 0, null]),
      f32: vec(new arrow.Float32(), [0.5, null, -2]),
      s: vec(new arrow.Utf8(), ['x', null, '🙂']),
      ls: vec(new arrow.LargeUtf8(), ['', 'long', null]),
      dms: vec(new arrow.DateMillisecond(), [new Date(DAY * 3), null, new Date(-DAY)]),
      tus: big(new arrow.TimestampMicrosecond(), [1500n, null, -1500n]),
      tns: big(new arrow.TimestampNanosecond(), [1_700_000_000_123_456_789n, null, -1n]),
      tsec: big(new arrow.TimestampSecond(), [2n, null, -2n]),
    });
    const [b] = tableToBatches(t);
    expect(b!.schema.map((f) => f.type)).to.deep.equal(['int32', 'int64', 'float64', 'utf8', 'utf8', 'date', 'timestamp', 'timestamp', 'timestamp']);
    expect(b!.columns.map(readVec)).to.deep.equal([
      [1, null, -3], [4294967295, 0, null], [0.5, null, -2], ['x', null, '🙂'], ['', 'long', null], [3, null, -1],
      [1, null, -2], [1_700_000_000_123, null, -1], [2000, null, -2000],
    ]);
    const sliced = t.slice(1, 3);
    const [sb] = tableToBatches(sliced);
    expect(sb!.columns.map(readVec)).to.deep.equal([[null, -3], [0, null], [null, -2], [null, '🙂'], ['long', null], [null, -1], [null, -2], [null, -1], [null, -2000]]);
  });
  it('bool and validity bitmaps at odd offsets', () => {
    const vals = Array.from({ length: 37 }, (_, i) => (i % 5 === 0 ? null : i % 3 === 0));
    const t = new arrow.Table({ b: arrow.vectorFromArray(vals, new arrow.Bool()) });
    for (const [s, e] of [[0, 37], [3, 30], [9, 10], [13, 37]] as const) {
      const [b] = tableToBatches(t.slice(s, e));
      expect(readVec(b!.columns[0]!)).to.deep.equal(vals.slice(s, e));
    }
  });
  it('an int64 beyond ±2^53−1 from Arrow is read exactly', () => {
    const t = new arrow.Table({ big: arrow.vectorFromArray([1n, 2n ** 53n + 1n, -(2n ** 63n)], new arrow.Int64()) });
    expect(readVec(tableToBatches(t)[0]!.columns[0]!)).to.deep.equal([1, 2n ** 53n + 1n, -(2n ** 63n)]);
    const ok = new arrow.Table({ big: arrow.vectorFromArray([-(2n ** 53n - 1n), null], new arrow.Int64()) });
    expect(readVec(tableToBatches(ok)[0]!.columns[0]!)).to.deep.equal([-(2 ** 53 - 1), null]);
  });
  it('batchesToTable keeps each batch its own dictionary, and can write plain Utf8', () => {
    const a = batchOf([{ name: 's', type: 'utf8', values: ['x', 'y'] }]);
    const b = batchOf([{ name: 's', type: 'utf8', values: ['z', null, 'x'] }]);
    const t = batchesToTable(a.schema, [a, b]);
    expect(t.numRows).to.equal(5);
    expect(t.getChild('s')!.toArray()).to.deep.equal(['x', 'y', 'z', null, 'x']);
    const plain = batchesToTable(a.schema, [a, b], { utf8: 'plain' });
    expect(String(plain.schema.fields[0]!.type)).to.equal('Utf8');
    expect(tableToBatches(plain).flatMap((x) => readVec(x.columns[0]!))).to.deep.equal(['x', 'y', 'z', null, 'x']);
  });
});
