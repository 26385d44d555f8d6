/**
 * In-memory data (fromRows, fromArrow) travels to executors as binary attachments of the task
 * frame: values come back exactly (NaN, -0, nulls, astral strings, empty partitions) in both
 * modes (executor processes and in-process), and the task bytes are the data's bytes, not base64.
 */
import { expect } from 'chai';
import { Float64, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { ClusterBackend } from '../../../driver/cluster/index.js';
import { Session } from '../../../index.js';

interface R {
  id: number;
  x: number | null;
  s: string | null;
}

const ROWS: R[] = [
  { id: 0, x: NaN, s: '😀 astral 𝄞' },
  { id: 1, x: -0, s: '' },
  { id: 2, x: null, s: null },
  { id: 3, x: 0, s: 'é\u0000z' },
  { id: 4, x: -Infinity, s: '\uD83D\uDE00\uD83D\uDE00' },
  { id: 5, x: Number.MIN_VALUE, s: 'x'.repeat(300) },
  { id: 6, x: 1.7976931348623157e308, s: 'plain' },
];

/** Value by value with Object.is, so NaN and -0 count. */
function expectExact(got: readonly R[], want: readonly R[]): void {
  const sorted = [...got].sort((a, b) => a.id - b.id);
  expect(sorted.map((r) => r.id)).to.deep.equal(want.map((r) => r.id));
  sorted.forEach((r, i) => {
    expect(Object.is(r.x, want[i]!.x), `row ${r.id}: x is ${String(r.x)}, want ${String(want[i]!.x)}`).to.equal(true);
    expect(r.s, `row ${r.id}: s`).to.equal(want[i]!.s);
  });
}

describe('inline data on the wire', () => {
  for (const inProcess of [false, true]) {
    describe(inProcess ? 'in-process backend' : 'executor processes', () => {
      let session: Session;
      before(async () => {
        session = await Session.local({ executors: 2, inProcess });
      });
      after(async () => {
        await session?.stop();
      });

      it('fromRows round-trips NaN, -0, nulls, astral strings and empty partitions exactly', async () => {
        const schema = { id: 'int32', x: 'float64', s: 'utf8' } as const;
        // More partitions than rows: some partitions are empty.
        const ds = session.fromRows(ROWS, { schema, partitions: ROWS.length + 3 });
        expectExact((await ds.collect()) as R[], ROWS);
        expect(await ds.count()).to.equal(ROWS.length);
        const none = session.fromRows([] as R[], { schema, partitions: 3 });
        expect(await none.collect()).to.deep.equal([]);
      });

      it('fromArrow round-trips the same values', async () => {
        const t = new Table({
          id: vectorFromArray(ROWS.map((r) => r.id), new Int32()),
          x: vectorFromArray(ROWS.map((r) => r.x), new Float64()),
          s: vectorFromArray(ROWS.map((r) => r.s), new Utf8()),
        });
        const got = (await session.fromArrow(t, { partitions: 4 }).collect()) as unknown as R[];
        expectExact(got, ROWS);
      });
    });
  }

  it('sends the data as raw bytes: a fromRows task costs its IPC bytes, not base64 of them', async () => {
    const session = await Session.local({ executors: 1 });
    try {
      const backend = (session.driver as unknown as { backend: unknown }).backend as ClusterBackend;
      expect(backend).to.be.instanceOf(ClusterBackend);
      const n = 50_000;
      const rows = Array.from({ length: n }, (_, i) => ({ x: i + 0.5 }));
      const sent = async (data: { x: number }[]): Promise<number> => {
        const b0 = backend.counters.requestBytes;
        const c = await session.fromRows(data, { schema: { x: 'float64' }, partitions: 1 }).count();
        expect(c).to.equal(data.length);
        return backend.counters.requestBytes - b0;
      };
      // The same job over one row gives the cost of everything but the data.
      const overhead = await sent(rows.slice(0, 1));
      const data = (await sent(rows)) - overhead;
      // 8 bytes a float64 value (plus Arrow's few hundred bytes of framing); base64 would be 4/3 of it.
      expect(data).to.be.within(8 * n - 8, 8 * n * 1.05);
    } finally {
      await session.stop();
    }
  });
});
