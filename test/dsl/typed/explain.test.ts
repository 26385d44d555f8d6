/**
 * What explain() shows of row functions: compiled ones as the expression they became (and
 * pushed down like column filters), the others as row-by-row nodes with the reason, and the
 * scan under a function reading only the fields the function reads.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Session } from '../../../dsl/session.js';

type Rw = { id: number; v1: number; name: string; extra: string };

/** The lines of one `== Section ==` of explain's text. */
function section(text: string, title: string): string {
  const start = text.indexOf(`== ${title} ==`);
  const rest = text.slice(start + title.length + 6);
  const end = rest.indexOf('\n== ');
  return end < 0 ? rest : rest.slice(0, end);
}

describe('typed API in explain()', function () {
  let session: Session;
  let dir: string;
  let file: string;
  before(async () => {
    session = await Session.local({ executors: 2, inProcess: true });
    dir = mkdtempSync(path.join(tmpdir(), 'rondo-typed-explain-'));
    file = path.join(dir, 'people.csv');
    writeFileSync(file, 'id,v1,name,extra\n' + Array.from({ length: 40 }, (_, i) => `${i},${i % 9},n${i % 4},x${i}`).join('\n') + '\n');
  });
  after(async () => {
    await session.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const csv = () => session.read.csv(file, { inferSchema: true }).as<Rw>();

  it('a compiled filter is a Filter, pushed into the scan like a column filter', async () => {
    const ds = csv().filter((r) => r.v1 > 5);
    const text = await ds.explain();
    expect(section(text, 'Parsed Logical Plan')).to.match(/Filter .*v1.*<- compiled lambda \(r\) => r\.v1 > 5/);
    expect(section(text, 'Physical Plan')).to.match(/Scan csv \[people\.csv\].*pushedFilters=\[.*v1.*5/);
    expect(section(text, 'Physical Plan')).to.not.include('RowFn');
    expect((await ds.collect()).map((r) => r.id)).to.deep.equal(Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 9 > 5));
  });

  it('a function that runs row by row says so and why; the scan reads only the fields it reads', async () => {
    const ds = csv().map((r) => ({ id: r.id, tag: r.name.padEnd(5, '-') }));
    const text = await ds.explain();
    expect(section(text, 'Parsed Logical Plan')).to.match(/MapRows map .*reads=\[id, name\].* row by row \(not compiled: .+\)/);
    expect(section(text, 'Physical Plan')).to.match(/RowFn map .*\(row by row\)/);
    expect(section(text, 'Physical Plan')).to.match(/Scan csv \[people\.csv\] projection=\[id, name\]/);
    expect(await ds.orderBy('id').first()).to.deep.equal({ id: 0, tag: 'n0---' });
  });

  it('a whole-row function keeps every column', async () => {
    const text = await csv().map((r) => ({ ...r, n: Object.keys(r).length })).explain();
    expect(section(text, 'Parsed Logical Plan')).to.include('reads=whole row');
    expect(section(text, 'Physical Plan')).to.match(/Scan csv \[people\.csv\] \[id, v1, name, extra\]/);
  });

  it('a compiled map is a Project; a compiled key a projected column before the exchange', async () => {
    const m = await csv().map((r) => ({ id: r.id, w: r.v1 * 2 })).explain();
    expect(section(m, 'Parsed Logical Plan')).to.match(/Project \[.*\] <- compiled lambda/);
    expect(section(m, 'Physical Plan')).to.match(/Scan csv \[people\.csv\] projection=\[id, v1\]/);
    const g = await csv().groupBy((r) => r.name).mapGroups((k, rs) => ({ k, n: rs.length })).explain();
    expect(section(g, 'Parsed Logical Plan')).to.match(/GroupRows mapGroups .*key=__key/);
    expect(section(g, 'Parsed Logical Plan')).to.match(/Project \[.*name AS __key\] <- compiled lambda \(r\) => r\.name/);
    expect(section(g, 'Physical Plan')).to.match(/RowFnGroups\(final\) mapGroups[\s\S]*Exchange hash\(\[__key/);
  });

  it('with compileLambdas false, the same filter runs row by row and the explain says why', async () => {
    const s2 = await Session.local({ executors: 1, inProcess: true, conf: { compileLambdas: false } });
    try {
      const text = await s2.read.csv(file, { inferSchema: true }).as<Rw>().filter((r) => r.v1 > 5).explain();
      expect(section(text, 'Parsed Logical Plan')).to.match(/MapRows filter .*reads=\[v1\] row by row \(not compiled: the session conf sets compileLambdas to false\)/);
    } finally {
      await s2.stop();
    }
  });
});
