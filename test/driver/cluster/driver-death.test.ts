/**
 * Executors never outlive their driver: SIGKILL the driver process and its executors exit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { pidAlive, waitFor } from './fixtures.js';

describe('cluster backend: the driver killed by SIGKILL', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rondo-h7-driver-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('takes its executor processes with it', async () => {
    const backendUrl = pathToFileURL(join(import.meta.dirname, '../../../driver/cluster/index.js')).href;
    const script = join(dir, 'driver.mjs');
    writeFileSync(script, [
      `import { ClusterBackend } from ${JSON.stringify(backendUrl)};`,
      `const b = await ClusterBackend.startLocal({ executors: 2 });`,
      `console.log(JSON.stringify(b.processes().map((p) => p.pid)));`,
      `setInterval(() => {}, 1000);`,
    ].join('\n'));
    const driver = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pids = await new Promise<number[]>((resolve, reject) => {
      let out = '';
      driver.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as number[]);
      });
      driver.on('exit', (code) => reject(new Error(`driver exited early (${code})`)));
    });
    expect(pids).to.have.length(2);
    for (const pid of pids) expect(pidAlive(pid)).to.equal(true);
    driver.kill('SIGKILL');
    await waitFor(() => pids.every((pid) => !pidAlive(pid)), 30_000, `executors ${pids.join(', ')} to exit`);
  });

  it('lets a driver that never calls stop() exit by itself, and its executors go with it', async () => {
    const backendUrl = pathToFileURL(join(import.meta.dirname, '../../../driver/cluster/index.js')).href;
    const fixturesUrl = pathToFileURL(join(import.meta.dirname, 'fixtures.js')).href;
    const script = join(dir, 'forgetful.mjs');
    writeFileSync(script, [
      `import { ClusterBackend } from ${JSON.stringify(backendUrl)};`,
      `import { rangeScan, task } from ${JSON.stringify(fixturesUrl)};`,
      `const b = await ClusterBackend.startLocal({ executors: 1 });`,
      `const r = await b.run(task(rangeScan(0, 10), { kind: 'result' }));`,
      `console.log(JSON.stringify({ pids: b.processes().map((p) => p.pid), rows: r.rows }));`,
    ].join('\n'));
    const driver = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    driver.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => driver.on('exit', (c) => resolve(c)));
    expect(code).to.equal(0);
    const { pids, rows } = JSON.parse(out) as { pids: number[]; rows: number };
    expect(rows).to.equal(10);
    await waitFor(() => pids.every((pid) => !pidAlive(pid)), 30_000, `executors ${pids.join(', ')} to exit`);
  });
});
