/**
 * The progress reporter and the summary, fed by a real (in-process) session's events; the
 * number formats; and `session.cancelAll()`, which Ctrl-C uses.
 */
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { Session, col, sum, CancelledError } from '../../index.js';
import type { DriverEvents } from '../../driver/events.js';
import { formatBytes, formatCount, formatMs } from '../../cli/format.js';
import { formatSummary, ProgressReporter } from '../../cli/progress.js';

function sink(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => { text += d.toString(); });
  return { out, text: () => text };
}

describe('cli progress', function () {
  this.timeout(60_000);

  it('formats counts, bytes and durations', () => {
    expect([0, 999, 1000, 1234, 12_345, 1_200_000, 3.4e9].map(formatCount)).to.deep.equal(['0', '999', '1.0K', '1.2K', '12K', '1.2M', '3.4G']);
    expect([0, 1023, 1024, 1536, 34 * 1024 * 1024, 5 * 1024 ** 3].map(formatBytes)).to.deep.equal(['0 B', '1023 B', '1.0 KB', '1.5 KB', '34 MB', '5.0 GB']);
    expect([12.4, 999, 1000, 12_340, 184_000].map(formatMs)).to.deep.equal(['12 ms', '999 ms', '1.0 s', '12.3 s', '3 min 4 s']);
  });

  describe('on a session', () => {
    let session: Session;
    before(async () => { session = await Session.local({ executors: 2, inProcess: true, conf: { shufflePartitions: 3 } }); });
    after(async () => { await session.stop(); });

    it('plain mode logs each stage and totals what the events say', async () => {
      const s = sink();
      const seen = { stages: 0, tasks: 0, shuffleRows: 0, shuffleBytes: 0 };
      const outputs = new Map<string, string>();
      const onStart = (e: DriverEvents['jobStart']): void => { for (const st of e.stages) outputs.set(`${e.jobId}/${st.stageId}`, st.output); };
      const onStage = (e: DriverEvents['stageCompleted']): void => {
        seen.stages++;
        if (outputs.get(`${e.jobId}/${e.stageId}`) === 'shuffle') { seen.shuffleRows += e.rows; seen.shuffleBytes += e.bytes; }
      };
      const onTask = (): void => { seen.tasks++; };
      session.events.on('jobStart', onStart);
      session.events.on('stageCompleted', onStage);
      session.events.on('taskEnd', onTask);
      const p = new ProgressReporter(session.events, { tty: false, out: s.out, slots: 2 });
      const rows = await session.range(0, 1000, { partitions: 4 }).groupBy(col('id').mod(5).as('k')).agg(sum('id').as('s')).collect();
      p.detach();
      session.events.off('jobStart', onStart);
      session.events.off('stageCompleted', onStage);
      session.events.off('taskEnd', onTask);
      expect(rows).to.have.length(5);
      expect(p.totals.jobs).to.equal(1);
      expect(p.totals.failedJobs).to.equal(0);
      expect(p.totals.stages).to.equal(seen.stages);
      expect(p.totals.tasks).to.equal(seen.tasks);
      expect(p.totals.shuffleRows).to.equal(seen.shuffleRows);
      expect(p.totals.shuffleBytes).to.equal(seen.shuffleBytes);
      expect(p.totals.shuffleRows).to.be.greaterThan(0);
      const log = s.text();
      expect(log).to.match(/^\[rondo\] stage \d+ submitted: 4 tasks \(job /m);
      // The 5-row result's 3 shuffle partitions are read by one task (adaptive coalescing).
      expect(log).to.match(/^\[rondo\] stage \d+ finished: 1 task, rows 5, result /m);
      expect(log.match(/finished/g)).to.have.length(seen.stages);
      expect(formatSummary(p.totals, 1500)).to.equal(
        `1 job, ${seen.stages} stages, ${seen.tasks} tasks in 1.5 s; shuffled ${formatCount(seen.shuffleRows)} rows, ${formatBytes(seen.shuffleBytes)}`,
      );
    });

    it('tty mode draws one bar line per running stage and erases it again', () => {
      const s = sink();
      const p = new ProgressReporter(session.events, { tty: true, out: s.out, slots: 2, columns: () => 100 });
      session.events.emit('jobStart', { jobId: 'j', kind: 'collect', stages: [{ stageId: 3, tasks: 16, parents: [], output: 'shuffle' }] });
      session.events.emit('stageSubmitted', { jobId: 'j', stageId: 3, tasks: 16, phase: 'main' });
      for (let i = 0; i < 12; i++) {
        session.events.emit('taskEnd', { jobId: 'j', stageId: 3, partition: i, attempt: 1, phase: 'main', rows: 100_000, bytes: 3 * 1024 * 1024, location: 'x', ms: 5 });
      }
      expect(p.lines()).to.deep.equal(['[Stage 3: =====================>       (12 + 2) / 16]  rows 1.2M  shuffle 36 MB']);
      session.events.emit('stageCompleted', { jobId: 'j', stageId: 3, rows: 1_600_000, bytes: 48 * 1024 * 1024 });
      expect(p.lines()).to.deep.equal([]);
      p.detach();
    });
  });

  describe('session.cancelAll()', () => {
    let session: Session;
    before(async () => { session = await Session.local({ executors: 1 }); });
    after(async () => { await session.stop(); });

    it('rejects the running job with CancelledError and the session goes on', async () => {
      const job = session.range(0, 4e9, { partitions: 64 }).filter(col('id').mod(7).eq(3)).count();
      const started = new Promise<void>((r) => session.events.once('taskEnd', () => r()));
      await Promise.race([started, new Promise((r) => setTimeout(r, 3000))]);
      session.cancelAll();
      let error: unknown;
      try { await job; } catch (e) { error = e; }
      expect(error).to.be.instanceOf(CancelledError);
      expect(await session.range(10).count()).to.equal(10);
    });
  });
});
