import { expect } from 'chai';
import { encodeIpc } from '../../../engine/arrow/index.js';
import type { Batch } from '../../../engine/batch.js';
import { readSplit } from '../../../engine/io/index.js';
import { field } from '../../../engine/types.js';
import { batchRows, readAll } from './helpers.js';

describe('engine/io readSplit for range and inline splits', () => {
  const idSchema = [field('id', 'int64')];

  it('reads range splits in batches', async () => {
    const sizes: number[] = [];
    for await (const b of readSplit({ kind: 'range', start: 0, end: 25, step: 1 }, idSchema, null, { batchSize: 10 })) sizes.push(b.length);
    expect(sizes).to.deep.equal([10, 10, 5]);
    expect((await readAll([{ kind: 'range', start: 3, end: 14, step: 4 }], idSchema)).flat()).to.deep.equal([3, 7, 11]);
    expect((await readAll([{ kind: 'range', start: 10, end: 0, step: -3 }], idSchema)).flat()).to.deep.equal([10, 7, 4, 1]);
    expect(await readAll([{ kind: 'range', start: 5, end: 5, step: 1 }], idSchema)).to.deep.equal([]);
    expect(await readAll([{ kind: 'range', start: 0, end: 3, step: 1 }], idSchema, [])).to.deep.equal([[], [], []]);
  });

  it('reads inline IPC splits with projection', async () => {
    const schema = [field('a', 'int32'), field('s', 'utf8')];
    const b: Batch = {
      schema, length: 3,
      columns: [
        { kind: 'num', type: 'int32', values: Int32Array.from([1, 2, 3]), valid: Uint8Array.from([1, 0, 1]) },
        { kind: 'str', type: 'utf8', dict: ['x', 'y'], codes: Int32Array.from([1, 0, 1]), valid: null },
      ],
    };
    const ipc = encodeIpc(schema, [b]);
    const rows: unknown[][] = [];
    for await (const out of readSplit({ kind: 'inline', ipc }, schema, [1, 0], { batchSize: 100 })) rows.push(...batchRows(out));
    expect(rows).to.deep.equal([['y', 1], ['x', null], ['y', 3]]);
  });
});
