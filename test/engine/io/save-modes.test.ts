import { expect } from 'chai';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SinkError, SourceError } from '../../../engine/errors.js';
import { abortWrite, commitWrite, fileSizes, prepareWrite, resolvePaths } from '../../../engine/io/index.js';
import { rejection, tempDir } from './helpers.js';

describe('engine/io save modes and paths', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  function stage(staging: string, files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      const p = join(staging, name);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, text);
    }
  }

  it('mode error: writes a new folder, then refuses to write again', async () => {
    const out = join(dir, 'out');
    const staging = await prepareWrite(out, 'error', 'job1');
    expect(staging).to.equal(join(out, '_temporary', 'job1'));
    stage(staging, { 'part-0.csv': 'a\n1\n', 'k=1/part-1.csv': 'a\n2\n' });
    await commitWrite(out, staging, 'error');
    expect(readdirSync(out).sort()).to.deep.equal(['_SUCCESS', 'k=1', 'part-0.csv']);
    expect(await resolvePaths(out)).to.deep.equal([join(out, 'k=1', 'part-1.csv'), join(out, 'part-0.csv')]);
    const e = await rejection(prepareWrite(out, 'error', 'job2'));
    expect(e).to.be.instanceOf(SinkError);
    expect(e.message).to.contain(out);
  });

  it('mode overwrite: old data stays until commit, then only the new data is there', async () => {
    const out = join(dir, 'out');
    stage(out, { 'old.csv': 'old', 'x=1/old.csv': 'old' });
    const staging = await prepareWrite(out, 'overwrite', 'j');
    expect(existsSync(join(out, 'old.csv'))).to.equal(true);
    stage(staging, { 'part-0.csv': 'new' });
    await commitWrite(out, staging, 'overwrite');
    expect(readdirSync(out).sort()).to.deep.equal(['_SUCCESS', 'part-0.csv']);
  });

  it('mode append: keeps old data and never clobbers a name', async () => {
    const out = join(dir, 'out');
    stage(out, { 'part-0.csv': 'old' });
    const staging = await prepareWrite(out, 'append', 'j');
    stage(staging, { 'part-0.csv': 'new', 'part-1.csv': 'new1' });
    await commitWrite(out, staging, 'append');
    expect(readdirSync(out).sort()).to.deep.equal(['_SUCCESS', 'part-0-1.csv', 'part-0.csv', 'part-1.csv']);
    expect(readFileSync(join(out, 'part-0.csv'), 'utf8')).to.equal('old');
    expect(readFileSync(join(out, 'part-0-1.csv'), 'utf8')).to.equal('new');
  });

  it('abort removes the staging folder and leaves the target alone', async () => {
    const out = join(dir, 'out');
    stage(out, { 'a.csv': 'x' });
    const staging = await prepareWrite(out, 'append', 'j');
    stage(staging, { 'b.csv': 'y' });
    await abortWrite(staging);
    expect(readdirSync(out)).to.deep.equal(['a.csv']);
  });

  it('an empty folder or one holding only _SUCCESS is not data for mode error', async () => {
    const out = join(dir, 'out');
    stage(out, { _SUCCESS: '' });
    const staging = await prepareWrite(out, 'error', 'j');
    await commitWrite(out, staging, 'error');
    expect(readdirSync(out)).to.deep.equal(['_SUCCESS']);
  });

  it('resolvePaths skips _ and . names, sorts, and fails on what matches nothing', async () => {
    stage(dir, { 'b.csv': '1', 'a.csv': '22', '_SUCCESS': '', '.hidden': '', '_temporary/j/x.csv': '', 'sub/c.csv': '333', '_k=1/d.csv': '', 'sub/.f.csv.1a2b.tmp': '' });
    expect(await resolvePaths(dir)).to.deep.equal([join(dir, '_k=1', 'd.csv'), join(dir, 'a.csv'), join(dir, 'b.csv'), join(dir, 'sub', 'c.csv')]);
    expect(await resolvePaths(join(dir, '*.csv'))).to.deep.equal([join(dir, 'a.csv'), join(dir, 'b.csv')]);
    expect(await fileSizes(await resolvePaths(dir))).to.equal(6);
    for (const p of [join(dir, 'none.csv'), join(dir, '*.parquet')]) {
      const e = await rejection(resolvePaths(p));
      expect(e).to.be.instanceOf(SourceError);
      expect(e.message).to.contain(p);
    }
    mkdirSync(join(dir, 'empty'));
    expect(await rejection(resolvePaths(join(dir, 'empty')))).to.be.instanceOf(SourceError);
  });
});
