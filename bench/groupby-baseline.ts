/**
 * The first benchmark: 1e7 rows (id1: a string with 100 values, v1: an int 1..5) generated in
 * memory, then `groupBy('id1').agg(sum('v1'))`, reporting rows per second and peak memory.
 * Later work compares against this baseline. The answer is checked against a plain loop.
 *
 *   npm run bench -- --rows 1e7 --executors 2
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Session, sum } from '../index.js';
import { seededRandom as prng } from '../engine/kernels/index.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '1e7' }, executors: { type: 'string', default: '2' } },
  });
  const rows = Number(values.rows);
  const executors = Number(values.executors);
  const arrow = await import('apache-arrow');
  const rnd = prng(42);
  const names = Array.from({ length: 100 }, (_, i) => `id${String(i + 1).padStart(3, '0')}`);
  const codes = new Int32Array(rows);
  const v1 = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    codes[i] = Math.floor(rnd() * 100);
    v1[i] = 1 + Math.floor(rnd() * 5);
  }
  // The reference answer, by a plain loop.
  const expected = new Float64Array(100);
  for (let i = 0; i < rows; i++) expected[codes[i]] += v1[i];
  const dictType = new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32());
  const id1 = arrow.makeVector(arrow.makeData({ type: dictType, length: rows, data: codes, dictionary: arrow.vectorFromArray(names, new arrow.Utf8()) }));
  const t = new arrow.Table({ id1, v1: arrow.makeVector(v1) });
  // The data goes through a real file, as a user's would: an Arrow IPC file split into batches.
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'data');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `groupby-baseline-${rows}.arrow`);
  const batches = [];
  for (let at = 0; at < rows; at += 1 << 20) batches.push(...t.slice(at, Math.min(rows, at + (1 << 20))).batches);
  await writeFile(file, arrow.tableToIPC(new arrow.Table(batches), 'file'));

  const startAt = performance.now();
  const session = await Session.local({ executors });
  const startMs = performance.now() - startAt;
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  try {
    const ds = session.read.arrow(file);
    const times: number[] = [];
    let result: Record<string, unknown>[] = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      result = await ds.groupBy('id1').agg(sum('v1').as('s')).collect();
      times.push(performance.now() - t0);
    }
    for (const r of result) {
      const k = names.indexOf(r.id1 as string);
      if (k < 0 || expected[k] !== r.s) throw new Error(`wrong answer for ${String(r.id1)}: ${String(r.s)} != ${expected[k]}`);
    }
    if (result.length !== 100) throw new Error(`expected 100 groups, got ${result.length}`);
    const best = Math.min(...times);
    console.log(`groupBy('id1').agg(sum('v1')) over ${rows.toExponential(0)} rows, ${executors} executor(s), read from an Arrow IPC file`);
    console.log(`  session start      ${startMs.toFixed(0)} ms`);
    console.log(`  runs (ms)          ${times.map((x) => x.toFixed(0)).join(', ')}`);
    console.log(`  best               ${(best / 1000).toFixed(3)} s, ${(rows / (best / 1000) / 1e6).toFixed(1)} M rows/s`);
    console.log(`  driver peak RSS    ${(peakRss / 2 ** 20).toFixed(0)} MiB (includes the generated input)`);
  } finally {
    clearInterval(timer);
    await session.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
