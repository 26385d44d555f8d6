/**
 * The task frame (engine/task-frame.ts) round-trips: JSON part and binary attachments come back
 * equal, attachments are aligned views into the frame (no copy, no base64), and a frame of
 * another protocol version, or not a frame at all, is refused with both versions named.
 */
import { expect } from 'chai';
import { InternalError } from '../../engine/errors.js';
import type { PhysicalNode, Task } from '../../engine/plan.js';
import { decodeTaskFrame, encodeTaskFrame, readTaskFrameHeader, WIRE_PROTOCOL } from '../../engine/task-frame.js';
import { frameRoundTrip } from '../../driver/frame-round-trip.js';
import type { Schema } from '../../engine/types.js';

const S: Schema = [{ name: 'v', type: 'float64', nullable: true }];

/** `n` bytes of a simple pattern (distinct per `seed`), as their own ArrayBuffer or a view into a bigger one. */
function bytes(n: number, seed: number, offset = 0): Uint8Array {
  const buf = new Uint8Array(n + offset + 3);
  for (let i = 0; i < buf.length; i++) buf[i] = (i * 31 + seed * 7) & 0xff;
  return buf.subarray(offset, offset + n);
}

function inlineScan(ipc: Uint8Array): PhysicalNode {
  return { op: 'scan', schema: S, partitions: 1, fileSchema: S, projection: null, filters: [], splits: [{ kind: 'inline', ipc }] };
}

function sampleTask(): Task {
  const union: PhysicalNode = {
    op: 'union', schema: S, partitions: 4,
    inputs: [inlineScan(bytes(13, 1, 5)), inlineScan(new Uint8Array(0)), inlineScan(bytes(4096, 2)),
      { op: 'scan', schema: S, partitions: 1, fileSchema: S, projection: null, filters: [], splits: [{ kind: 'cached', cacheId: 'c 1/é', partition: 3, location: 'http://127.0.0.1:9' }] }],
  };
  return {
    jobId: 'job-😀', stageId: 2, partition: 3, attempt: 1, plan: union,
    inputs: [{ shuffleId: 7, maps: [{ mapPartition: 0, location: 'http://a', sizes: [1, 0, 2] }] }],
    output: { kind: 'shuffle', shuffleId: 9, partitioning: { kind: 'range', keys: [], partitions: 3, bounds: bytes(7, 3, 1) } },
    conf: { batchSize: 1000, bigint: false },
  };
}

describe('engine/task-frame', () => {
  it('round-trips a task with its byte blocks: equal bytes, 8-byte aligned views into the frame', () => {
    const task = sampleTask();
    const frame = encodeTaskFrame(task);
    const back = decodeTaskFrame(frame);
    expect(back).to.deep.equal(task);
    const blocks: Uint8Array[] = [];
    if (back.plan.op !== 'union') throw new Error('shape');
    for (const s of back.plan.inputs) if (s.op === 'scan' && s.splits[0]!.kind === 'inline') blocks.push(s.splits[0]!.ipc);
    if (back.output.kind === 'shuffle' && back.output.partitioning.kind === 'range') blocks.push(back.output.partitioning.bounds!);
    expect(blocks.map((b) => b.byteLength)).to.deep.equal([13, 0, 4096, 7]);
    for (const b of blocks) {
      expect(b.buffer, 'a view, not a copy').to.equal(frame.buffer);
      expect(b.byteOffset % 8).to.equal(0);
    }
  });

  it('carries bytes beside the JSON, not inside it: the frame is the JSON plus the raw bytes', () => {
    const big = bytes(100_000, 9);
    const task = { ...sampleTask(), plan: inlineScan(big) };
    const frame = encodeTaskFrame(task);
    const withoutBytes = encodeTaskFrame({ ...task, plan: inlineScan(new Uint8Array(0)) });
    // base64 would add a third; the frame adds at most the alignment padding.
    expect(frame.byteLength - withoutBytes.byteLength).to.be.within(100_000, 100_000 + 16);
    expect(new TextDecoder().decode(frame)).not.to.include(Buffer.from(big.subarray(0, 30)).toString('base64'));
  });

  it('names every cached split in the header, so the executor need not parse the plan', () => {
    const h = readTaskFrameHeader(encodeTaskFrame(sampleTask()));
    expect(h.cached).to.deep.equal([{ cacheId: 'c 1/é', partition: 3, location: 'http://127.0.0.1:9' }]);
    expect([h.jobId, h.stageId, h.partition, h.attempt]).to.deep.equal(['job-😀', 2, 3, 1]);
  });

  it('keeps every task field, also ones it does not know, and does not change the task it encodes', () => {
    const task = { ...sampleTask(), extra: { note: 'x', list: [1, null, 'y'] } } as unknown as Task;
    const before = JSON.stringify(task, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
    expect(decodeTaskFrame(encodeTaskFrame(task))).to.deep.equal(task);
    expect(JSON.stringify(task, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v))).to.equal(before);
  });

  it('refuses another protocol version and a protocol 1 JSON body, naming both versions', () => {
    const frame = encodeTaskFrame(sampleTask());
    new DataView(frame.buffer).setUint32(4, WIRE_PROTOCOL + 1, false);
    expect(() => readTaskFrameHeader(frame, 'executor E')).to.throw(InternalError, `the task speaks rondo wire protocol ${WIRE_PROTOCOL + 1}, executor E speaks ${WIRE_PROTOCOL}`);
    expect(() => decodeTaskFrame(frame)).to.throw(InternalError, /protocol/);
    const json = new TextEncoder().encode(JSON.stringify({ jobId: 'j' }));
    expect(() => readTaskFrameHeader(json, 'executor E')).to.throw(InternalError, `JSON body, as a driver of rondo wire protocol 1 sends; executor E speaks rondo wire protocol ${WIRE_PROTOCOL}`);
    expect(() => readTaskFrameHeader(new Uint8Array(3))).to.throw(InternalError, /not a rondo task frame/);
  });

  it('refuses a truncated frame and an attachment that points nowhere, saying what is wrong', () => {
    const frame = encodeTaskFrame(sampleTask());
    expect(() => decodeTaskFrame(frame.subarray(0, frame.byteLength - 8))).to.throw(InternalError, /truncated task frame/);
    expect(() => decodeTaskFrame(frame.subarray(0, 20))).to.throw(InternalError, /truncated|not JSON/);
    // Re-point attachment 0 at a field that is not null (same header length: JSON allows the spaces).
    const n = new DataView(frame.buffer).getUint32(8, false);
    const text = new TextDecoder().decode(frame.subarray(12, 12 + n));
    const path = '"path":["plan","inputs",0,"splits",0,"ipc"]';
    const forged = text.replace(path, '"path":["plan","inputs",0,"op"]'.padEnd(path.length));
    expect(forged).not.to.equal(text);
    const copy = frame.slice();
    copy.set(new TextEncoder().encode(forged), 12);
    expect(() => decodeTaskFrame(copy)).to.throw(InternalError, /attachment 0 points at .*not a null/);
  });

  it('the in-process round trip still rejects what JSON would change, and checks the bytes', () => {
    const bad = { ...sampleTask(), conf: { batchSize: NaN, bigint: false } };
    expect(() => frameRoundTrip(bad, 'task')).to.throw(InternalError, /task does not survive the task frame round trip: \$\.conf\.batchSize was NaN/);
    const ok = frameRoundTrip(sampleTask(), 'task');
    expect(ok).to.deep.equal(sampleTask());
  });
});
