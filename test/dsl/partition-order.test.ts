/**
 * take / head / first / show / limit / collect without an order give rows in partition order,
 * as Spark does (the first rows of partition 0, then of partition 1, …), on real executors
 * (pieces of a shuffle arrive from the peers in any order), with coalescing on and off.
 */
import { expect } from 'chai';
import { Session, col, desc, max } from '../../index.js';

const ids = (rows: readonly object[]): number[] => rows.map((r) => Number((r as { id: unknown }).id));
const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The id cells of a `show` table, top to bottom. */
function shownIds(text: string): number[] {
  return text.split('\n').filter((l) => /^\|\s*\d+\|$/.test(l)).map((l) => Number(l.replace(/[|\s]/g, '')));
}

const setups = [
  { name: '3 executors, coalescing on', executors: 3, coalescePartitions: true },
  { name: '2 executors, coalescing off', executors: 2, coalescePartitions: false },
];

for (const setup of setups) {
  describe(`dsl: rows in partition order without an orderBy (${setup.name})`, function () {
    this.timeout(120_000);
    let session: Session;
    before(async () => {
      session = await Session.local({ executors: setup.executors, conf: { shufflePartitions: 4, coalescePartitions: setup.coalescePartitions } });
    });
    after(async () => { await session?.stop(); });

    it('range(0, 5) over 3 partitions: take, head, first, limit, collect and show give 0..4', async () => {
      const ds = session.range(0, 5, { partitions: 3 });
      expect(ids(await ds.take(5))).to.deep.equal(upTo(5));
      expect(ids(await ds.take(2))).to.deep.equal([0, 1]);
      expect(await ds.head()).to.deep.equal({ id: 0 });
      expect(ids(await ds.head(3))).to.deep.equal([0, 1, 2]);
      expect(await ds.first()).to.deep.equal({ id: 0 });
      expect(ids(await ds.limit(4).collect())).to.deep.equal(upTo(4));
      expect(ids(await ds.collect())).to.deep.equal(upTo(5));
      expect(shownIds(await ds.show(20, { print: false }))).to.deep.equal(upTo(5));
      const three = await ds.show(3, { print: false });
      expect(shownIds(three)).to.deep.equal([0, 1, 2]);
      expect(three).to.contain('only showing top 3 rows');
    });

    it('fromRows: head() is the first row, take(2) the first two', async () => {
      const rows = [{ name: 'ann', n: 1 }, { name: 'bob', n: 2 }, { name: 'cy', n: 3 }];
      const ds = session.fromRows(rows, { partitions: 3 });
      expect(await ds.head()).to.deep.equal(rows[0]);
      expect(await ds.take(2)).to.deep.equal(rows.slice(0, 2));
      expect(await ds.collect()).to.deep.equal(rows);
      expect(await session.fromRows(rows.slice(0, 0), { schema: { name: 'utf8', n: 'int32' } }).head()).to.equal(undefined);
    });

    it('after a filter, over many partitions: the first n matching rows in order', async () => {
      const want = upTo(400).filter((i) => i % 7 === 3);
      const ds = session.range(0, 400, { partitions: 8 }).filter(col('id').mod(7).eq(3));
      expect(ids(await ds.take(12))).to.deep.equal(want.slice(0, 12));
      expect(ids(await ds.limit(30).collect())).to.deep.equal(want.slice(0, 30));
      expect(ids(await ds.collect())).to.deep.equal(want);
    });

    it('a limit inside the plan keeps the first rows in partition order', async () => {
      const ds = session.range(0, 120, { partitions: 6 }).limit(25).select(col('id').mul(2).as('id'));
      expect(ids(await ds.collect())).to.deep.equal(upTo(25).map((i) => i * 2));
      const [top] = await session.range(0, 120, { partitions: 6 }).limit(25).agg(max('id').as('m')).collect();
      expect(Number(top!.m)).to.equal(24);
    });

    it('an orderBy result stays ordered through take, head and show', async () => {
      const ds = session.range(0, 60, { partitions: 5 }).orderBy(desc('id'));
      expect(ids(await ds.take(4))).to.deep.equal([59, 58, 57, 56]);
      expect(await ds.head()).to.deep.equal({ id: 59 });
      expect(shownIds(await ds.show(3, { print: false }))).to.deep.equal([59, 58, 57]);
      expect(ids(await ds.collect())).to.deep.equal(upTo(60).reverse());
    });
  });
}
