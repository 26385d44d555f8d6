import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CSV_OPTIONS, inferCsvSchema, planSplits } from '../../../engine/io/index.js';
import type { SourceSplit } from '../../../engine/plan.js';
import { field } from '../../../engine/types.js';
import { prng, readAll, tempDir } from './helpers.js';

/** Writes one CSV field the way a careful writer would (plain JS reference). */
function enc(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  if (s === '') return '""';
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

describe('engine/io CSV splits of a large file', function () {
  this.timeout(120000);
  let dir: string;
  let cleanup: () => void;
  let path: string;
  let expected: unknown[][];
  let text: Buffer;
  const schema = [field('id', 'int32'), field('name', 'utf8'), field('x', 'float64'), field('flag', 'bool')];
  const words = ['alpha', 'b,c', 'say "x"', '', 'ünï', 'plain', 'zz'];

  before(() => {
    ({ dir, cleanup } = tempDir());
    const rnd = prng(42);
    const lines = ['id,name,x,flag'];
    expected = [];
    for (let i = 0; i < 60000; i++) {
      const name = rnd() < 0.1 ? null : words[Math.floor(rnd() * words.length)]!;
      const x = rnd() < 0.1 ? null : Math.round(rnd() * 1e6) / 100;
      const flag = rnd() < 0.1 ? null : rnd() < 0.5;
      expected.push([i, name, x, flag === null ? null : flag ? 1 : 0]);
      const eol = rnd() < 0.2 ? '\r\n' : '\n';
      lines.push([i, name, x, flag === null ? null : String(flag)].map(enc).join(',') + eol);
    }
    text = Buffer.from(lines[0] + '\n' + lines.slice(1).join(''));
    path = join(dir, 'big.csv');
    writeFileSync(path, text);
    expect(text.length).to.be.greaterThan(1_000_000);
  });
  after(() => cleanup());

  it('infers the schema', async () => {
    const s = await inferCsvSchema([path], DEFAULT_CSV_OPTIONS);
    expect(s.map((f) => f.type)).to.deep.equal(['int32', 'utf8', 'float64', 'bool']);
  });

  for (const max of [1 << 22, 65536, 10007, 777]) {
    it(`reads every row exactly once with splits of ${max} bytes`, async () => {
      const splits = await planSplits('csv', [path], { maxSplitBytes: max, csv: DEFAULT_CSV_OPTIONS });
      expect(splits.length).to.equal(Math.max(1, Math.ceil(text.length / max)));
      const rows = await readAll(splits, schema, null, 4096);
      expect(rows.length).to.equal(expected.length);
      expect(rows).to.deep.equal(expected);
    });
  }

  it('reads every row exactly once when boundaries land on and right after newlines', async () => {
    const nls: number[] = [];
    for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, i + 1)) nls.push(i);
    const rnd = prng(7);
    for (const shift of [0, 1, -1]) {
      const cuts = [0];
      for (let k = 0; k < nls.length; k += 1 + Math.floor(rnd() * 3000)) {
        const c = nls[k]! + shift;
        if (c > cuts[cuts.length - 1]!) cuts.push(c);
      }
      cuts.push(text.length);
      const splits: SourceSplit[] = [];
      for (let k = 0; k + 1 < cuts.length; k++) splits.push({ kind: 'csv', path, start: cuts[k]!, end: cuts[k + 1]!, options: DEFAULT_CSV_OPTIONS });
      const rows = await readAll(splits, schema, [3, 0], 10000);
      expect(rows).to.deep.equal(expected.map((r) => [r[3], r[0]]), `shift ${shift}`);
    }
  });
});
