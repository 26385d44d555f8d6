/**
 * What the REPL prints for a Dataset: the same cells as `show` (timestamps as Spark prints
 * them, in UTC), and `show(0)` its header alone.
 */
import { expect } from 'chai';
import { renderValue } from '../../cli/repl-display.js';
import { Session } from '../../index.js';

describe('cli/repl-display renderValue', () => {
  let session: Session;
  before(async () => { session = await Session.local({ executors: 1, inProcess: true }); });
  after(async () => { await session?.stop(); });

  it('prints a timestamp column as yyyy-MM-dd HH:mm:ss[.fraction], like Dataset.show', async () => {
    const rows = [{ ts: new Date(Date.UTC(2024, 0, 5, 10, 11, 12)) }, { ts: new Date(Date.UTC(2024, 0, 5, 10, 11, 12, 345)) }];
    const ds = session.fromRows(rows);
    const shown = await renderValue(ds, { colors: false });
    const cells = (text: string): string[] => text.split('\n').filter((l) => /^\|\s*\d/.test(l)).map((l) => l.slice(1, -1).trim());
    // Cells are cut at 20 characters, as in Spark's show.
    expect(cells(shown!)).to.deep.equal(['2024-01-05 10:11:12', '2024-01-05 10:11:...']);
    expect(cells(await ds.show(20, { print: false }))).to.deep.equal(cells(shown!));
    expect(cells(await ds.show(20, { print: false, truncate: false }))).to.deep.equal(['2024-01-05 10:11:12', '2024-01-05 10:11:12.345']);
  });

  it('Dataset.show(0) prints the header alone', async () => {
    const text = await session.range(0, 5).show(0, { print: false });
    expect(text).to.equal('+---+\n| id|\n+---+\n+---+\n');
  });
});
