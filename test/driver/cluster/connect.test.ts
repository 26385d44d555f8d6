/**
 * ClusterBackend.connect: attaching to executors started with `rondo executor`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ClusterBackend, cliEntry } from '../../../driver/cluster/index.js';
import type { TaskRunResult } from '../../../driver/backend.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnalysisError, ExecutorLostError } from '../../../engine/errors.js';
import { WIRE_PROTOCOL } from '../../../engine/task-frame.js';
import { Session, col, count } from '../../../index.js';
import { idsOf, pidAlive, range, rangeScan, task } from './fixtures.js';

const SECRET = 'connect-test-secret';

describe('cluster backend: connect to running executors', () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rondo-h7-connect-'));
    writeFileSync(join(dir, 'secret'), SECRET, { mode: 0o600 });
    child = spawn(process.execPath, [cliEntry(), 'executor', '--port', '0', '--secret-file', join(dir, 'secret'), '--cores', '2', '--work-dir', join(dir, 'work')], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (\S+)\n/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`executor exited (${code})`)));
    });
  });
  after(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs tasks on them, learns their cores, and leaves them running on stop()', async () => {
    const backend = await ClusterBackend.connect({ urls: [`${url}/`], secret: SECRET });
    try {
      expect(backend.locations()).to.deep.equal([url]);
      expect(backend.slots()).to.equal(2);
      expect(backend.processes()).to.deep.equal([]);
      const r = (await backend.run(task(rangeScan(5, 25), { kind: 'result' }))) as Extract<TaskRunResult, { kind: 'result' }>;
      expect(r.location).to.equal(url);
      expect(idsOf(r.ipc)).to.deep.equal(range(5, 25));
    } finally {
      await backend.stop();
    }
    expect(pidAlive(child.pid!)).to.equal(true);
  });

  it('Session.connect runs a whole job on them', async () => {
    const session = await Session.connect({ executors: [url], secret: SECRET, conf: { shufflePartitions: 3 } });
    try {
      const rows = await session.range(0, 1000).groupBy(col('id').mod(7).as('k')).agg(count().as('n')).orderBy('k').collect();
      const expected = Array.from({ length: 7 }, (_, k) => ({ k, n: range(0, 1000).filter((i) => i % 7 === k).length }));
      expect(rows).to.deep.equal(expected);
    } finally {
      await session.stop();
    }
    expect(pidAlive(child.pid!)).to.equal(true);
  });

  it('rejects a wrong secret and an unreachable executor with ExecutorLostError naming the URL', async () => {
    let err: unknown;
    try {
      await ClusterBackend.connect({ urls: [url], secret: 'nope' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ExecutorLostError);
    expect((err as Error).message).to.include(url).and.to.match(/401/);
    err = undefined;
    try {
      await ClusterBackend.connect({ urls: [url, 'http://127.0.0.1:1'], secret: SECRET, healthTimeoutMs: 1000 });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ExecutorLostError);
    expect((err as Error).message).to.include('http://127.0.0.1:1').and.not.to.include(`${url} (`);
  });

  it('refuses, at connect, an executor of another wire protocol, naming its URL and both versions', async () => {
    // A stand-in for an executor of another rondo version: only /v1/health, as it would answer it.
    const fakes: Server[] = [];
    const fake = async (health: Record<string, unknown>): Promise<string> => {
      const server = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(req.url === '/v1/health' ? health : { error: 'nope' }));
      });
      fakes.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    try {
      const newer = await fake({ ok: true, cores: 1, protocol: WIRE_PROTOCOL + 1 });
      const older = await fake({ ok: true, cores: 1 });
      for (const [other, theirs] of [[newer, `${WIRE_PROTOCOL + 1}`], [older, '1']] as const) {
        let err: unknown;
        try {
          const b = await ClusterBackend.connect({ urls: [url, other], secret: SECRET });
          await b.stop();
        } catch (e) {
          err = e;
        }
        expect(err, other).to.be.instanceOf(AnalysisError);
        expect((err as Error).message).to.include(`executor ${other} speaks rondo wire protocol ${theirs}`)
          .and.to.include(`this driver speaks ${WIRE_PROTOCOL}`)
          .and.not.to.include(`executor ${url} `);
      }
    } finally {
      for (const s of fakes) s.close();
    }
    expect(pidAlive(child.pid!)).to.equal(true);
  });
});
