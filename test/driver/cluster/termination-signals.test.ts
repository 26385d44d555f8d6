/**
 * SIGTERM and SIGHUP of a process with Session.local clean up as SIGINT's handlers do: the
 * executors stop and the secret and work folders go, then the process ends by the signal.
 * A process that handles the signal itself keeps the say.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { pidAlive, waitFor } from './fixtures.js';

const INDEX = pathToFileURL(join(import.meta.dirname, '../../../index.js')).href;

/** The rondo folders (secret, work) left in `dir`. */
const leftovers = (dir: string): string[] => readdirSync(dir).filter((n) => n.startsWith('rondo-'));

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('cluster backend: SIGTERM and SIGHUP of a process with Session.local', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'rondo-signals-test-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts a driver script with its own TMPDIR (where Session.local puts its folders). */
  function driver(name: string, body: string[]): { child: ChildProcess; tmp: string; lines: () => string[] } {
    const tmp = mkdtempSync(join(dir, `${name}-tmp-`));
    const script = join(dir, `${name}.mjs`);
    writeFileSync(script, [`import { Session } from ${JSON.stringify(INDEX)};`, ...body].join('\n'));
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: tmp } });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    return { child, tmp, lines: () => out.split('\n').filter((l) => l !== '') };
  }

  it('SIGTERM after a job: the executors stop, no folder is left, the process ends by SIGTERM', async () => {
    const d = driver('after-job', [
      `const session = await Session.local({ executors: 2 });`,
      `const n = await session.range(0, 1000, { partitions: 4 }).count();`,
      `console.log(JSON.stringify({ n, pids: session.driver.backend.processes().map((p) => p.pid) }));`,
      `setInterval(() => {}, 1000);`,
    ]);
    const end = exited(d.child);
    await waitFor(() => d.lines().length > 0, 60_000, 'the job to print');
    const { n, pids } = JSON.parse(d.lines()[0]!) as { n: number; pids: number[] };
    expect(n).to.equal(1000);
    expect(leftovers(d.tmp)).to.have.length.greaterThan(0); // the work folder, while it runs
    d.child.kill('SIGTERM');
    expect(await end).to.deep.equal({ code: null, signal: 'SIGTERM' });
    await waitFor(() => pids.every((p) => !pidAlive(p)), 10_000, `executors ${pids.join(', ')} to exit`);
    expect(leftovers(d.tmp)).to.deep.equal([]);
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} while the executors start: the secret and work folders go too`, async () => {
      const d = driver(`starting-${signal}`, [`await Session.local({ executors: 2 });`, `console.log('started');`, `setInterval(() => {}, 1000);`]);
      const end = exited(d.child);
      await waitFor(() => leftovers(d.tmp).some((n) => n.startsWith('rondo-secret-')) || d.lines().length > 0, 60_000, 'the secret folder');
      d.child.kill(signal);
      expect((await end).signal).to.equal(signal);
      await waitFor(() => leftovers(d.tmp).length === 0, 10_000, `no folder left in ${d.tmp} (${leftovers(d.tmp).join(', ')})`);
    });
  }

  it('a program with its own SIGTERM handler decides: the session keeps running', async () => {
    const d = driver('own-handler', [
      `const session = await Session.local({ executors: 1 });`,
      `process.on('SIGTERM', async () => { console.log('count ' + await session.range(0, 10).count()); await session.stop(); process.exit(7); });`,
      `console.log('ready');`,
      `setInterval(() => {}, 1000);`,
    ]);
    const end = exited(d.child);
    await waitFor(() => d.lines().includes('ready'), 60_000, 'ready');
    d.child.kill('SIGTERM');
    expect(await end).to.deep.equal({ code: 7, signal: null });
    expect(d.lines()).to.include('count 10');
    expect(leftovers(d.tmp)).to.deep.equal([]);
  });
});
