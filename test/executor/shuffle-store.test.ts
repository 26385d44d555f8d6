/**
 * The on-disk shuffle store: one indexed file per map output (header of offsets, then the pieces), pieces by range read.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { seededRandom as prng } from '../../engine/kernels/index.js';
import { dropShuffleFiles, mapDataPath, readMapIndex, readPieceLocal, shuffleDir, writeMapOutput } from '../../executor/shuffle-store.js';

describe('executor shuffle store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rondo-h7-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one indexed file per map output and reads every piece back', async () => {
    const rand = prng(7);
    for (let trial = 0; trial < 20; trial++) {
      const reducers = 1 + Math.floor(rand() * 12);
      const pieces = Array.from({ length: reducers }, () => {
        // Some pieces are empty, as for a reduce partition no key hashes to.
        const n = rand() < 0.3 ? 0 : Math.floor(rand() * 3000);
        return Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
      });
      const sizes = await writeMapOutput(dir, trial, 3, pieces);
      expect(sizes).to.deep.equal(pieces.map((p) => p.length));
      expect(readdirSync(shuffleDir(dir, trial)).sort()).to.deep.equal(['map-3.data']);
      // A header of 8 bytes plus R+1 float64 offsets, then the pieces.
      const header = 8 + 8 * (reducers + 1);
      expect(statSync(mapDataPath(dir, trial, 3)).size).to.equal(header + sizes.reduce((a, b) => a + b, 0));
      const offsets = Array.from((await readMapIndex(dir, trial, 3))!);
      expect(offsets).to.deep.equal(sizes.reduce((acc, s) => [...acc, acc.at(-1)! + s], [header]));
      for (let r = 0; r < reducers; r++) {
        const got = await readPieceLocal(dir, trial, 3, r);
        expect(got, `trial ${trial} piece ${r}`).to.not.equal(null);
        expect(Buffer.from(got!).equals(Buffer.from(pieces[r]!)), `trial ${trial} piece ${r}`).to.equal(true);
      }
      expect(await readPieceLocal(dir, trial, 3, reducers)).to.equal(null);
    }
  });

  it('replaces a map output written again (a retried attempt) and answers null for what it does not hold', async () => {
    await writeMapOutput(dir, 1, 0, [Uint8Array.of(1, 2, 3), Uint8Array.of(4)]);
    await writeMapOutput(dir, 1, 0, [Uint8Array.of(9), Uint8Array.of(8, 7)]);
    expect(Array.from((await readPieceLocal(dir, 1, 0, 1))!)).to.deep.equal([8, 7]);
    expect(Array.from((await readMapIndex(dir, 1, 0))!)).to.deep.equal([32, 33, 35]);
    expect(await readMapIndex(dir, 1, 1)).to.equal(null);
    expect(readdirSync(shuffleDir(dir, 1)).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
    expect(await readPieceLocal(dir, 1, 1, 0)).to.equal(null);
    expect(await readPieceLocal(dir, 2, 0, 0)).to.equal(null);
    await dropShuffleFiles(dir, 1);
    expect(await readPieceLocal(dir, 1, 0, 0)).to.equal(null);
    expect(readdirSync(dir)).to.deep.equal([]);
  });
});
