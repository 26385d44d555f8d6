import { expect } from 'chai';
import { encodeReplyHead } from '../../executor/task-wire.js';
import { decodeTaskReply } from '../../driver/cluster/task-reply.js';
import { decodeIpc, encodeIpc } from '../../engine/arrow/index.js';
import { utf8StrVec, encodeUtf8Dict } from '../../engine/kernels/index.js';
import type { Batch } from '../../engine/batch.js';

describe('executor task reply wire format', () => {
  it('round-trips a result reply, its payload 8-byte aligned whatever the header length', () => {
    const schema = [{ name: 's', type: 'utf8' as const, nullable: true }];
    const b: Batch = { schema, columns: [utf8StrVec(encodeUtf8Dict(['x', 'é', '']), Int32Array.from([2, 1, 0, 1]), null)], length: 4 };
    const ipc = encodeIpc(schema, [b]);
    for (let extra = 0; extra < 9; extra++) {
      const head = encodeReplyHead({ ok: true, result: { kind: 'result', rows: 4 + extra * 1000, bytes: ipc.byteLength } });
      expect(head.length % 8, `header with ${extra}`).to.equal(0);
      const body = new Uint8Array(head.length + ipc.byteLength);
      body.set(head, 0);
      body.set(ipc, head.length);
      const r = decodeTaskReply(body, 'http://x');
      expect(r.kind).to.equal('result');
      if (r.kind !== 'result') return;
      expect(r.rows).to.equal(4 + extra * 1000);
      expect(r.ipc.byteOffset % 8).to.equal(0);
      const back = decodeIpc(r.ipc).batches[0]!.columns[0]!;
      expect(back.kind === 'str' ? Array.from(back.codes, (c) => back.dict[c]) : null).to.deep.equal(['', 'é', 'x', 'é']);
    }
  });

  it('a failed task keeps its typed error', () => {
    const head = encodeReplyHead({ ok: false, error: { name: 'DataError', message: 'bad value "x" in column v', stack: '' } as never });
    expect(() => decodeTaskReply(new Uint8Array(head), 'http://x')).to.throw(/bad value "x" in column v/);
  });
});
