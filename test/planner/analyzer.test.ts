import { expect } from 'chai';
import { AnalysisError } from '../../engine/errors.js';
import { analyze, exprName, schemaOf, typeOf } from '../../planner/index.js';
import type { LExpr, LogicalPlan } from '../../planner/logical.js';
import { agg, as, asc, b, call, cast, col, fields, lit, PEOPLE, ORDERS, shape, win } from './helpers.js';

const people = (): LogicalPlan => b.inline(PEOPLE);
const orders = (): LogicalPlan => b.inline(ORDERS);

function analysisError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(AnalysisError);
    return (e as Error).message;
  }
  throw new Error('expected an AnalysisError');
}

describe('planner analyzer', () => {
  describe('errors', () => {
    it('names an unknown column, the columns and the closest one', () => {
      const msg = analysisError(() => analyze(b.project(people(), col('nmae'))));
      expect(msg).to.equal('column "nmae" does not exist; columns: id, name, v1, v2, city; did you mean "name"?');
    });
    it('gives no suggestion when nothing is close', () => {
      const msg = analysisError(() => analyze(b.filter(people(), call('gt', col('zzzzzzzz'), lit(1)))));
      expect(msg).to.contain('column "zzzzzzzz" does not exist; columns: id, name, v1, v2, city');
      expect(msg).not.to.contain('did you mean');
    });
    it('reports an ambiguous column after a join and suggests ds.col or a rename', () => {
      const j = b.join(people(), b.project(orders(), as(col('pid'), 'id')), 'inner', call('eq', col('id'), col('id')));
      const msg = analysisError(() => analyze(j));
      expect(msg).to.contain('column "id" is ambiguous');
      expect(msg).to.contain('ds.col("id")');
      expect(msg).to.contain('rename');
    });
    it('resolves a column pinned to one side with a planId', () => {
      const l = people();
      const r = b.project(orders(), as(col('pid'), 'id'), col('amount'));
      const j = b.join(l, r, 'inner', call('eq', col('id', l.id), col('id', r.id)));
      const a = analyze(b.project(j, col('id', r.id), col('name')));
      expect(schemaOf(a).map((f) => f.name)).to.deep.equal(['id', 'name']);
    });
    it('names both types and the expression on a type mismatch', () => {
      const msg = analysisError(() => analyze(b.project(people(), call('add', col('name'), lit(1)))));
      expect(msg).to.equal('cannot apply "+" to utf8 and int32 in (name + 1)');
    });
    it('rejects comparing a string with a number and suggests a cast', () => {
      const msg = analysisError(() => analyze(b.filter(people(), call('eq', col('name'), lit(3)))));
      expect(msg).to.contain('cannot compare utf8 with int32 in (name = 3)');
      expect(msg).to.contain('cast');
    });
    it('rejects a non-bool filter', () => {
      const msg = analysisError(() => analyze(b.filter(people(), col('v1'))));
      expect(msg).to.equal('the condition of filter must be bool, got int32 in v1');
    });
    it('rejects an aggregate outside agg/groupBy', () => {
      const msg = analysisError(() => analyze(b.filter(people(), call('gt', agg('sum', col('v1')), lit(1)))));
      expect(msg).to.contain('aggregate sum(v1) is not allowed in filter');
      expect(analysisError(() => analyze(b.project(people(), agg('max', col('v1')))))).to.contain('not allowed in select');
    });
    it('rejects a nested aggregate', () => {
      expect(analysisError(() => analyze(b.agg(people(), [], [agg('sum', agg('max', col('v1')))])))).to.contain('cannot be nested');
    });
    it('rejects a column neither grouped nor aggregated', () => {
      const msg = analysisError(() => analyze(b.agg(people(), [col('city')], [call('add', col('v1'), agg('sum', col('v1')))])));
      expect(msg).to.contain('column "v1"');
      expect(msg).to.contain('neither grouped nor aggregated');
    });
    it('rejects a window function outside select/withColumn', () => {
      const w = win({ kind: 'rowNumber' }, [col('city')], [asc(col('v1'))]);
      const msg = analysisError(() => analyze(b.filter(people(), call('gt', w, lit(1)))));
      expect(msg).to.contain('window function row_number() OVER (PARTITION BY city ORDER BY v1 ASC NULLS FIRST) is only allowed in select or withColumn');
      expect(analysisError(() => analyze(b.agg(people(), [], [w])))).to.contain('only allowed in select or withColumn');
    });
    it('rejects a sort order outside orderBy', () => {
      const msg = analysisError(() => analyze(b.project(people(), { kind: 'sortOrder', expr: col('v1'), asc: false, nullsFirst: false })));
      expect(msg).to.contain('sort order v1 DESC NULLS LAST is only allowed');
    });
    it('rejects union inputs with different column counts', () => {
      const msg = analysisError(() => analyze(b.union(people(), orders())));
      expect(msg).to.contain('same number of columns: the first has 5 (id, name, v1, v2, city), input 2 has 3 (oid, pid, amount)');
    });
    it('rejects union inputs with incompatible types', () => {
      const msg = analysisError(() => analyze(b.union(b.project(people(), col('name')), b.project(orders(), col('amount')))));
      expect(msg).to.contain('incompatible types utf8 and float64');
    });
    it('rejects a using column missing on one side', () => {
      expect(analysisError(() => analyze(b.join(people(), orders(), 'inner', ['id'])))).to.contain('join column "id" does not exist on the right side; columns: oid, pid, amount');
    });
    it('rejects bad limits and partition counts', () => {
      expect(analysisError(() => analyze(b.limit(people(), -1)))).to.contain('limit');
      expect(analysisError(() => analyze(b.repartition(people(), 0)))).to.contain('repartition');
      expect(analysisError(() => analyze(b.coalesce(people(), 1.5)))).to.contain('coalesce');
    });
    it('rejects a bad cast and wrong argument counts', () => {
      expect(analysisError(() => analyze(b.project(people(), cast(col('v1'), 'null'))))).to.equal('cannot cast int32 to null in CAST(v1 AS null)');
      expect(analysisError(() => analyze(b.project(b.inline(fields({ t: 'bool' })), cast(col('t'), 'date'))))).to.equal('cannot cast bool to date in CAST(t AS date)');
      expect(analysisError(() => analyze(b.project(people(), call('add', col('v1')))))).to.contain('"+" takes 2 argument(s), got 1');
      expect(analysisError(() => analyze(b.agg(people(), [], [agg('corr', col('v1'))])))).to.contain('corr takes 2 argument(s), got 1');
    });
  });

  describe('types', () => {
    const S = fields({ i: 'int32', l: 'int64', f: 'float64', s: 'utf8', t: 'bool', d: 'date', ts: 'timestamp' });
    const cases: [string, LExpr, string][] = [
      ['int literal', lit(1), 'int32'],
      ['big int literal', lit(2 ** 40), 'int64'],
      ['float literal', lit(1.5), 'float64'],
      ['string literal', lit('x'), 'utf8'],
      ['bool literal', lit(true), 'bool'],
      ['null literal', lit(null), 'null'],
      ['int32 + int32', call('add', col('i'), col('i')), 'int32'],
      ['int32 * int64', call('mul', col('i'), col('l')), 'int64'],
      ['int64 - float64', call('sub', col('l'), col('f')), 'float64'],
      ['int / int', call('div', col('i'), col('i')), 'float64'],
      ['mod keeps type', call('mod', col('l'), col('i')), 'int64'],
      ['null + int', call('add', lit(null), col('i')), 'int32'],
      ['neg', call('neg', col('f')), 'float64'],
      ['comparison', call('lt', col('i'), col('f')), 'bool'],
      ['date vs string literal', call('gte', col('d'), lit('2024-01-01')), 'bool'],
      ['and', call('and', col('t'), lit(null)), 'bool'],
      ['isNull', call('isNull', col('s')), 'bool'],
      ['in', call('in', col('i'), lit(1), lit(2)), 'bool'],
      ['between', call('between', col('f'), lit(1), lit(2)), 'bool'],
      ['coalesce', call('coalesce', col('i'), col('l')), 'int64'],
      ['lower', call('lower', col('s')), 'utf8'],
      ['length', call('length', col('s')), 'int32'],
      ['contains', call('contains', col('s'), lit('a')), 'bool'],
      ['substr', call('substr', col('s'), lit(1), lit(2)), 'utf8'],
      ['concat', call('concat', col('s'), lit('!')), 'utf8'],
      ['sqrt of int', call('sqrt', col('i')), 'float64'],
      ['round', call('round', col('f')), 'float64'],
      ['greatest', call('greatest', col('i'), col('f')), 'float64'],
      ['cast', cast(col('s'), 'int64'), 'int64'],
      ['case', { kind: 'case', branches: [{ when: col('t'), then: col('i') }], otherwise: col('f') }, 'float64'],
      ['alias', as(col('d'), 'x'), 'date'],
      ['count()', agg('count'), 'int64'],
      ['countDistinct', agg('countDistinct', col('s')), 'int64'],
      ['sum int', agg('sum', col('i')), 'int64'],
      ['sum float', agg('sum', col('f')), 'float64'],
      ['avg', agg('avg', col('i')), 'float64'],
      ['min keeps type', agg('min', col('ts')), 'timestamp'],
      ['first', agg('first', col('s')), 'utf8'],
      ['median', agg('median', col('l')), 'float64'],
      ['stddev', agg('stddev', col('i')), 'float64'],
      ['corr', agg('corr', col('i'), col('f')), 'float64'],
      ['row_number', win({ kind: 'rowNumber' }, [], []), 'int32'],
      ['rank', win({ kind: 'rank' }, [col('s')], [asc(col('i'))]), 'int32'],
      ['sum over window', win({ kind: 'agg', agg: agg('sum', col('f')) }, [col('s')], []), 'float64'],
    ];
    for (const [what, e, type] of cases) {
      it(what, () => expect(typeOf(e, S)).to.equal(type));
    }
    it('casts a string literal compared with a date column', () => {
      const a = analyze(b.filter(b.inline(S), call('gte', col('d'), lit('2024-01-01'))));
      expect(a.node === 'filter' && a.predicate).to.deep.equal({
        kind: 'call', fn: 'gte', args: [{ kind: 'col', name: 'd' }, { kind: 'cast', expr: { kind: 'lit', value: '2024-01-01', type: 'utf8' }, type: 'date' }],
      });
    });
    it('casts the arguments of coalesce and the branches of CASE to their common type', () => {
      const a = analyze(b.project(b.inline(S), call('coalesce', col('i'), col('l'), lit(null)), { kind: 'case', branches: [{ when: col('t'), then: col('i') }], otherwise: col('f') }));
      expect(a.node === 'project' && a.exprs[0]).to.deep.equal({
        kind: 'call', fn: 'coalesce', args: [{ kind: 'cast', expr: { kind: 'col', name: 'i' }, type: 'int64' }, { kind: 'col', name: 'l' }, { kind: 'lit', value: null, type: 'int64' }],
      });
      expect(a.node === 'project' && a.exprs[1]).to.deep.include({ branches: [{ when: { kind: 'col', name: 't' }, then: { kind: 'cast', expr: { kind: 'col', name: 'i' }, type: 'float64' } }] });
      const d = analyze(b.filter(b.inline(S), call('lt', col('d'), col('ts'))));
      expect(d.node === 'filter' && d.predicate).to.deep.include({ args: [{ kind: 'cast', expr: { kind: 'col', name: 'd' }, type: 'timestamp' }, { kind: 'col', name: 'ts' }] });
    });
    it('rejects arithmetic on strings and non-numeric aggregates', () => {
      expect(() => typeOf(call('sub', col('s'), col('i')), S)).to.throw(AnalysisError, 'cannot apply "-" to utf8 and int32 in (s - i)');
      expect(() => typeOf(agg('sum', col('s')), S)).to.throw(AnalysisError, 'cannot apply "sum" to utf8');
      expect(() => typeOf(call('lower', col('i')), S)).to.throw(AnalysisError, 'cannot apply "lower" to int32 in lower(i)');
      expect(() => typeOf(call('and', col('i'), col('t')), S)).to.throw(AnalysisError, 'cannot apply "AND" to int32 and bool');
    });
  });

  describe('names', () => {
    const cases: [LExpr, string][] = [
      [col('v1'), 'v1'],
      [as(call('add', col('v1'), lit(1)), 'x'), 'x'],
      [agg('sum', col('v1')), 'sum(v1)'],
      [agg('count'), 'count(1)'],
      [agg('count', col('v1')), 'count(v1)'],
      [agg('countDistinct', col('v1')), 'count(DISTINCT v1)'],
      [agg('avg', col('v1')), 'avg(v1)'],
      [call('add', col('v1'), lit(1)), '(v1 + 1)'],
      [call('sub', agg('max', col('v1')), agg('min', col('v2'))), '(max(v1) - min(v2))'],
      [call('lower', col('name')), 'lower(name)'],
      [cast(col('v1'), 'float64'), 'CAST(v1 AS float64)'],
      [{ kind: 'case', branches: [{ when: call('gt', col('v1'), lit(1)), then: lit('big') }], otherwise: lit('small') }, 'CASE WHEN (v1 > 1) THEN big ELSE small END'],
      [win({ kind: 'rowNumber' }, [col('city')], [asc(col('v1'))]), 'row_number() OVER (PARTITION BY city ORDER BY v1 ASC NULLS FIRST)'],
      [call('isNull', col('v1')), '(v1 IS NULL)'],
      [call('and', col('a'), call('not', col('b'))), '(a AND (NOT b))'],
    ];
    for (const [e, name] of cases) it(name, () => expect(exprName(e)).to.equal(name));
    it('output schema of a project and aggregate', () => {
      const a = analyze(b.agg(people(), [col('city')], [agg('sum', col('v1')), as(agg('count'), 'n'), call('sub', agg('max', col('v1')), agg('min', col('v2')))]));
      expect(schemaOf(a)).to.deep.equal([
        { name: 'city', type: 'utf8', nullable: true },
        { name: 'sum(v1)', type: 'int64', nullable: true },
        { name: 'n', type: 'int64', nullable: false },
        { name: '(max(v1) - min(v2))', type: 'float64', nullable: true },
      ]);
    });
  });

  describe('canonical form', () => {
    it('pulls window expressions of a project into a window node under it', () => {
      const w = win({ kind: 'rowNumber' }, [col('city')], [asc(col('v1'))]);
      const a = analyze(b.project(people(), col('name'), call('add', w, lit(1)), as(w, 'rn')));
      expect(shape(a)).to.equal('project(window(scan))');
      expect(schemaOf(a).map((f) => `${f.name}:${f.type}`)).to.deep.equal([
        'name:utf8', '(row_number() OVER (PARTITION BY city ORDER BY v1 ASC NULLS FIRST) + 1):int32', 'rn:int32',
      ]);
      const win0 = a.node === 'project' && a.input.node === 'window' ? a.input.exprs : [];
      expect(win0).to.have.length(1);
    });
    it('folds a sort order inside a sort key', () => {
      const a = analyze(b.sort(people(), { expr: { kind: 'sortOrder', expr: col('v1'), asc: false, nullsFirst: false }, asc: true, nullsFirst: true }));
      expect(a.node === 'sort' && a.keys[0]).to.deep.equal({ expr: { kind: 'col', name: 'v1' }, asc: false, nullsFirst: false });
    });
    it('casts union inputs to the common type', () => {
      const a = analyze(b.union(b.project(people(), col('v1')), b.project(orders(), col('amount'))));
      expect(schemaOf(a)).to.deep.equal([{ name: 'v1', type: 'float64', nullable: true }]);
      expect(shape(a)).to.equal('union(project(project(scan)), project(scan))');
    });
    it('keeps a using column once, first, and checks its types', () => {
      const r = b.project(orders(), as(col('pid'), 'id'), col('amount'));
      const a = analyze(b.join(people(), r, 'full', ['id']));
      expect(schemaOf(a).map((f) => f.name)).to.deep.equal(['id', 'name', 'v1', 'v2', 'city', 'amount']);
      const bad = b.project(orders(), as(cast(col('pid'), 'utf8'), 'id'));
      expect(analysisError(() => analyze(b.join(people(), bad, 'inner', ['id'])))).to.contain('cannot join on "id": the left side has int32 and the right side utf8');
    });
    it('makes outer join sides nullable and semi joins left-only', () => {
      const l = b.inline([{ name: 'k', type: 'int32', nullable: false }]);
      const r = b.inline([{ name: 'j', type: 'int32', nullable: false }]);
      expect(schemaOf(analyze(b.join(l, r, 'left', call('eq', col('k'), col('j')))))).to.deep.equal([
        { name: 'k', type: 'int32', nullable: false }, { name: 'j', type: 'int32', nullable: true },
      ]);
      expect(schemaOf(analyze(b.join(l, r, 'semi', call('eq', col('k'), col('j'))))).map((f) => f.name)).to.deep.equal(['k']);
    });
  });
});
