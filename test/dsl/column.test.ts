import { expect } from 'chai';
import { AnalysisError } from '../../engine/errors.js';
import { Column } from '../../dsl/column.js';
import { avg, coalesce, col, count, countDistinct, lit, max, min, rank, round, rowNumber, sum, when } from '../../dsl/functions.js';
import { Window } from '../../dsl/window.js';

describe('dsl/Column', () => {
  it('reads a plain value argument as a literal and a Column as a column', () => {
    expect(col('a').eq('x').expr).to.deep.equal({ kind: 'call', fn: 'eq', args: [{ kind: 'col', name: 'a' }, { kind: 'lit', value: 'x' }] });
    expect(col('a').plus(col('b')).expr).to.deep.equal({ kind: 'call', fn: 'add', args: [{ kind: 'col', name: 'a' }, { kind: 'col', name: 'b' }] });
    expect(col('a').gt(null).expr).to.deep.equal({ kind: 'call', fn: 'gt', args: [{ kind: 'col', name: 'a' }, { kind: 'lit', value: null }] });
  });

  it('maps every operator method to its scalar function', () => {
    const a = col('a');
    const cases: [Column, string][] = [
      [a.plus(1), 'add'], [a.minus(1), 'sub'], [a.mul(1), 'mul'], [a.div(1), 'div'], [a.mod(1), 'mod'],
      [a.eq(1), 'eq'], [a.neq(1), 'neq'], [a.gt(1), 'gt'], [a.gte(1), 'gte'], [a.lt(1), 'lt'], [a.lte(1), 'lte'],
      [a.and(true), 'and'], [a.or(false), 'or'], [a.not(), 'not'], [a.isNull(), 'isNull'], [a.isNotNull(), 'isNotNull'],
      [a.isIn(1, 2), 'in'], [a.between(1, 2), 'between'], [a.lower(), 'lower'], [a.upper(), 'upper'],
      [a.contains('x'), 'contains'], [a.startsWith('x'), 'startsWith'], [a.endsWith('x'), 'endsWith'],
      [a.substr(1, 2), 'substr'], [a.length(), 'length'], [a.trim(), 'trim'], [a.negate(), 'neg'],
    ];
    for (const [c, fn] of cases) {
      expect(c.expr.kind).to.equal('call');
      expect((c.expr as { fn: string }).fn).to.equal(fn);
    }
    expect(a.isIn([1, 2, 3]).expr).to.deep.equal(a.isIn(1, 2, 3).expr);
  });

  it('aliases, replacing an earlier alias', () => {
    expect(col('a').as('b').as('c').expr).to.deep.equal({ kind: 'alias', expr: { kind: 'col', name: 'a' }, name: 'c' });
    expect(col('a').alias('b').expr).to.deep.equal(col('a').as('b').expr);
  });

  it('validates cast type names and accepts Spark names', () => {
    expect(col('a').cast('float64').expr).to.deep.equal({ kind: 'cast', expr: { kind: 'col', name: 'a' }, type: 'float64' });
    expect((col('a').cast('string').expr as { type: string }).type).to.equal('utf8');
    expect((col('a').cast('long').expr as { type: string }).type).to.equal('int64');
    expect(() => col('a').cast('decimal')).to.throw(AnalysisError, /unknown type "decimal".*'int32'.*'utf8'/);
  });

  it('builds sort orders with Spark null placement defaults', () => {
    expect(col('a').asc().expr).to.deep.include({ kind: 'sortOrder', asc: true, nullsFirst: true });
    expect(col('a').desc().expr).to.deep.include({ kind: 'sortOrder', asc: false, nullsFirst: false });
    expect(col('a').ascNullsLast().expr).to.deep.include({ asc: true, nullsFirst: false });
    expect(col('a').descNullsFirst().expr).to.deep.include({ asc: false, nullsFirst: true });
  });

  it('makes literals of dates, bigints and refuses others', () => {
    const d = new Date('2024-03-01T10:00:00Z');
    expect(lit(d).expr).to.deep.equal({ kind: 'lit', value: d.getTime(), type: 'timestamp' });
    expect(lit(5n).expr).to.deep.equal({ kind: 'lit', value: 5, type: 'int64' });
    // Beyond ±2^53 the (JSON) plan carries the exact decimal text; beyond int64 it is refused.
    expect(lit(2n ** 60n + 1n).expr).to.deep.equal({ kind: 'lit', value: '1152921504606846977', type: 'int64' });
    expect(() => lit(2n ** 63n)).to.throw(AnalysisError, /beyond the int64 range/);
    expect(() => lit({} as unknown as number)).to.throw(AnalysisError, /cannot make a literal/);
    const c = col('x');
    expect(lit(c)).to.equal(c);
  });

  it('builds aggregates from names or Columns and combines them with arithmetic', () => {
    expect(count().expr).to.deep.equal({ kind: 'agg', fn: 'count', args: [] });
    expect(count('*').expr).to.deep.equal({ kind: 'agg', fn: 'count', args: [] });
    expect(count('v').expr).to.deep.equal({ kind: 'agg', fn: 'count', args: [{ kind: 'col', name: 'v' }] });
    expect(countDistinct(col('v')).expr).to.deep.equal({ kind: 'agg', fn: 'countDistinct', args: [{ kind: 'col', name: 'v' }] });
    expect(max('v1').minus(min('v2')).expr).to.deep.equal({
      kind: 'call', fn: 'sub', args: [{ kind: 'agg', fn: 'max', args: [{ kind: 'col', name: 'v1' }] }, { kind: 'agg', fn: 'min', args: [{ kind: 'col', name: 'v2' }] }],
    });
    expect(avg('v').expr).to.deep.include({ fn: 'avg' });
    expect(coalesce('a', 'b').expr).to.deep.equal({ kind: 'call', fn: 'coalesce', args: [{ kind: 'col', name: 'a' }, { kind: 'col', name: 'b' }] });
    expect(round('a').expr).to.deep.equal({ kind: 'call', fn: 'round', args: [{ kind: 'col', name: 'a' }] });
  });

  it('builds CASE WHEN with several branches and otherwise', () => {
    const c = when(col('v').lt(0), 'neg').when(col('v').eq(0), lit('zero')).otherwise('pos');
    expect(c.expr).to.deep.equal({
      kind: 'case',
      branches: [
        { when: col('v').lt(0).expr, then: { kind: 'lit', value: 'neg' } },
        { when: col('v').eq(0).expr, then: { kind: 'lit', value: 'zero' } },
      ],
      otherwise: { kind: 'lit', value: 'pos' },
    });
    expect(when(col('v').gt(1), 1).expr).to.deep.include({ otherwise: null });
  });

  it('puts aggregates and ranking functions over a window, keeping an alias', () => {
    const w = Window.partitionBy('k').orderBy('t', col('u').desc());
    const s = sum('v').as('running').over(w);
    expect(s.expr).to.deep.equal({
      kind: 'alias', name: 'running', expr: {
        kind: 'window', fn: { kind: 'agg', agg: { kind: 'agg', fn: 'sum', args: [{ kind: 'col', name: 'v' }] } },
        partitionBy: [{ kind: 'col', name: 'k' }],
        orderBy: [{ expr: { kind: 'col', name: 't' }, asc: true, nullsFirst: true }, { expr: { kind: 'col', name: 'u' }, asc: false, nullsFirst: false }],
      },
    });
    expect(rowNumber().over(Window.orderBy('t')).expr).to.deep.include({ kind: 'window', fn: { kind: 'rowNumber' } });
    expect(rank().over(w).expr).to.deep.include({ partitionBy: [{ kind: 'col', name: 'k' }] });
    expect(() => col('v').over(w)).to.throw(AnalysisError, /over\(\) applies to an aggregate/);
  });
});
