/**
 * `rondo run` as a child process: a good job (output, progress log, summary), args after
 * `--`, TypeScript and JavaScript job files with relative imports, failures (exit 1, the
 * user's line first, stage and partition), bad flags (exit 2), --conf, --explain, --help,
 * progress on a terminal and Ctrl-C.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { hasScript, killChildren, leftoverProcesses, runCli, startCli, startInTerminal, stripAnsi } from './helpers.js';

describe('rondo run', function () {
  this.timeout(90_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rondo-cli-run-'));
    writeFileSync(join(dir, 'helper.ts'), 'export function label(k: number): string { return `k${k}`; }\n');
    writeFileSync(join(dir, 'good.ts'), `import { col, sum, count, type Session } from 'rondo';
import { label } from './helper.js';

interface Args { n: number; mod: number }

export default async function (session: Session, args: string[]): Promise<void> {
  const a: Args = { n: Number(args[0]), mod: Number(args[1]) };
  const rows = await session.range(0, a.n, { partitions: 3 })
    .groupBy(col('id').mod(a.mod).as('k')).agg(sum('id').as('s'), count().as('c')).orderBy('k').collect();
  console.log(JSON.stringify({ args, shufflePartitions: session.conf.shufflePartitions, rows: rows.map((r) => ({ ...r, label: label(r.k as number) })) }));
}
`);
    writeFileSync(join(dir, 'plain.js'), `export default async function (session, args) {
  console.log('count=' + (await session.range(7).count()) + ' args=' + args.join('|'));
}
`);
    writeFileSync(join(dir, 'bad-data.csv'), 'a,b\n1,x\n2,y\nzz,w\n');
    writeFileSync(join(dir, 'fail-task.ts'), `import type { Session } from 'rondo';

export default async function (session: Session): Promise<void> {
  const ds = session.read.csv(${JSON.stringify(join(dir, 'bad-data.csv'))}, { schema: { a: 'int32', b: 'utf8' } });
  console.log(await ds.count());
}
`);
    writeFileSync(join(dir, 'fail-analysis.ts'), `import { col, type Session } from 'rondo';

export default async function (session: Session): Promise<void> {
  const ds = session.range(10);
  await ds.filter(col('idd').gt(3)).show();
}
`);
    writeFileSync(join(dir, 'no-default.ts'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'slow.ts'), `import { col, type Session } from 'rondo';

export default async function (session: Session): Promise<void> {
  console.log(await session.range(0, 4e9, { partitions: 64 }).filter(col('id').mod(7).eq(3)).count());
}
`);
    writeFileSync(join(dir, 'syntax.ts'), `import type { Session } from 'rondo';

export default async function (session: Session): Promise<void> {
  console.log('ran', await session.range(7).count();
}
`);
    writeFileSync(join(dir, 'broken-helper.ts'), 'export function twice(k: number): number {\n  return (k * 2;\n}\n');
    writeFileSync(join(dir, 'imports-broken.ts'), `import type { Session } from 'rondo';
import { twice } from './broken-helper.js';

export default async function (session: Session): Promise<void> {
  console.log('ran', twice(await session.range(7).count()));
}
`);
    writeFileSync(join(dir, 'no-await.ts'), `import type { Session } from 'rondo';

export default async function (session: Session): Promise<void> {
  session.range(3).map((r) => { if (r.id === 2) throw new Error('boom at two'); return r; }).count();
  await new Promise((r) => setTimeout(r, 2000));
  console.log('finished');
}
`);
    writeFileSync(join(dir, 'timer-throws.ts'), `import type { Session } from 'rondo';

export default async function (session: Session): Promise<void> {
  setTimeout(() => { throw new RangeError('thrown in a timer'); }, 10);
  await new Promise((r) => setTimeout(r, 2000));
  console.log('finished');
}
`);
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    // Nothing a test started outlives it: no run, no executor (of a run, or `rondo executor`).
    killChildren();
    expect(await leftoverProcesses(), 'rondo processes left running').to.deep.equal([]);
  });

  it('a TypeScript syntax error (in the job or a file it imports) fails at load with file:line:column, the line and a caret, exit 1', async () => {
    const r = await runCli(['run', 'syntax.ts', '--in-process', '--quiet'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stdout).not.to.contain('ran');
    const lines = r.stderr.split('\n');
    expect(lines[0]).to.equal('rondo run: cannot load syntax.ts');
    // The missing ")" is expected where the ";" stands: line 4, column (1-based) of the ";".
    const line4 = "  console.log('ran', await session.range(7).count();";
    expect(lines[1]).to.equal(`SyntaxError: ${join(dir, 'syntax.ts')}:4:${line4.indexOf(';') + 1}: ')' expected. (TS1005)`);
    expect(lines[2]).to.equal(`  4 | ${line4}`);
    expect(lines[3]).to.equal(`    | ${' '.repeat(line4.indexOf(';'))}^`);
    const imp = await runCli(['run', 'imports-broken.ts', '--in-process', '--quiet'], { cwd: dir });
    expect(imp.code, imp.stderr).to.equal(1);
    expect(imp.stdout).not.to.contain('ran');
    expect(imp.stderr).to.contain(`SyntaxError: ${join(dir, 'broken-helper.ts')}:2:`);
    expect(imp.stderr).to.contain('  2 |   return (k * 2;');
  });

  it('a promise nothing awaits that rejects, or an exception in a timer, fails the job as any failure: exit 1, no raw trace', async () => {
    const r = await runCli(['run', 'no-await.ts', '--in-process', '--quiet'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(1);
    const lines = r.stderr.split('\n');
    expect(lines[0]).to.equal('rondo run: no-await.ts failed: a promise that nothing awaited was rejected (is an `await` missing?)');
    expect(lines[1]).to.match(/^UserFunctionError: the map function threw .*boom at two/);
    expect(r.stderr).to.match(/no-await\.ts:4:\d+/);
    expect(r.stderr).not.to.match(/node:internal|triggerUncaughtException|Node\.js v/);
    expect(r.stdout).not.to.contain('finished');
    const t = await runCli(['run', 'timer-throws.ts', '--in-process', '--quiet'], { cwd: dir });
    expect(t.code, t.stderr).to.equal(1);
    expect(t.stderr.split('\n')[0]).to.equal("rondo run: timer-throws.ts failed: an exception was thrown outside the job's own flow (in a timer or a callback)");
    expect(t.stderr).to.contain('RangeError: thrown in a timer');
    expect(t.stderr).to.match(/timer-throws\.ts:4:\d+/);
    expect(t.stderr).not.to.match(/node:internal|Node\.js v/);
  });

  it('runs a TypeScript job on executor processes: its output, args after --, progress lines and a summary', async () => {
    const r = await runCli(['run', join(dir, 'good.ts'), '--executors', '1', '--', '100', '7'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout.trim()) as { args: string[]; shufflePartitions: number; rows: { k: number; s: number; c: number; label: string }[] };
    const expected: { k: number; s: number; c: number; label: string }[] = [];
    for (let k = 0; k < 7; k++) {
      let s = 0;
      let c = 0;
      for (let id = 0; id < 100; id++) if (id % 7 === k) { s += id; c++; }
      expected.push({ k, s, c, label: `k${k}` });
    }
    expect(out.args).to.deep.equal(['100', '7']);
    expect(out.rows).to.deep.equal(expected);
    expect(r.stderr).to.match(/\[rondo\] stage \d+ submitted: 3 tasks/);
    expect(r.stderr).to.match(/\[rondo\] stage \d+ finished: .*rows/);
    expect(r.stderr).to.match(/rondo: 1 job, \d+ stages, \d+ tasks in .*; shuffled \d+ rows, /);
  });

  it('runs a JavaScript job file outside any package; --quiet drops progress and summary', async () => {
    const r = await runCli(['run', 'plain.js', '--in-process', '--executors', '2', '--quiet', '--', 'a', 'b c'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('count=7 args=a|b c');
    expect(r.stderr).to.equal('');
  });

  it('a failing task: exit 1, the error class and message, stage and partition, the job file line first, no internals', async () => {
    const r = await runCli(['run', 'fail-task.ts', '--in-process', '--executors', '1', '--quiet'], { cwd: dir });
    expect(r.code).to.equal(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).to.equal('rondo run: fail-task.ts failed');
    expect(lines[1]).to.match(/^DataError: .*bad-data\.csv line 4.*"zz"/);
    expect(lines[2]).to.match(/^ {2}in stage \d+, partition 0 \(job .*, after 1 attempt\)$/);
    expect(lines[3]).to.match(/^ {4}at .*fail-task\.ts:5:\d+\)?$/);
    expect(r.stderr).not.to.match(/node:internal|dist-|node_modules|remote stack/);
  });

  it('an analysis error points at the line that made it', async () => {
    const r = await runCli(['run', 'fail-analysis.ts', '--in-process', '--quiet'], { cwd: dir });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('AnalysisError: column "idd" does not exist; columns: id');
    expect(r.stderr.split('\n')[2]).to.match(/^ {4}at .*fail-analysis\.ts:5:\d+\)?$/);
  });

  it('RONDO_DEBUG=1 shows the full stacks', async () => {
    const r = await runCli(['run', 'fail-task.ts', '--in-process', '--quiet'], { cwd: dir, env: { RONDO_DEBUG: '1' } });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('full stack');
    expect(r.stderr).to.contain('TaskFailedError');
  });

  it('bad usage exits 2 with a message: unknown flag, bad --executors, no job, missing file, no default export', async () => {
    const cases: [string[], RegExp][] = [
      [['run', 'good.ts', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['run', 'good.ts', '--executors', 'two'], /--executors must be a positive integer, got "two"/],
      [['run'], /give the job file to run/],
      [['run', 'nope.ts'], /job file not found: nope\.ts/],
      [['run', 'no-default.ts', '--in-process'], /no default export function/],
      [['run', 'good.ts', '--connect', 'http://127.0.0.1:1'], /--connect needs --secret-file/],
      [['frob'], /unknown command "frob"/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(args, { cwd: dir });
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr, args.join(' ')).to.match(re);
    }
  });

  it('--conf sets session settings; an unknown key is exit 2 listing the known keys', async () => {
    const ok = await runCli(['run', 'good.ts', '--in-process', '--quiet', '--conf', 'shufflePartitions=3', '--', '10', '2'], { cwd: dir });
    expect(ok.code, ok.stderr).to.equal(0);
    expect(JSON.parse(ok.stdout).shufflePartitions).to.equal(3);
    const bad = await runCli(['run', 'good.ts', '--conf', 'shufflePartition=3'], { cwd: dir });
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('unknown conf key "shufflePartition"');
    expect(bad.stderr).to.contain('known keys: shufflePartitions, batchSize');
    expect(bad.stderr).to.contain('did you mean "shufflePartitions"');
    const value = await runCli(['run', 'good.ts', '--conf', 'batchSize=lots'], { cwd: dir });
    expect(value.code).to.equal(2);
    expect(value.stderr).to.contain('bad value "lots" for conf key "batchSize"');
  });

  it('--explain prints the plans of each job before its output', async () => {
    const r = await runCli(['run', 'good.ts', '--in-process', '--quiet', '--explain', '--', '10', '2'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    const plans = r.stdout.indexOf('== Physical Plan ==');
    expect(plans).to.be.greaterThan(-1);
    expect(r.stdout).to.contain('== Stages ==');
    expect(r.stdout.indexOf('{"args"')).to.be.greaterThan(plans);
  });

  it('--connect attaches to an executor started with `rondo executor`', async () => {
    const secretFile = join(dir, 'secret');
    writeFileSync(secretFile, 'a-test-secret\n');
    // --watch-stdin: it exits with this test process (which holds its stdin), even if killed.
    const executor = startCli(['executor', '--port', '0', '--secret-file', secretFile, '--cores', '1', '--work-dir', join(dir, 'work'), '--watch-stdin']);
    try {
      await executor.waitFor(/listening on (http:\S+)/, 30_000);
      const url = /listening on (http:\S+)/.exec(executor.output())![1]!;
      const r = await runCli(['run', 'good.ts', '--connect', url, '--secret-file', secretFile, '--quiet', '--', '20', '3'], { cwd: dir });
      expect(r.code, r.stderr).to.equal(0);
      const rows = (JSON.parse(r.stdout) as { rows: { k: number; c: number }[] }).rows;
      expect(rows.map((x) => [x.k, x.c])).to.deep.equal([[0, 7], [1, 7], [2, 6]]);
    } finally {
      executor.child.kill('SIGTERM');
      await executor.exited();
    }
  });

  it('--help on every command', async () => {
    for (const cmd of [['--help'], ['run', '--help'], ['repl', '--help'], ['executor', '--help']]) {
      const r = await runCli(cmd);
      expect(r.code, cmd.join(' ')).to.equal(0);
      expect(r.stdout, cmd.join(' ')).to.match(/^Usage: rondo/);
    }
    const top = await runCli(['--help']);
    expect(top.stdout).to.match(/run\s+run a job file/);
    expect(top.stdout).to.match(/repl\s+a notebook-style REPL/);
  });

  it('Ctrl-C (SIGINT) cancels the job, stops the executors and exits 130', async () => {
    const run = startCli(['run', 'slow.ts', '--executors', '1'], { cwd: dir });
    await run.waitFor(/stage \d+ submitted/, 60_000);
    run.child.kill('SIGINT');
    const code = await Promise.race([run.exited(), new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000))]);
    if (code === 'timeout') run.child.kill('SIGKILL');
    expect(code).to.equal(130);
    expect(run.output()).to.contain('interrupted; cancelling the running jobs');
  });

  it('on a terminal, draws a live progress line per running stage', async function () {
    if (!hasScript()) this.skip();
    const t = startInTerminal(['run', 'good.ts', '--executors', '1', '--', '3000', '5'], { cwd: dir });
    const code = await t.exited();
    const raw = t.output();
    expect(code, stripAnsi(raw)).to.equal(0);
    expect(stripAnsi(raw)).to.match(/\[Stage \d+: [= >]+ \(\d+ \+ \d+\) \/ \d+\] {2}rows \S+ {2}(shuffle|result) \S+ \S?B/);
    expect(stripAnsi(raw)).to.contain('"args":["3000","5"]');
    expect(stripAnsi(raw)).to.match(/rondo: 1 job, \d+ stages/);
  });
});
