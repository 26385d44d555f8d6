/**
 * `session.read.*` returns a Dataset at once (API.md: "Sources (all return Dataset)") and
 * fails at the call for a missing file, as Spark's reader does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Dataset, Session, SourceError, col } from '../../index.js';

describe('dsl: read returns a Dataset synchronously', () => {
  let session: Session;
  let dir: string;
  before(async () => {
    session = await Session.local({ executors: 1, inProcess: true });
    dir = mkdtempSync(join(tmpdir(), 'rondo-read-sync-'));
    writeFileSync(join(dir, 'a.csv'), 'k,v\nx,1\ny,2\nx,3\n');
    writeFileSync(join(dir, 'b.jsonl'), '{"k":"x","v":1.5}\n{"k":"z","v":null}\n');
  });
  after(async () => {
    await session.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('csv and json give a Dataset that chains without await', async () => {
    const csv = session.read.csv(join(dir, 'a.csv'));
    expect(csv).to.be.instanceOf(Dataset);
    expect(csv.columns).to.deep.equal(['k', 'v']);
    const rows = await csv.filter(col('k').eq('x')).orderBy('v').collect();
    expect(rows).to.deep.equal([{ k: 'x', v: 1 }, { k: 'x', v: 3 }]);
    const json = session.read.json(join(dir, 'b.jsonl'));
    expect(json).to.be.instanceOf(Dataset);
    expect(await json.orderBy('k').collect()).to.deep.equal([{ k: 'x', v: 1.5 }, { k: 'z', v: null }]);
  });

  it('a missing file throws at the call, naming the path', () => {
    const missing = join(dir, 'missing.csv');
    expect(() => session.read.csv(missing)).to.throw(SourceError, missing);
    expect(() => session.read.parquet(join(dir, 'nothing-*.parquet'))).to.throw(SourceError, 'nothing-');
  });
});
