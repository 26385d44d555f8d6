import { expect } from 'chai';
import { evaluate } from '../../../engine/expr/index.js';
import { DataError } from '../../../engine/errors.js';
import type { DataType } from '../../../engine/types.js';
import type { Expr } from '../../../engine/expr.js';
import { batchOf, col, readVec } from './helpers.js';
import { differential } from './diff.js';

const cast = (expr: Expr, type: DataType): Expr => ({ kind: 'cast', expr, type });
const DAY = 86400000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function refDate(days: number): string {
  const d = new Date(days * DAY);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
function castOne(type: DataType, values: unknown[], to: DataType): unknown[] {
  return readVec(evaluate(cast(col(0, 'x', type), to), batchOf([{ name: 'x', type, values }])));
}

describe('expr cast', () => {
  it('numbers to numbers', () => {
    const nul = <T>(f: (x: any) => T) => (x: any) => (x === null ? null : f(x));
    differential('int32→int64', [{ type: 'int32' }], ([x]) => cast(x!, 'int64'), nul((x) => x));
    differential('int32→float64', [{ type: 'int32' }], ([x]) => cast(x!, 'float64'), nul((x) => x));
    differential('int64→int32', [{ type: 'int64', small: true }], ([x]) => cast(x!, 'int32'), nul((x) => x));
    differential('float64→int32', [{ type: 'float64' }], ([x]) => cast(x!, 'int32'), nul((x) => Math.trunc(x)));
    differential('float64→int64', [{ type: 'float64' }], ([x]) => cast(x!, 'int64'), nul((x) => Math.trunc(x)));
    differential('bool→int32', [{ type: 'bool' }], ([x]) => cast(x!, 'int32'), nul((x) => (x ? 1 : 0)));
    differential('float64→bool', [{ type: 'float64' }], ([x]) => cast(x!, 'bool'), nul((x) => x !== 0));
    differential('int32→bool', [{ type: 'int32', small: true }], ([x]) => cast(x!, 'bool'), nul((x) => x !== 0));
    differential('date→timestamp', [{ type: 'date' }], ([x]) => cast(x!, 'timestamp'), nul((x) => x * DAY));
    differential('timestamp→date', [{ type: 'timestamp' }], ([x]) => cast(x!, 'date'), nul((x) => Math.floor(x / DAY)));
    differential('timestamp→int64 (seconds)', [{ type: 'timestamp' }], ([x]) => cast(x!, 'int64'), nul((x) => Math.floor(x / 1000)));
    differential('int64→timestamp (seconds)', [{ type: 'int64', gen: (r) => Math.floor((r() - 0.5) * 4e9) }], ([x]) => cast(x!, 'timestamp'), nul((x) => x * 1000));
  });
  it('numbers, bools, dates and timestamps to strings', () => {
    const nul = <T>(f: (x: any) => T) => (x: any) => (x === null ? null : f(x));
    differential('int32→utf8', [{ type: 'int32' }], ([x]) => cast(x!, 'utf8'), nul((x) => String(x)));
    differential('int64→utf8', [{ type: 'int64' }], ([x]) => cast(x!, 'utf8'), nul((x) => String(x)));
    differential('float64→utf8', [{ type: 'float64' }], ([x]) => cast(x!, 'utf8'), nul((x) => String(x)));
    differential('bool→utf8', [{ type: 'bool' }], ([x]) => cast(x!, 'utf8'), nul((x) => String(x)));
    differential('date→utf8', [{ type: 'date' }], ([x]) => cast(x!, 'utf8'), nul(refDate));
    differential('timestamp→utf8', [{ type: 'timestamp' }], ([x]) => cast(x!, 'utf8'), nul((x) => new Date(x).toISOString()));
  });
  it('strings to numbers, trimmed', () => {
    const ints = (r: () => number) => `${r() < 0.3 ? ' ' : ''}${Math.floor((r() - 0.5) * 2e6)}${r() < 0.3 ? '  ' : ''}`;
    differential('utf8→int32', [{ type: 'utf8', gen: ints }], ([x]) => cast(x!, 'int32'), (x) => (x === null ? null : Number(x.trim())));
    differential('utf8→int64', [{ type: 'utf8', gen: ints }], ([x]) => cast(x!, 'int64'), (x) => (x === null ? null : Number(x.trim())));
    const floats = (r: () => number) => String((r() - 0.5) * 1e4);
    differential('utf8→float64', [{ type: 'utf8', gen: floats }], ([x]) => cast(x!, 'float64'), (x) => (x === null ? null : Number(x)));
    expect(castOne('utf8', ['1.9', '-1.9', '+5', '1e3', ' 2.5e-1 ', 'NaN', '-Infinity'], 'float64')).to.deep.equal([1.9, -1.9, 5, 1000, 0.25, NaN, -Infinity]);
    expect(castOne('utf8', ['1.9', '-1.9', '+5', '007'], 'int32')).to.deep.equal([1, -1, 5, 7]);
  });
  it('strings to booleans, dates and timestamps', () => {
    expect(castOne('utf8', ['true', 'FALSE', ' t ', 'no', '1', '0', null], 'bool')).to.deep.equal([true, false, true, false, true, false, null]);
    expect(castOne('utf8', ['1970-01-01', '2024-02-29', ' 1969-12-31 ', '2021-03-04T05:06:07Z'], 'date')).to.deep.equal([0, 19782, -1, 18690]);
    expect(castOne('utf8', ['1970-01-01', '2021-03-04T05:06:07Z', '2021-03-04 05:06:07.123', '2021-03-04T05:06:07.5+02:00', '2021-03-04T05:06'], 'timestamp')).to.deep.equal([
      0, Date.UTC(2021, 2, 4, 5, 6, 7), Date.UTC(2021, 2, 4, 5, 6, 7, 123), Date.UTC(2021, 2, 4, 3, 6, 7, 500), Date.UTC(2021, 2, 4, 5, 6),
    ]);
    // random dates round-trip through text
    differential('date→utf8→date', [{ type: 'date' }], ([x]) => cast(cast(x!, 'utf8'), 'date'), (x) => x);
    differential('ts→utf8→ts', [{ type: 'timestamp' }], ([x]) => cast(cast(x!, 'utf8'), 'timestamp'), (x) => x);
  });
  it('an unparsable string is a DataError quoting it and naming the expression', () => {
    expect(() => castOne('utf8', ['12', 'twelve'], 'int32')).to.throw(DataError, /"twelve".*CAST\(x AS int32\)/);
    expect(() => castOne('utf8', ['2023-02-29'], 'date')).to.throw(DataError, /"2023-02-29"/);
    expect(() => castOne('utf8', ['maybe'], 'bool')).to.throw(DataError, /"maybe"/);
    expect(() => castOne('utf8', ['0x10'], 'float64')).to.throw(DataError, /"0x10"/);
    expect(() => castOne('utf8', [''], 'int64')).to.throw(DataError);
    expect(() => castOne('utf8', ['2021-13-01T00:00:00'], 'timestamp')).to.throw(DataError);
  });
  it('an unparsable dictionary entry no row uses is not an error', () => {
    const b = { schema: [{ name: 's', type: 'utf8' as const, nullable: true }], columns: [{ kind: 'str' as const, type: 'utf8' as const, dict: ['oops', '5', 'bad'], codes: Int32Array.of(1, 2), valid: Uint8Array.of(1, 0) }], length: 2 };
    expect(readVec(evaluate(cast(col(0, 's', 'utf8'), 'int32'), b))).to.deep.equal([5, null]);
  });
  it('overflow on a cast is a DataError', () => {
    expect(() => castOne('float64', [3e9], 'int32')).to.throw(DataError, /does not fit int32/);
    expect(() => castOne('float64', [NaN], 'int32')).to.throw(DataError);
    expect(() => castOne('float64', [2 ** 63], 'int64')).to.throw(DataError, /int64/);
    expect(castOne('float64', [2 ** 60], 'int64')).to.deep.equal([2n ** 60n]);
    expect(() => castOne('int64', [2 ** 31], 'int32')).to.throw(DataError);
    expect(() => castOne('utf8', ['99999999999'], 'int32')).to.throw(DataError, /"99999999999"/);
  });
  it('null casts to anything and anything to null', () => {
    expect(castOne('null', [null, null], 'int32')).to.deep.equal([null, null]);
    expect(castOne('int32', [1, null], 'null')).to.deep.equal([null, null]);
    expect(castOne('int32', [1, null], 'int32')).to.deep.equal([1, null]);
  });
});

describe('expr cast at exact boundaries', () => {
  it('timestamps on day and second boundaries', () => {
    const ts = [0, DAY, -DAY, 5 * DAY, DAY - 1, -1, 1000, -1000, 86400000 * 19000];
    expect(castOne('timestamp', ts, 'date')).to.deep.equal(ts.map((t) => Math.floor(t / DAY)));
    expect(castOne('timestamp', ts, 'int64')).to.deep.equal(ts.map((t) => Math.floor(t / 1000)));
    expect(castOne('timestamp', [1500, -1500], 'float64')).to.deep.equal([1.5, -1.5]);
  });
  it('strings to booleans, random', () => {
    const words = ['true', 'false', 'TRUE', 'False', 't', 'f', 'yes', 'no', 'y', 'n', '1', '0', ' true '];
    differential('utf8→bool', [{ type: 'utf8', pool: words }], ([x]) => cast(x!, 'bool'), (x) => (x === null ? null : ['true', 't', 'yes', 'y', '1'].includes(x.trim().toLowerCase())));
  });
});
