import { expect } from 'chai';
import { VecBuilder, constVec, emptyBatch, makeBatch, nullVec } from '../../../engine/kernels/index.js';
import { DataError, InternalError } from '../../../engine/errors.js';
import { readVec } from '../expr/helpers.js';

describe('kernels: VecBuilder and constructors', () => {
  it('builds every type with nulls, growing past its capacity', () => {
    const ints = new VecBuilder('int32', 1);
    const strs = new VecBuilder('utf8', 1);
    const expectI: (number | null)[] = [];
    const expectS: (string | null)[] = [];
    for (let i = 0; i < 1000; i++) {
      if (i % 7 === 0) {
        ints.appendNull();
        strs.appendNull();
        expectI.push(null);
        expectS.push(null);
      } else {
        ints.append(i - 500);
        strs.append(`s${i % 13}`);
        expectI.push(i - 500);
        expectS.push(`s${i % 13}`);
      }
    }
    expect(ints.length).to.equal(1000);
    expect(readVec(ints.finish())).to.deep.equal(expectI);
    const sv = strs.finish();
    expect(readVec(sv)).to.deep.equal(expectS);
    expect(sv.kind === 'str' && sv.dict.length).to.equal(13);
  });
  it('dates take Date or days, timestamps Date or ms, bools booleans', () => {
    const d = new VecBuilder('date');
    d.append(new Date(Date.UTC(1970, 0, 3, 12)));
    d.append(-1);
    d.append(new Date(Date.UTC(1969, 11, 31, 23)));
    expect(readVec(d.finish())).to.deep.equal([2, -1, -1]);
    const t = new VecBuilder('timestamp');
    t.append(new Date(1234));
    t.append(99);
    expect(readVec(t.finish())).to.deep.equal([1234, 99]);
    const b = new VecBuilder('bool');
    b.append(true);
    b.append(false);
    b.append(null);
    expect(readVec(b.finish())).to.deep.equal([true, false, null]);
  });
  it('a column without nulls has no validity mask', () => {
    const f = new VecBuilder('float64');
    f.append(1.5);
    f.append(-2);
    const v = f.finish();
    expect(v.valid).to.equal(null);
    expect(readVec(v)).to.deep.equal([1.5, -2]);
  });
  it('int64 takes bigint, numbers and integer text exactly, and rejects values beyond the int64 range', () => {
    const b = new VecBuilder('int64');
    b.append(5n);
    b.append(-(2n ** 53n - 1n));
    b.append(2 ** 53 - 1);
    expect(readVec(b.finish())).to.deep.equal([5, -(2 ** 53 - 1), 2 ** 53 - 1]);
    const big = new VecBuilder('int64');
    big.append(2n ** 53n + 1n);
    big.append('-9223372036854775808');
    big.append(2 ** 60);
    expect(readVec(big.finish())).to.deep.equal([2n ** 53n + 1n, -(2n ** 63n), 2n ** 60n]);
    expect(() => new VecBuilder('int64').append(2n ** 63n)).to.throw(DataError, /9223372036854775808/);
    expect(() => new VecBuilder('int64').append(2 ** 63)).to.throw(DataError);
    expect(() => new VecBuilder('int64').append(1.5)).to.throw(DataError);
    expect(() => new VecBuilder('int32').append(2 ** 31)).to.throw(DataError);
    expect(() => new VecBuilder('int32').append(1.5)).to.throw(DataError);
  });
  it('the null type is all nulls', () => {
    const b = new VecBuilder('null');
    b.append(null);
    b.append(null);
    const v = b.finish();
    expect(v.type).to.equal('null');
    expect(readVec(v)).to.deep.equal([null, null]);
  });
  it('nullVec, constVec, emptyBatch', () => {
    expect(readVec(nullVec('utf8', 3))).to.deep.equal([null, null, null]);
    expect(readVec(nullVec('float64', 2))).to.deep.equal([null, null]);
    expect(readVec(constVec(7, 'int64', 3))).to.deep.equal([7, 7, 7]);
    expect(readVec(constVec('q', 'utf8', 2))).to.deep.equal(['q', 'q']);
    expect(readVec(constVec(true, 'bool', 2))).to.deep.equal([true, true]);
    expect(readVec(constVec(null, 'int32', 2))).to.deep.equal([null, null]);
    const e = emptyBatch([{ name: 'a', type: 'int32', nullable: true }, { name: 's', type: 'utf8', nullable: true }]);
    expect(e.length).to.equal(0);
    expect(e.columns.map(readVec)).to.deep.equal([[], []]);
  });
  it('makeBatch checks lengths and counts', () => {
    const schema = [{ name: 'a', type: 'int32' as const, nullable: true }, { name: 'b', type: 'int32' as const, nullable: true }];
    expect(makeBatch(schema, [constVec(1, 'int32', 2), constVec(2, 'int32', 2)]).length).to.equal(2);
    expect(() => makeBatch(schema, [constVec(1, 'int32', 2), constVec(2, 'int32', 3)])).to.throw(InternalError, /b has 3 rows/);
    expect(() => makeBatch(schema, [constVec(1, 'int32', 2)])).to.throw(InternalError);
  });
});

describe('kernels: VecBuilder from text', () => {
  it('parses numeric, date and timestamp text and rejects what does not parse', () => {
    const f = new VecBuilder('float64');
    f.append('1.5');
    f.append(' -2 ');
    expect(readVec(f.finish())).to.deep.equal([1.5, -2]);
    expect(() => new VecBuilder('int32').append('abc')).to.throw(DataError, /"abc"/);
    expect(() => new VecBuilder('float64').append('')).to.throw(DataError);
    const d = new VecBuilder('date');
    d.append('1970-01-11');
    expect(readVec(d.finish())).to.deep.equal([10]);
    const t = new VecBuilder('timestamp');
    t.append('1970-01-01T00:00:02Z');
    expect(readVec(t.finish())).to.deep.equal([2000]);
    expect(() => new VecBuilder('date').append('tomorrow')).to.throw(DataError, /"tomorrow"/);
  });
});
