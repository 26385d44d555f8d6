/** User errors end to end: they fail at the call that introduced them, with messages that say what and where. */
import { expect } from 'chai';
import { Session } from '../../dsl/session.js';
import { col, lit, sum, when } from '../../dsl/functions.js';
import { AnalysisError, DataError } from '../../engine/errors.js';
import * as rondo from '../../index.js';
import { tableFromArrays } from 'apache-arrow';

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

async function rejected(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('dsl errors end to end', function () {
  let session: Session;
  before(async () => {
    session = await Session.local({ executors: 2 });
  });
  after(async () => {
    await session.stop();
  });
  const ds = () => session.fromRows([{ id: 1, name: 'a', v1: 2.5 }, { id: 2, name: null, v1: null }]);

  it('an unknown column fails at the transformation with the columns and a suggestion', () => {
    for (const f of [
      () => ds().select('nmae'),
      () => ds().filter(col('nmae').eq('x')),
      () => ds().withColumn('z', col('nmae')),
      () => ds().groupBy('nmae'),
      () => ds().groupBy('id').agg(sum('nmae')),
      () => ds().orderBy('nmae'),
      () => ds().col('nmae'),
    ]) {
      const e = thrown(f);
      expect(e).to.be.instanceOf(AnalysisError);
      expect(e.message).to.contain('"nmae"').and.to.contain('id, name, v1').and.to.contain('did you mean "name"');
    }
  });

  it('a type mismatch names the operation, the types and the expression', () => {
    const e = thrown(() => ds().select(col('name').plus(1)));
    expect(e).to.be.instanceOf(AnalysisError);
    expect(e.message).to.contain('utf8').and.to.contain('int32').and.to.contain('name');
    expect(thrown(() => ds().filter(col('id').plus(1)))).to.be.instanceOf(AnalysisError);
    expect(thrown(() => ds().filter(col('name').gt(3)))).to.be.instanceOf(AnalysisError);
    expect(thrown(() => ds().select(when(col('id').eq(1), 'x').otherwise(lit(1))))).to.be.instanceOf(AnalysisError);
  });

  it('bad arguments are AnalysisErrors at the call', () => {
    expect(thrown(() => ds().limit(-1))).to.be.instanceOf(AnalysisError);
    expect(thrown(() => ds().repartition(0))).to.be.instanceOf(AnalysisError);
    expect(thrown(() => ds().coalesce(1.5))).to.be.instanceOf(AnalysisError);
    expect(thrown(() => ds().join(ds(), 'id', 'sideways' as 'inner')).message).to.contain('unknown join type "sideways"');
    expect(thrown(() => ds().join(ds().select('name'), 'id')).message).to.contain('"id"');
    expect(thrown(() => ds().union(ds().select('id')))).to.be.instanceOf(AnalysisError);
    expect(thrown(() => ds().filter('id > 1' as unknown as rondo.Column)).message).to.contain('must be a Column');
    expect(thrown(() => ds().withColumn('x', 1 as unknown as rondo.Column)).message).to.contain('lit(');
    expect(thrown(() => ds().select(col('id').cast('decimal'))).message).to.contain("'float64'");
    expect(thrown(() => ds().groupBy('id').agg(col('name')))).to.be.instanceOf(AnalysisError);
    expect(thrown(() => ds().filter(sum('id').gt(1)))).to.be.instanceOf(AnalysisError);
    expect(thrown(() => session.range(0, 10, { step: 0 }))).to.be.instanceOf(AnalysisError);
    expect(thrown(() => session.fromRows([{ a: 1 }, { a: 'x' }]))).to.be.instanceOf(AnalysisError);
  });

  it('a bad conf key or value is an AnalysisError naming the known keys', async () => {
    const e = await rejected(Session.local({ executors: 1, conf: { shufflePartiton: 4 } as Record<string, unknown> }));
    expect(e).to.be.instanceOf(AnalysisError);
    expect(e.message).to.contain('shufflePartiton').and.to.contain('shufflePartitions');
    expect(await rejected(Session.local({ executors: 1, conf: { batchSize: -3 } }))).to.be.instanceOf(AnalysisError);
    expect(await rejected(Session.local({ executors: 0 }))).to.be.instanceOf(AnalysisError);
  });

  it('a data error at run time rejects the action with the column named', async () => {
    const e = await rejected(session.fromRows([{ s: '12' }, { s: 'abc' }]).select(col('s').cast('int32')).collect());
    const all = `${e.message} ${((e as { cause?: Error }).cause)?.message ?? ''}`;
    expect(all).to.contain('"abc"');
    expect(e instanceof DataError || (e as { cause?: unknown }).cause instanceof DataError).to.equal(true);
  });

  it('an int64 beyond 2^53 from Arrow is read exactly, and collect() without conf.bigint is a DataError naming the column; small int64 values are numbers', async () => {
    const big = tableFromArrays({ big: BigInt64Array.from([1n, 2n ** 60n]) });
    const e = await rejected(session.fromArrow(big).collect());
    expect(e).to.be.instanceOf(DataError);
    expect(e.message).to.contain('big').and.to.contain('1152921504606846976');
    const ok = await session.fromArrow(tableFromArrays({ n: BigInt64Array.from([1n, -(2n ** 40n)]) })).collect();
    expect(ok).to.deep.equal([{ n: 1 }, { n: -(2 ** 40) }]);
  });

  it('the package index exports the API, every function and every error class', () => {
    for (const name of ['Session', 'Dataset', 'GroupedDataset', 'Column', 'Window', 'WindowSpec', 'col', 'lit', 'when', 'count', 'countDistinct',
      'sum', 'avg', 'mean', 'min', 'max', 'first', 'median', 'stddev', 'corr', 'rowNumber', 'rank', 'denseRank', 'abs', 'coalesce', 'concat',
      'lower', 'upper', 'length', 'round', 'floor', 'ceil', 'sqrt', 'greatest', 'least', 'RondoError', 'AnalysisError', 'DataError', 'SourceError',
      'SinkError', 'UserFunctionError', 'ResultTooLargeError', 'FetchFailedError', 'ExecutorLostError', 'CancelledError', 'InternalError', 'TaskFailedError']) {
      expect((rondo as Record<string, unknown>)[name], name).to.not.equal(undefined);
    }
  });

  it('Session.connect to an unreachable executor rejects naming its URL', async () => {
    const e = await rejected(Session.connect({ executors: ['http://127.0.0.1:1'], secret: 's' }));
    expect(e.message).to.match(/cannot reach executor http:\/\/127\.0\.0\.1:1/);
  });
});
