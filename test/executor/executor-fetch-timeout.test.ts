/**
 * startExecutor in this process: a shuffle fetch from a peer that never answers times out
 * into a typed FetchFailedError; stats() counts the failed task.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTaskFrame } from '../../engine/task-frame.js';
import { expect } from 'chai';
import { request } from 'undici';
import { startExecutor, type RunningExecutor } from '../../executor/index.js';
import { errorFromJson, FetchFailedError, type ErrorJson } from '../../engine/errors.js';
import { reduceTask } from '../driver/cluster/fixtures.js';

describe('executor shuffle fetch timeout', () => {
  let dir: string;
  let ex: RunningExecutor;
  const sockets: Socket[] = [];
  const hole = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rondo-h7-timeout-'));
    await new Promise<void>((r) => hole.listen(0, '127.0.0.1', r));
    ex = await startExecutor({ host: '127.0.0.1', port: 0, secret: 's3cret', cores: 1, workDir: dir, fetchTimeoutMs: 300 });
  });
  after(async () => {
    await ex?.stop();
    for (const s of sockets) s.destroy();
    await new Promise((r) => hole.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns a peer that never answers into FetchFailedError naming location, shuffle and map', async () => {
    const peer = `http://127.0.0.1:${(hole.address() as AddressInfo).port}`;
    const t = reduceTask({ shuffleId: 4, maps: [{ mapPartition: 2, location: peer, sizes: [64] }] }, 0, 1);
    const res = await request(`${ex.url}/v1/tasks`, { method: 'POST', headers: { authorization: 'Bearer s3cret' }, body: encodeTaskFrame(t) });
    const body = Buffer.from(await res.body.arrayBuffer());
    expect(res.statusCode).to.equal(200);
    const n = body.readUInt32BE(0);
    const header = JSON.parse(body.subarray(4, 4 + n).toString()) as { ok: boolean; error: ErrorJson };
    expect(header.ok).to.equal(false);
    const e = errorFromJson(header.error);
    const ff = e instanceof FetchFailedError ? e : (e as { cause?: unknown }).cause;
    expect(ff, String(e)).to.be.instanceOf(FetchFailedError);
    expect((ff as FetchFailedError).location).to.equal(peer);
    expect((ff as FetchFailedError).shuffleId).to.equal(4);
    expect((ff as FetchFailedError).mapPartition).to.equal(2);
    expect((ff as Error).message).to.match(/timeout/i);
    const st = ex.stats();
    expect(st.tasksRun).to.equal(1);
    expect(st.tasksFailed).to.equal(1);
    expect(st.running).to.equal(0);
    expect(st.freeSlots).to.equal(1);
  });
});
