/**
 * `rondo repl` through its stdin (piped: one input at a time, in order) and inside a
 * pseudo-terminal (`script`): values, Dataset tables, errors followed by working inputs,
 * .explain, .schema, .time, multi-line input, completion, history, progress and Ctrl-C.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { hasScript, killChildren, leftoverProcesses, runCli, startInTerminal, stripAnsi } from './helpers.js';

describe('rondo repl', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'rondo-cli-repl-')); });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    killChildren();
    expect(await leftoverProcesses(), 'rondo processes left running').to.deep.equal([]);
  });

  it('piped input: numbered values, a Dataset as a table, an error and then the next input, .explain, .schema, multi-line', async () => {
    const input = [
      'const ds = session.range(0, 30, { partitions: 2 }).withColumn("k", col("id").mod(4))',
      '6 * 7',
      'ds',
      'ds.filter(col("id").lt(3))',
      'await ds.count()',
      'ds.agg(sum("id").as("total")).collect()',
      'ds.select("nope")',
      'await session.read.csv("/no/such/file.csv").count()',
      'function twice(x) {',
      '  return x * 2',
      '}',
      'twice(21)',
      '.schema ds',
      '.explain ds.groupBy("k").agg(count())',
      '.explain 42',
      '.schema nosuchname',
      '.time',
      '"after"',
    ].join('\n');
    const r = await runCli(['repl', '--in-process', '--executors', '2'], { input: `${input}\n`, env: { RONDO_HISTORY: join(dir, 'piped-history') } });
    expect(r.code, r.stderr).to.equal(0);
    const out = r.stdout;
    expect(out).to.contain('Out[2]: 42');
    // The Dataset: its types, 20 of its 30 rows in a table, and that there are more.
    const table = out.slice(out.indexOf('Out[3]: '), out.indexOf('In [4]: '));
    expect(table).to.contain('Out[3]: Dataset[id: int64, k: int64]');
    const cells = table.split('\n').filter((l) => l.startsWith('|')).map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
    expect(cells[0]).to.deep.equal(['id', 'k']);
    const rows = cells.slice(1).map(([id, k]) => [Number(id), Number(k)]).sort((a, b) => a[0]! - b[0]!);
    expect(rows).to.have.length(20);
    const all = Array.from({ length: 30 }, (_, id) => [id, id % 4]);
    for (const row of rows) expect(all).to.deep.include(row);
    expect(table).to.contain('only showing top 20 rows');
    // A small Dataset: all rows, no "only showing".
    const small = out.slice(out.indexOf('Out[4]: '), out.indexOf('In [5]: '));
    expect(small.split('\n').filter((l) => /^\|\s+\d/.test(l))).to.have.length(3);
    expect(small).not.to.contain('only showing');
    expect(out).to.contain('Out[5]: 30');
    expect(out).to.contain(`Out[6]: [ { total: ${(29 * 30) / 2} } ]`);
    // Errors print clearly (no internals) and the REPL goes on.
    expect(out).to.contain('In [1]: const ds = session.range(0, 30, { partitions: 2 }).withColumn("k", col("id").mod(4))\nIn [2]: 6 * 7\nOut[2]: 42');
    expect(out).to.contain('In [7]: ds.select("nope")\nAnalysisError: column "nope" does not exist; columns: id, k\nIn [8]: ');
    expect(out).to.match(/In \[8\]: .*\nSourceError: .*\/no\/such\/file\.csv/);
    expect(out).to.contain('In [9]: function twice(x) {\n...   return x * 2\n... }\nIn [10]: twice(21)\nOut[10]: 42');
    expect(out).not.to.match(/node:internal|dist-h|at REPL/);
    expect(out).to.contain('Out[10]: 42');
    expect(out).to.contain(' |-- id: int64 (nullable = false)');
    expect(out).to.contain(' |-- k: int64');
    expect(out).to.contain('== Physical Plan ==');
    expect(out).to.contain('.explain: 42 is not a Dataset');
    expect(out).to.contain('.schema nosuchname\nReferenceError: nosuchname is not defined\n');
    expect(out).to.contain('timing is on');
    expect(out).to.match(/Out\[11\]: 'after'\n\(\d+ ms\)/);
  });

  it('piped input: a line starting with "." continues the input before it; printSchema and show print once; no secret shows', async () => {
    const input = [
      'const ds = session.range(0, 10, { partitions: 2 })',
      'ds',
      '  .filter(col("id").lt(3))',
      '  .select("id")',
      'ds.printSchema()',
      'await ds.filter(col("id").eq(7)).show()',
      'session',
      'session.read',
      '.time',
      '.time',
      '"end"',
    ].join('\n');
    const r = await runCli(['repl', '--executors', '1'], { input: `${input}\n`, env: { RONDO_HISTORY: join(dir, 'continued-history') } });
    expect(r.code, r.stderr).to.equal(0);
    const out = r.stdout;
    expect(out).not.to.contain('Invalid REPL keyword');
    // The chain is one input: the rows below 3, its own columns.
    expect(out).to.contain('In [2]: ds\n...   .filter(col("id").lt(3))\n...   .select("id")\nOut[2]: Dataset[id: int64]');
    const ids = out.slice(out.indexOf('Out[2]: '), out.indexOf('In [3]: ')).split('\n').filter((l) => /^\|\s*\d/.test(l)).map((l) => Number(l.replace(/\|/g, '')));
    expect(ids.sort()).to.deep.equal([0, 1, 2].filter((id) => id < 3));
    // printSchema and show: the text once, no Out[...] echo of it.
    expect(out.split(' |-- id: int64').length - 1).to.equal(1);
    expect(out).not.to.match(/Out\[3\]|Out\[4\]/);
    expect(out.slice(out.indexOf('In [4]: '), out.indexOf('In [5]: ')).match(/\|\s+7\|/g)).to.have.length(1);
    // The session and its reader show as summaries: no driver internals, no secret.
    expect(out).to.contain('Out[5]: Session[parallelism 1]');
    expect(out).to.contain('Out[6]: DataFrameReader[csv, json, arrow, parquet]');
    expect(out).not.to.match(/secret|[0-9a-f]{64}|Bearer/i);
    expect(out).to.contain('timing is on');
    expect(out).to.contain("Out[7]: 'end'");
  });

  it('bad flags exit 2', async () => {
    const r = await runCli(['repl', '--conf', 'nope=1']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('unknown conf key "nope"');
  });

  it('in a terminal: completion, progress while a cell runs, Ctrl-C cancels the job and the REPL goes on, history', async function () {
    if (!hasScript()) this.skip();
    const history = join(dir, 'history');
    const t = startInTerminal(['repl', '--executors', '1'], { env: { RONDO_HISTORY: history } });
    try {
      await t.waitFor(/In \[1\]: $/);
      t.type('const dd = session.range(5)\r');
      await t.waitFor(/In \[2\]: $/);
      // ds.<tab><tab> lists Dataset methods; col('<tab> completes a column name.
      let mark = t.output().length;
      t.type('dd.co\t');
      await new Promise((r) => setTimeout(r, 300));
      t.type('\t');
      await t.waitFor(/collect[\s\S]*columns[\s\S]*count/, 10_000, mark);
      t.type('\x15'); // clear the line
      mark = t.output().length;
      t.type('dd.filter(col("i\t');
      await t.waitFor(/col\("id"/, 10_000, mark);
      t.type('\x15');
      // A chain ending in calls completes from what the methods return, without running them:
      // no job (no progress, no table), no new cell; `session.read.` lists the reader.
      mark = t.output().length;
      t.type('dd.groupBy("id").count().fi\t');
      await new Promise((r) => setTimeout(r, 300));
      t.type('\t');
      await t.waitFor(/filter[\s\S]*first/, 10_000, mark);
      t.type('\x15');
      t.type('session.read.\t');
      await new Promise((r) => setTimeout(r, 300));
      t.type('\t');
      await t.waitFor(/arrow[\s\S]*csv[\s\S]*json[\s\S]*parquet/, 10_000, mark);
      t.type('\x15');
      t.type('"done completing"\r');
      await t.waitFor(/Out\[2\]: 'done completing'/, 10_000, mark);
      expect(stripAnsi(t.output().slice(mark))).not.to.match(/\[Stage|Out\[\d+\]: (Dataset|Session|DataFrameReader)|secret|\+---/);
      // At a terminal the previous input has run: a "." line runs it again, continued.
      mark = t.output().length;
      t.type('let ten = session.range(10)\r');
      await t.waitFor(/In \[4\]: $/, 10_000, mark);
      t.type('  .filter(col("id").lt(4))\r');
      await t.waitFor(/In \[5\]: $/, 10_000, mark);
      t.type('await ten.count()\r');
      await t.waitFor(/Out\[5\]: 4/, 30_000, mark);
      // A long job: its progress shows, Ctrl-C cancels it, the next input works.
      mark = t.output().length;
      t.type('await session.range(0, 4e9, { partitions: 64 }).filter(col("id").mod(7).eq(3)).count()\r');
      await t.waitFor(/\[Stage \d+: /, 30_000, mark);
      t.type('\x03');
      await t.waitFor(/cancelling the running jobs[\s\S]*CancelledError: [\s\S]*In \[\d+\]: $/, 30_000, mark);
      mark = t.output().length;
      t.type('40 + 2\r');
      await t.waitFor(/Out\[\d+\]: 42/, 10_000, mark);
      t.type('\x04');
      expect(await t.exited()).to.equal(0);
      expect(readFileSync(history, 'utf8')).to.contain('40 + 2');
    } finally {
      t.child.kill('SIGKILL');
    }
  });
});
