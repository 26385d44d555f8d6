import { expect } from 'chai';
import { batchToRows, inferRowsSchema, rowsToBatch } from '../../../engine/arrow/index.js';
import { AnalysisError, DataError } from '../../../engine/errors.js';
import { readVec } from '../expr/helpers.js';

describe('arrow: plain rows', () => {
  it('infers types: int32, int64, float64, utf8, bool, timestamp, bigint, null', () => {
    const rows = [
      { a: 1, b: 1, c: 1, s: 'x', t: true, d: new Date(0), g: 1n, n: null },
      { a: -2, b: 2 ** 40, c: 0.5, s: null, t: false, d: null, g: 2n, n: undefined },
      { e: 'late' },
    ];
    expect(inferRowsSchema(rows).map((f) => [f.name, f.type])).to.deep.equal([
      ['a', 'int32'], ['b', 'int64'], ['c', 'float64'], ['s', 'utf8'], ['t', 'bool'], ['d', 'timestamp'], ['g', 'int64'], ['n', 'null'], ['e', 'utf8'],
    ]);
  });
  it('int32 range edges', () => {
    expect(inferRowsSchema([{ a: 2147483647 }, { a: -2147483648 }])[0]!.type).to.equal('int32');
    expect(inferRowsSchema([{ a: 2147483648 }])[0]!.type).to.equal('int64');
    expect(inferRowsSchema([{ a: 1 }, { a: 1.5 }])[0]!.type).to.equal('float64');
    expect(inferRowsSchema([{ a: 5n }, { a: 3 }])[0]!.type).to.equal('int64');
  });
  it('mixed kinds are an AnalysisError naming the field, both kinds and the row', () => {
    expect(() => inferRowsSchema([{ a: 1 }, { a: null }, { a: 'x' }])).to.throw(AnalysisError, /a.*number.*string.*row 2/);
    expect(() => inferRowsSchema([{ v: true }, { v: 1 }])).to.throw(AnalysisError, /v.*boolean.*number.*row 1/);
    expect(() => inferRowsSchema([{ o: { x: 1 } }])).to.throw(AnalysisError, /o/);
  });
  it('rows → batch → rows round-trips, missing fields are null, dates come back as Date', () => {
    const rows = [
      { a: 1, s: 'é🙂', t: true, d: new Date(86400000), f: 1.25 },
      { a: null, s: '', t: null, d: null, f: -0.5 },
      { s: 'z' },
    ];
    const b = rowsToBatch(rows);
    expect(b.length).to.equal(3);
    expect(readVec(b.columns[0]!)).to.deep.equal([1, null, null]);
    expect(batchToRows(b)).to.deep.equal([
      { a: 1, s: 'é🙂', t: true, d: new Date(86400000), f: 1.25 },
      { a: null, s: '', t: null, d: null, f: -0.5 },
      { a: null, s: 'z', t: null, d: null, f: null },
    ]);
  });
  it('uses a given schema and reports bad values with field and row', () => {
    const schema = [{ name: 'x', type: 'int32' as const, nullable: true }, { name: 'day', type: 'date' as const, nullable: true }];
    const b = rowsToBatch([{ x: 5, day: new Date(Date.UTC(1970, 0, 11)) }], schema);
    expect(b.columns.map(readVec)).to.deep.equal([[5], [10]]);
    expect(() => rowsToBatch([{ x: 1 }, { x: 2.5 }], schema)).to.throw(DataError, /x.*row 1/);
  });
  it('int64 as number, or bigint when asked; beyond 2^53 an error naming the column unless bigint', () => {
    const b = rowsToBatch([{ g: 2n ** 40n }]);
    expect(batchToRows(b)).to.deep.equal([{ g: 2 ** 40 }]);
    expect(batchToRows(b, { bigint: true })).to.deep.equal([{ g: 2n ** 40n }]);
    const big = rowsToBatch([{ g: 2n ** 60n + 1n }, { g: 1 }]);
    expect(() => batchToRows(big)).to.throw(DataError, /column g.*1152921504606846977/);
    expect(batchToRows(big, { bigint: true })).to.deep.equal([{ g: 2n ** 60n + 1n }, { g: 1n }]);
    expect(() => rowsToBatch([{ g: 2n ** 63n }])).to.throw(DataError, /g/);
  });
  it('no rows: empty schema and batch', () => {
    expect(inferRowsSchema([])).to.deep.equal([]);
    expect(rowsToBatch([]).length).to.equal(0);
  });
});
