import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PhysicalNode, Task, TaskContext, TaskOutput, TaskResult } from '../../engine/plan.js';
import type { Schema } from '../../engine/types.js';
import { DataError } from '../../engine/errors.js';
import { decodeIpc, encodeIpc } from '../../engine/arrow/index.js';
import { runTask } from '../../engine/run-task.js';
import { decodeTaskFrame, encodeTaskFrame } from '../../engine/task-frame.js';
import { batches, call, canon, col, f, lit, maybeNull, prng, randInt, rowsOf, type Row } from './ops/helpers.js';

const SCHEMA: Schema = [f('a', 'int32'), f('s', 'utf8')];

function randomRows(seed: number, n: number): Row[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => [maybeNull(rnd, randInt(rnd, 0, 100)), maybeNull(rnd, ['x', 'y', 'z'][randInt(rnd, 0, 2)]!)]);
}

const rows = randomRows(8, 150);
const inline = encodeIpc(SCHEMA, batches(SCHEMA, rows, 40));
const OUT_SCHEMA: Schema = [f('a2', 'int32'), f('s', 'utf8')];
/** scan(inline) → project(a * 2, s): exercises the serialized task path end to end. */
const PLAN: PhysicalNode = {
  op: 'project', schema: OUT_SCHEMA, partitions: 1,
  exprs: [call('mul', 'int32', col(0, 'int32'), lit(2, 'int32')), col(1, 'utf8')],
  input: { op: 'scan', schema: SCHEMA, partitions: 1, fileSchema: SCHEMA, projection: null, filters: [], splits: [{ kind: 'inline', ipc: inline }] },
};
const EXPECTED = rows.map((r) => [r[0] === null ? null : (r[0] as number) * 2, r[1]!]);

const noRuntime: TaskContext = {
  fetch: async function* () { throw new Error('no shuffle'); },
  cacheGet: () => undefined,
};

function task(output: TaskOutput, plan: PhysicalNode = PLAN): Task {
  // Every task crosses the wire as a task frame (JSON plus binary attachments).
  return decodeTaskFrame(encodeTaskFrame({ jobId: 'job1', stageId: 2, partition: 3, attempt: 0, plan, inputs: [], output, conf: { batchSize: 16, bigint: false } }));
}

function decodedRows(bytes: Uint8Array): Row[] {
  return bytes.length === 0 ? [] : decodeIpc(bytes).batches.flatMap(rowsOf);
}

describe('engine runTask', () => {
  it('result: one IPC stream of every row', async () => {
    const r = await runTask(task({ kind: 'result' }), noRuntime) as Extract<TaskResult, { kind: 'result' }>;
    expect(r.kind).to.equal('result');
    expect(r.rows).to.equal(150);
    expect(decodedRows(r.ipc)).to.deep.equal(EXPECTED);
    expect(decodeIpc(r.ipc).schema.map((x) => x.name)).to.deep.equal(['a2', 's']);
  });

  it('cache: the partition as IPC, readable back through a cached scan', async () => {
    const r = await runTask(task({ kind: 'cache', cacheId: 'c9' }), noRuntime) as Extract<TaskResult, { kind: 'cache' }>;
    expect(r.rows).to.equal(150);
    const reread: PhysicalNode = { op: 'scan', schema: OUT_SCHEMA, partitions: 1, fileSchema: OUT_SCHEMA, projection: null, filters: [], splits: [{ kind: 'cached', cacheId: 'c9', partition: 3, location: 'local' }] };
    const again = await runTask(task({ kind: 'result' }, reread), { ...noRuntime, cacheGet: (id, p) => (id === 'c9' && p === 3 ? r.ipc : undefined) }) as Extract<TaskResult, { kind: 'result' }>;
    expect(decodedRows(again.ipc)).to.deep.equal(EXPECTED);
  });

  it('shuffle: pieces per reduce partition, read back by a shuffleRead task', async () => {
    const r = await runTask(task({ kind: 'shuffle', shuffleId: 5, partitioning: { kind: 'hash', keys: [col(1, 'utf8')], partitions: 4 } }), noRuntime) as Extract<TaskResult, { kind: 'shuffle' }>;
    expect(r.rows).to.equal(150);
    expect(r.pieces).to.have.length(4);
    expect(canon(r.pieces.flatMap(decodedRows))).to.deep.equal(canon(EXPECTED));
    // Each value of s lives in exactly one piece.
    const owner = new Map<unknown, number>();
    r.pieces.forEach((p, i) => decodedRows(p).forEach((row) => { expect(owner.get(row[1]) ?? i).to.equal(i); owner.set(row[1], i); }));
    const read: PhysicalNode = { op: 'shuffleRead', schema: OUT_SCHEMA, partitions: 4, shuffleId: 5, broadcast: false, reduce: [0, 1, 2, 3] };
    const t = { ...task({ kind: 'result' }, read), inputs: [{ shuffleId: 5, maps: [{ mapPartition: 0, location: 'local', sizes: r.pieces.map((p) => p.length) }] }] };
    const back = await runTask(t, { ...noRuntime, fetch: async function* (_in, reduce) { yield r.pieces[reduce]!; } }) as Extract<TaskResult, { kind: 'result' }>;
    expect(canon(decodedRows(back.ipc))).to.deep.equal(canon(EXPECTED));
  });

  it('sample: at most `size` rows of the evaluated keys, columns k0..', async () => {
    const r = await runTask(task({ kind: 'sample', keys: [{ expr: col(0, 'int32'), asc: true, nullsFirst: true }], size: 20 }), noRuntime) as Extract<TaskResult, { kind: 'sample' }>;
    const d = decodeIpc(r.ipc);
    expect(d.schema.map((x) => x.name)).to.deep.equal(['k0']);
    const sampled = d.batches.flatMap(rowsOf);
    expect(sampled).to.have.length(20);
    const all = new Set(EXPECTED.map((e) => e[0]));
    for (const [v] of sampled) expect(all.has(v!)).to.equal(true);
  });

  it('write: files named part-00003-job1 under the dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rondo-h2-'));
    try {
      const r = await runTask(task({ kind: 'write', format: 'json', dir, partitionBy: [] }), noRuntime) as Extract<TaskResult, { kind: 'write' }>;
      expect(r.rows).to.equal(150);
      expect(r.files).to.have.length(1);
      expect(r.files[0]).to.match(/part-00003-job1/);
      const text = await readFile(join(dir, r.files[0]!), 'utf8');
      expect(text.trim().split('\n')).to.have.length(150);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('errors inside the plan come out as they are', async () => {
    const big: Schema = [f('b', 'int64')];
    const ipc = encodeIpc(big, batches(big, [[2 ** 62], [2 ** 62]], 1));
    const plan: PhysicalNode = {
      op: 'aggregate', schema: [f('total', 'int64')], partitions: 1, mode: 'single', groupBy: [],
      aggs: [{ fn: 'sum', args: [col(0, 'int64')], type: 'int64' }],
      input: { op: 'scan', schema: big, partitions: 1, fileSchema: big, projection: null, filters: [], splits: [{ kind: 'inline', ipc }] },
    };
    let err: unknown;
    try { await runTask(task({ kind: 'result' }, plan), noRuntime); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(DataError);
    expect((err as Error).message).to.contain('total');
  });
});
