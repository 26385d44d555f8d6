/**
 * `rondo run` stops on SIGTERM and SIGHUP as on Ctrl-C: cancels the job, stops the executors,
 * leaves no folder behind, and exits 128 + the signal's number.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startCli } from './helpers.js';
import { waitFor } from '../driver/cluster/fixtures.js';

describe('rondo run: SIGTERM and SIGHUP', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rondo-cli-signals-'));
    writeFileSync(join(dir, 'slow.ts'), `import { col, type Session } from 'rondo';

export default async function (session: Session): Promise<void> {
  console.log(await session.range(0, 4e9, { partitions: 64 }).filter(col('id').mod(7).eq(3)).count());
}
`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal} cancels the job, stops the executors and exits ${code}`, async () => {
      const tmp = mkdtempSync(join(dir, `tmp-${signal}-`));
      const run = startCli(['run', 'slow.ts', '--executors', '1'], { cwd: dir, env: { TMPDIR: tmp } });
      await run.waitFor(/stage \d+ submitted/, 60_000);
      run.child.kill(signal);
      const got = await Promise.race([run.exited(), new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000))]);
      if (got === 'timeout') run.child.kill('SIGKILL');
      expect(got).to.equal(code);
      expect(run.output()).to.contain(`got ${signal}; cancelling the running jobs`);
      // The executor removes the work folder once its cancelled task has stopped.
      await waitFor(() => readdirSync(tmp).filter((n) => n.startsWith('rondo-')).length === 0, 30_000, `no rondo folder left in ${tmp}`);
    });
  }
});
