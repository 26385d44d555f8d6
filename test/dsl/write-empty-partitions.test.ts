/**
 * A write leaves no file for an empty partition (as Spark); an entirely empty result still
 * writes one file, with the header or schema, that reads back as an empty Dataset.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Session, col } from '../../index.js';

const FORMATS = ['csv', 'json', 'arrow', 'parquet'] as const;

describe('dsl: writes without empty part files', function () {
  this.timeout(120_000);
  let session: Session;
  let dir: string;
  before(async () => {
    session = await Session.local({ executors: 2 });
    dir = mkdtempSync(path.join(tmpdir(), 'rondo-write-empty-'));
  });
  after(async () => {
    await session?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = [{ id: 1, name: 'a' }, { id: 2, name: 'b' }, { id: 3, name: 'c' }, { id: 4, name: 'd' }];
  const partFiles = (out: string): string[] => readdirSync(out).filter((f) => f.startsWith('part-')).sort();

  for (const format of FORMATS) {
    it(`4 rows over 8 partitions write at most 4 files, none empty, every row once (${format})`, async () => {
      const out = path.join(dir, `four-${format}`);
      const res = await session.fromRows(rows, { partitions: 8 }).write[format](out);
      const files = partFiles(out);
      expect(files.length).to.be.within(1, 4);
      expect(res.files.map((f) => path.basename(f)).sort()).to.deep.equal(files);
      const back = await session.read[format](out, format === 'csv' ? { schema: { id: 'int32', name: 'utf8' } } : {}).collect();
      expect(back.map((r) => Number(r.id)).sort()).to.deep.equal([1, 2, 3, 4]);
      // Every file holds rows: read each alone.
      for (const f of files) {
        const n = await session.read[format](path.join(out, f), format === 'csv' ? { schema: { id: 'int32', name: 'utf8' } } : {}).count();
        expect(n, f).to.be.greaterThan(0);
      }
    });
  }

  it('an entirely empty result writes one file carrying the schema (parquet, arrow) or the header (csv)', async () => {
    for (const format of ['csv', 'arrow', 'parquet'] as const) {
      const out = path.join(dir, `empty-${format}`);
      await session.fromRows(rows, { partitions: 4 }).filter(col('id').gt(100)).write[format](out);
      const files = partFiles(out);
      expect(files, format).to.have.length(1);
      if (format === 'csv') expect(readFileSync(path.join(out, files[0]!), 'utf8')).to.equal('id,name\n');
      else {
        const back = session.read[format](out);
        expect((await back.schema()).map((f) => f.name), format).to.deep.equal(['id', 'name']);
        expect(await back.count(), format).to.equal(0);
      }
    }
  });
});
