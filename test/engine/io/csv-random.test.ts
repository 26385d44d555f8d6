import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planSplits } from '../../../engine/io/index.js';
import type { CsvOptions } from '../../../engine/plan.js';
import { field } from '../../../engine/types.js';
import { prng, readAll, tempDir } from './helpers.js';

/** Plain-JS CSV writer for the reference: quotes a field when asked or when it must. */
function encode(v: string | null, o: CsvOptions, forceQuote: boolean): string {
  if (v === null) return '';
  const must = v === '' || v.includes(o.delimiter) || v.includes(o.quote) || v.includes('\n') || v.includes('\r') || v.includes(o.escape);
  if (!must && !forceQuote) return v;
  let body = '';
  for (const ch of v) {
    if (ch === o.quote) body += o.escape === o.quote ? o.quote + o.quote : o.escape + o.quote;
    else if (ch === o.escape && o.escape !== o.quote) body += o.escape + o.escape;
    else body += ch;
  }
  return o.quote + body + o.quote;
}

describe('engine/io CSV differential over random options, data and splits', function () {
  this.timeout(120000);
  let dir: string;
  let cleanup: () => void;
  before(() => ({ dir, cleanup } = tempDir()));
  after(() => cleanup());

  const variants: CsvOptions[] = [
    { header: true, delimiter: ',', quote: '"', escape: '"', nullValue: '' },
    { header: false, delimiter: ';', quote: '"', escape: '\\', nullValue: '' },
    { header: true, delimiter: '\t', quote: "'", escape: "'", nullValue: '' },
    { header: true, delimiter: '|', quote: '"', escape: '\\', nullValue: '' },
  ];
  variants.forEach((o, vi) => {
    for (const multiline of [false, true]) {
      it(`variant ${vi} (${JSON.stringify(o.delimiter)}, escape ${JSON.stringify(o.escape)}${multiline ? ', newlines in values, one split' : ', many splits'})`, async () => {
        const rnd = prng(1000 + vi * 2 + (multiline ? 1 : 0));
        const pieces = ['a', 'b', ' ', ',', ';', '|', '\t', '"', "'", '\\', 'é', '✓', 'x'];
        if (multiline) pieces.push('\n', '\r\n');
        const rows: (string | null)[][] = [];
        const lines: string[] = [];
        if (o.header) lines.push(['c0', 'c1', 'c2'].join(o.delimiter) + '\n');
        for (let i = 0; i < 3000; i++) {
          const row = [String(i), ...[0, 1].map(() => {
            if (rnd() < 0.1) return null;
            let s = '';
            const len = Math.floor(rnd() * 8);
            for (let k = 0; k < len; k++) s += pieces[Math.floor(rnd() * pieces.length)];
            return s;
          })];
          rows.push(row);
          lines.push(row.map((v) => encode(v, o, rnd() < 0.3)).join(o.delimiter) + (rnd() < 0.3 ? '\r\n' : '\n'));
        }
        const path = join(dir, `r${vi}-${multiline}.csv`);
        const text = lines.join('');
        writeFileSync(path, text);
        const schema = [field('c0', 'utf8'), field('c1', 'utf8'), field('c2', 'utf8')];
        const max = multiline ? 1 << 24 : 1 + Math.floor(Buffer.byteLength(text) / 37);
        const splits = await planSplits('csv', [path], { maxSplitBytes: max, csv: o });
        expect(splits.length).to.equal(multiline ? 1 : Math.ceil(Buffer.byteLength(text) / max));
        if (!multiline) expect(splits.length).to.be.greaterThan(30);
        const got = await readAll(splits, schema, null, 256);
        expect(got).to.deep.equal(rows);
      });
    }
  });
});
