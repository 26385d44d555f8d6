/**
 * Failures of row functions end to end on real executors: a function that throws fails its
 * job with the user's message, the stage, the partition and the user's frame, is not retried,
 * and leaves the session usable; values that do not fit the inferred schema are DataErrors;
 * definition-time rejections are AnalysisErrors.
 */
import { expect } from 'chai';
import { Session } from '../../../dsl/session.js';
import { AnalysisError, DataError, TaskFailedError, UserFunctionError } from '../../../engine/errors.js';

interface Rw { id: number; v: number }

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('typed API failures', function () {
  let session: Session;
  const rows: Rw[] = Array.from({ length: 2000 }, (_, i) => ({ id: i, v: i % 17 }));
  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 2, maxTaskAttempts: 3 } });
  });
  after(async () => {
    await session.stop();
  });
  const ds = (partitions = 2) => session.fromRows(rows, { partitions });

  it('a throwing function rejects the job with its message, stage, partition and frame; it is not retried', async () => {
    const failed: { stageId: number; partition: number; attempt: number; willRetry: boolean }[] = [];
    const ended: number[] = [];
    const onFail = (e: { stageId: number; partition: number; attempt: number; willRetry: boolean }) => failed.push(e);
    const onEnd = (e: { partition: number }) => ended.push(e.partition);
    session.events.on('taskFailed', onFail);
    session.events.on('taskEnd', onEnd);
    let err: Error;
    try {
      err = await rejection(ds().filter((r) => {
        if (r.id === 1500) throw new RangeError(`row ${r.id} is out of range`);
        return r.v > 3;
      }).collect());
    } finally {
      session.events.off('taskFailed', onFail);
      session.events.off('taskEnd', onEnd);
    }
    expect(err).to.be.instanceOf(TaskFailedError);
    expect(err.message).to.include('row 1500 is out of range').and.include('RangeError').and.match(/stage \d+, partition 1/);
    const cause = (err as { cause?: unknown }).cause as Error;
    expect(cause).to.be.instanceOf(UserFunctionError);
    expect(cause.message).to.include('at row 500 of partition 1');
    // The user's frames: inside their function, and where they defined it (this file).
    expect(err.message).to.include('rondo-filter-fn.js').and.include('errors.test.js');
    expect(failed).to.have.length(1);
    expect(failed[0]).to.include({ partition: 1, attempt: 0, willRetry: false });
    expect(ended).to.not.include(1);
    // The session goes on.
    expect(await ds().filter((r) => r.v > 3).count()).to.equal(rows.filter((r) => r.v > 3).length);
  });

  it('a throw inside mapPartitions, a reduce and a mapGroups is a UserFunctionError too', async () => {
    // One partition: the schema sample (rows 0..999) does not reach the throw; the executor does.
    const e1 = await rejection(ds(1).mapPartitions(function* (rs) { for (const r of rs) { if (r.id === 1999) throw new Error('late'); yield r; } }).count());
    expect(e1.message).to.include('late').and.include('in partition 0').and.include('rondo-mapPartitions-fn.js');
    const e2 = await rejection(ds().reduce((a, b) => { if (b.id === 7) throw new Error('no sevens'); return a; }));
    expect(e2.message).to.include('no sevens');
    const e3 = await rejection(ds().groupBy((r) => r.v).mapGroups((k, rs) => { if (k === 5 && rs.length > 1000) return {}; throw new Error(`group ${k}`); }).collect());
    expect(e3.message).to.match(/group \d+/);
    expect(e3.name === 'UserFunctionError' || ((e3 as { cause?: unknown }).cause as Error)?.name === 'UserFunctionError').to.equal(true);
  });

  it('a value that does not fit the schema inferred from the sample is a DataError naming the field and the row', async () => {
    // One partition: the sample is rows 0..999, which are all numbers.
    const m = ds(1).map((r) => ({ id: r.id, y: r.id < 1500 ? r.id / 2 : `text ${r.id}` }));
    const err = await rejection(m.collect());
    const cause = ((err as { cause?: unknown }).cause ?? err) as Error;
    expect(cause).to.be.instanceOf(DataError);
    expect(cause.message).to.include('field "y"').and.include('row 1500 of partition 0').and.include('float64');
  });

  it('a field the function reads that the rows lack, a free variable, and non-JSON captures are rejected at definition', () => {
    // Compiled (a projection) or row by row, the unknown field is named with the fields that exist.
    expect(() => ds().map((r) => (r as unknown as { idd: number }).idd + 1)).to.throw(AnalysisError, /"idd".*id, v/);
    expect(() => ds().filter((r) => String((r as unknown as { vv: number }).vv) === '1')).to.throw(AnalysisError, /reads field "vv".*fields: id, v; did you mean "v"/);
    const outside = 3;
    expect(() => ds().filter((r) => r.v > outside)).to.throw(AnalysisError, /outside/);
    expect(() => ds().filter((r) => r.v > lim, { lim: () => 1 })).to.throw(AnalysisError, /lim/);
  });

  it('flatMap must return an iterable', async () => {
    const err = await rejection(ds(1).flatMap((r) => (r.id < 1200 ? [r] : (r.id as unknown as Rw[]))).collect());
    expect(err.message).to.include('must return an iterable').and.include('row 1200');
  });
});
declare const lim: number;
