/**
 * The executor process over real HTTP: authentication on every path, malformed and oversize
 * requests, the loopback rule, a real task, SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { request } from 'undici';
import { cliEntry } from '../../driver/cluster/index.js';
import { encodeTaskFrame, WIRE_PROTOCOL } from '../../engine/task-frame.js';
import type { Task } from '../../engine/plan.js';
import { idsOf, pidAlive, range, rangeScan, task, waitFor } from '../driver/cluster/fixtures.js';

const SECRET = 'test-secret-h7-executor';

interface Started {
  child: ChildProcess;
  url: string;
  stdout: string;
}

function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [cliEntry(), 'executor', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)\n/.exec(out);
      if (m) resolve({ child, url: m[1]!, stdout: out });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`executor exited with ${code}: ${err}`)));
  });
}

/** Runs the CLI to completion. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cliEntry(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

async function call(url: string, method: string, path: string, opts: { auth?: string | null; body?: string | Uint8Array } = {}): Promise<{ status: number; body: Buffer }> {
  const headers: Record<string, string> = {};
  const auth = opts.auth === undefined ? `Bearer ${SECRET}` : opts.auth;
  if (auth !== null) headers.authorization = auth;
  const res = await request(`${url}${path}`, { method: method as 'GET', headers, body: opts.body, headersTimeout: 10_000, bodyTimeout: 10_000 });
  return { status: res.statusCode, body: Buffer.from(await res.body.arrayBuffer()) };
}

describe('executor process (HTTP)', () => {
  let dir: string;
  let ex: Started;
  let workBase: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rondo-h7-exec-'));
    workBase = join(dir, 'work');
    writeFileSync(join(dir, 'secret'), `${SECRET}\n`, { mode: 0o600 });
    ex = await startCli(['--host', '127.0.0.1', '--port', '0', '--secret-file', join(dir, 'secret'), '--cores', '1', '--work-dir', workBase, '--max-body-bytes', '65536']);
  });

  after(() => {
    if (ex?.child.exitCode === null) ex.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints one listening line and answers health with the secret', async () => {
    expect(ex.stdout).to.match(/^rondo executor listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(pidAlive(ex.child.pid!)).to.equal(true);
    const r = await call(ex.url, 'GET', '/v1/health');
    expect(r.status).to.equal(200);
    const h = JSON.parse(r.body.toString()) as Record<string, unknown>;
    expect(h.ok).to.equal(true);
    expect(h.cores).to.equal(1);
    expect(h.protocol).to.equal(WIRE_PROTOCOL);
    expect(h.freeSlots).to.equal(1);
    expect(h).to.have.property('memory');
    expect(h).to.include.keys('bytesServedToPeers', 'bytesFetchedFromPeers', 'bytesReadLocally', 'tasksRun', 'tasksFailed');
  });

  const endpoints: [string, string][] = [
    ['GET', '/v1/health'], ['POST', '/v1/tasks'], ['GET', '/v1/shuffle/1/0/0'], ['DELETE', '/v1/shuffle/1'],
    ['GET', '/v1/cache/c/0'], ['DELETE', '/v1/cache/c'], ['GET', '/v1/nope'], ['GET', '/'], ['PUT', '/anything/else'],
  ];
  for (const auth of [null, 'Bearer wrong-secret', `Bearer ${SECRET}x`, SECRET, 'Basic dGVzdA==', 'Bearer ']) {
    it(`answers 401 on every path with ${auth === null ? 'no Authorization' : `Authorization "${auth}"`}`, async () => {
      for (const [method, path] of endpoints) {
        const r = await call(ex.url, method, path, { auth, body: method === 'POST' ? encodeTaskFrame(task(rangeScan(0, 1), { kind: 'result' })) : undefined });
        expect(r.status, `${method} ${path}`).to.equal(401);
      }
    });
  }

  it('answers 400 with a message for a malformed task and keeps serving', async () => {
    const bad = await call(ex.url, 'POST', '/v1/tasks', { body: encodeTaskFrame(task(rangeScan(0, 1), { kind: 'result' })).subarray(0, 30) });
    expect(bad.status).to.equal(400);
    expect(bad.body.toString()).to.match(/header is not JSON|truncated/);
    const { plan: _, ...noPlan } = task(rangeScan(0, 1), { kind: 'result' });
    const missing = await call(ex.url, 'POST', '/v1/tasks', { body: encodeTaskFrame(noPlan as Task) });
    expect(missing.status).to.equal(400);
    expect((JSON.parse(missing.body.toString()) as { error: string }).error).to.match(/field "plan"/);
    const kind = await call(ex.url, 'POST', '/v1/tasks', { body: encodeTaskFrame({ ...task(rangeScan(0, 1), { kind: 'result' }), output: { kind: 'teleport' } } as unknown as Task) });
    expect(kind.status).to.equal(400);
    expect((JSON.parse(kind.body.toString()) as { error: string }).error).to.match(/field "output"/);
    expect((await call(ex.url, 'GET', '/v1/health')).status).to.equal(200);
  });

  it('refuses a task of another wire protocol version, naming both versions, and keeps serving', async () => {
    const before = JSON.parse((await call(ex.url, 'GET', '/v1/health')).body.toString()) as { tasksRun: number };
    const frame = encodeTaskFrame(task(rangeScan(0, 10), { kind: 'result' }));
    new DataView(frame.buffer).setUint32(4, WIRE_PROTOCOL + 1, false);
    const newer = await call(ex.url, 'POST', '/v1/tasks', { body: frame });
    expect(newer.status).to.equal(400);
    const msg = (JSON.parse(newer.body.toString()) as { error: string }).error;
    expect(msg).to.include(`rondo wire protocol ${WIRE_PROTOCOL + 1}`);
    expect(msg).to.include(`this executor (${ex.url}) speaks ${WIRE_PROTOCOL}`);
    // A protocol 1 driver sent the task as a plain JSON body.
    const old = await call(ex.url, 'POST', '/v1/tasks', { body: JSON.stringify(task(rangeScan(0, 10), { kind: 'result' })) });
    expect(old.status).to.equal(400);
    expect((JSON.parse(old.body.toString()) as { error: string }).error).to.match(new RegExp(`JSON body, as a driver of rondo wire protocol 1 sends; this executor \\(.*\\) speaks rondo wire protocol ${WIRE_PROTOCOL}`));
    const h = JSON.parse((await call(ex.url, 'GET', '/v1/health')).body.toString()) as { tasksRun: number };
    expect(h.tasksRun, 'a refused task never reaches a worker').to.equal(before.tasksRun);
  });

  it('answers 413 for an oversize body and keeps serving', async () => {
    const big = encodeTaskFrame({ ...task(rangeScan(0, 1), { kind: 'result' }), pad: 'x'.repeat(70_000) } as Task);
    const r = await call(ex.url, 'POST', '/v1/tasks', { body: big });
    expect(r.status).to.equal(413);
    expect((await call(ex.url, 'GET', '/v1/health')).status).to.equal(200);
  });

  it('answers 404 for a piece it does not hold and for unknown paths', async () => {
    expect((await call(ex.url, 'GET', '/v1/shuffle/99/0/0')).status).to.equal(404);
    expect((await call(ex.url, 'GET', '/v1/nope')).status).to.equal(404);
    expect((await call(ex.url, 'GET', '/v1/shuffle/x/0/0')).status).to.equal(400);
  });

  it('runs a real task: a range scan answers its rows as Arrow IPC', async () => {
    const r = await call(ex.url, 'POST', '/v1/tasks', { body: encodeTaskFrame(task(rangeScan(0, 100), { kind: 'result' })) });
    expect(r.status).to.equal(200);
    const n = r.body.readUInt32BE(0);
    const header = JSON.parse(r.body.subarray(4, 4 + n).toString()) as { ok: boolean; result: { kind: string; rows: number; bytes: number } };
    expect(header.ok, JSON.stringify(header)).to.equal(true);
    expect(header.result.kind).to.equal('result');
    expect(header.result.rows).to.equal(100);
    const ipc = r.body.subarray(4 + n);
    expect(ipc.byteLength).to.equal(header.result.bytes);
    expect(idsOf(ipc)).to.deep.equal(range(0, 100));
  });

  it('answers a task failure as 200 with a typed error', async () => {
    // A shuffle read with no matching input: the engine rejects it; the error keeps its class.
    const plan = { op: 'shuffleRead', shuffleId: 5, broadcast: false, reduce: [0], schema: [{ name: 'id', type: 'int64', nullable: false }], partitions: 1 } as const;
    const r = await call(ex.url, 'POST', '/v1/tasks', { body: encodeTaskFrame(task(plan, { kind: 'result' })) });
    expect(r.status).to.equal(200);
    const n = r.body.readUInt32BE(0);
    const header = JSON.parse(r.body.subarray(4, 4 + n).toString()) as { ok: boolean; error: { name: string; message: string } };
    expect(header.ok).to.equal(false);
    expect(header.error.name).to.equal('InternalError');
    expect(header.error.message).to.match(/shuffle 5/);
    const h = JSON.parse((await call(ex.url, 'GET', '/v1/health')).body.toString()) as { tasksFailed: number; tasksRun: number };
    expect(h.tasksFailed).to.be.greaterThan(0);
    expect(h.tasksRun).to.be.greaterThan(h.tasksFailed);
  });

  it('stops on SIGTERM with exit code 0 and removes its work folder', async () => {
    expect(readdirSync(workBase).length).to.equal(1);
    const exited = new Promise<number | null>((resolve) => ex.child.once('exit', (code) => resolve(code)));
    ex.child.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(readdirSync(workBase)).to.deep.equal([]);
  });
});

describe('rondo executor command line', () => {
  it('refuses a non-loopback host without a secret (exit code 2)', async () => {
    const r = await runCli(['executor', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/non-loopback host "0\.0\.0\.0" without a secret/);
    expect(r.stdout).to.equal('');
  });

  it('refuses a missing or empty secret file (exit code 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rondo-h7-cli-'));
    try {
      const missing = await runCli(['executor', '--port', '0', '--secret-file', join(dir, 'nope')]);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.match(/cannot read the secret file/);
      writeFileSync(join(dir, 'empty'), '\n');
      const empty = await runCli(['executor', '--port', '0', '--secret-file', join(dir, 'empty')]);
      expect(empty.code).to.equal(2);
      expect(empty.stderr).to.match(/is empty/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints help for the command and for executor; rejects unknown commands and options', async () => {
    const top = await runCli(['--help']);
    expect(top.code).to.equal(0);
    expect(top.stdout).to.match(/executor/);
    const help = await runCli(['executor', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/--secret-file/);
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/unknown command "frobnicate"/);
    const badOpt = await runCli(['executor', '--colour']);
    expect(badOpt.code).to.equal(2);
    expect(badOpt.stderr).to.match(/colour/);
  });

  it('listens without a secret on loopback', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rondo-h7-cli-'));
    const ex = await startCli(['--port', '0', '--work-dir', dir, '--cores', '1']);
    try {
      const r = await call(ex.url, 'GET', '/v1/health', { auth: null });
      expect(r.status).to.equal(200);
    } finally {
      ex.child.kill('SIGKILL');
      await waitFor(() => !pidAlive(ex.child.pid!), 30_000, 'the executor to exit');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
