/**
 * The examples run as users run them (`rondo run examples/….ts`), and what they print is
 * checked against the same computation in plain JavaScript.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { REPO, runCli, tableAfter } from '../cli/helpers.js';

/** Parses a small CSV without quotes (the examples' generated data). */
function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
}

describe('examples', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'rondo-examples-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('tour.ts: CSV → filter → join → aggregate → show → Parquet and back, as plain JS computes it', async () => {
    const data = join(dir, 'tour');
    const r = await runCli(['run', join(REPO, 'examples/tour.ts'), '--executors', '2', '--', data]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/rondo: 4 jobs, /);

    // The reference: the same query over the CSV files the tour generated.
    const region = new Map(readCsv(join(data, 'customers.csv')).map((c) => [Number(c.id), c.region!]));
    type Acc = { orders: number; units: number; revenue: number; price: number; byProduct: Map<string, number> };
    const acc = new Map<string, Acc>();
    for (const o of readCsv(join(data, 'orders.csv'))) {
      if (o.qty === '' || Number(o.qty) <= 0) continue;
      const reg = region.get(Number(o.customer_id));
      if (reg === undefined) continue;
      const a = acc.get(reg) ?? { orders: 0, units: 0, revenue: 0, price: 0, byProduct: new Map<string, number>() };
      a.orders++;
      a.units += Number(o.qty);
      a.revenue += Number(o.qty) * Number(o.price);
      a.price += Number(o.price);
      a.byProduct.set(o.product!, (a.byProduct.get(o.product!) ?? 0) + Number(o.qty));
      acc.set(reg, a);
    }
    const expected = [...acc].map(([reg, a]) => ({ region: reg, orders: a.orders, units: a.units, revenue: a.revenue, avg: a.price / a.orders }))
      .sort((x, y) => y.revenue - x.revenue);

    const checkTable = (rows: string[][], want: typeof expected): void => {
      expect(rows[0]).to.deep.equal(['region', 'orders', 'units', 'revenue', 'avg_price']);
      expect(rows.slice(1).map((c) => c[0])).to.deep.equal(want.map((e) => e.region));
      rows.slice(1).forEach((c, i) => {
        const e = want[i]!;
        expect(Number(c[1])).to.equal(e.orders);
        expect(Number(c[2])).to.equal(e.units);
        expect(Number(c[3])).to.be.closeTo(e.revenue, 0.0051);
        expect(Number(c[4])).to.be.closeTo(e.avg, 0.00051);
      });
    };
    checkTable(tableAfter(r.stdout, 'Revenue by region:'), expected);
    checkTable(tableAfter(r.stdout, 'Read back from Parquet:'), [...expected].sort((x, y) => x.region.localeCompare(y.region)));

    const products = tableAfter(r.stdout, 'Units by region and product:');
    const wantProducts = [...acc].flatMap(([reg, a]) => [...a.byProduct].map(([p, u]) => [reg, p, String(u)]))
      .sort((x, y) => x[0]!.localeCompare(y[0]!) || Number(y[2]) - Number(x[2]) || x[1]!.localeCompare(y[1]!));
    expect(products.slice(1)).to.deep.equal(wantProducts);
    expect(r.stdout).to.match(/wrote 4 rows to .*by-region\.parquet/);
    expect(r.stdout).to.contain('== Physical Plan ==');
  });

  it('word-count.ts: words of text files counted, as plain JS counts them', async () => {
    const texts = join(dir, 'texts');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(texts);
    const files: Record<string, string> = {
      'a.txt': 'The quick brown fox\njumps over the lazy dog.\n\n"Quoted, with commas", and THE end\n',
      'b.txt': "It's the dog's day; the fox's night.\nDog, fox, dog.\n",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(texts, name), text);
    const r = await runCli(['run', join(REPO, 'examples/word-count.ts'), '--executors', '2', '--quiet', '--', join(texts, '*.txt')]);
    expect(r.code, r.stderr).to.equal(0);

    const counts = new Map<string, number>();
    for (const text of Object.values(files)) {
      for (const w of text.toLowerCase().split(/[^a-z0-9']+/)) if (w !== '') counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect(r.stdout).to.contain(`${total} words, ${counts.size} distinct`);
    const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([w, n]) => [w, String(n)]);
    const lines = r.stdout.split('\n');
    const shown = lines.filter((l) => l.startsWith('|')).map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
    expect(shown[0]).to.deep.equal(['word', 'count']);
    expect(shown.slice(1)).to.deep.equal(top);
  });

  it('typed-lambda.ts: filter, map with captures, groupBy(key).mapGroups, as plain JS computes them', async () => {
    const r = await runCli(['run', join(REPO, 'examples/typed-lambda.ts'), '--executors', '2', '--quiet']);
    expect(r.code, r.stderr).to.equal(0);
    // The example's data, rebuilt here.
    const customers = ['ada', 'grace', 'alan', 'edsger', 'barbara', 'ken'];
    const products = ['apple', 'pear', 'plum', 'fig'];
    const per = new Map<string, { lines: number; gross: number; n: Map<string, number> }>();
    for (let i = 0; i < 600; i++) {
      const qty = i % 9;
      if (qty <= 0) continue;
      const c = customers[(i * 7) % 6]!;
      const p = products[(i * 3 + (i >> 2)) % 4]!;
      const price = 0.5 + ((i * 37) % 20) / 4;
      const e = per.get(c) ?? { lines: 0, gross: 0, n: new Map<string, number>() };
      e.lines++;
      e.gross += qty * price * 1.2;
      e.n.set(p, (e.n.get(p) ?? 0) + 1);
      per.set(c, e);
    }
    const want = [...per].sort((a, b) => a[0].localeCompare(b[0])).map(([c, e]) => {
      const fav = [...e.n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
      return `${c.padEnd(8)} ${String(e.lines).padStart(4)} lines  gross ${(Math.round(e.gross * 100) / 100).toFixed(2).padStart(9)}  favourite ${fav}`;
    });
    const got = r.stdout.split('\n').filter((l) => l.includes(' lines  gross '));
    expect(got).to.deep.equal(want);
    expect(r.stdout).to.match(/rejected: .*"threshold"/);
  });
});
