/**
 * Typed-lambda benchmark (issue 4): on Session.local with executor processes, over `--rows`
 * rows of range → v1 = id % 10, v2 = id % 7:
 *   - filter(r => r.v1 > 5) vs filter(col('v1').gt(5)), count(): the ratio (aim: within 1.5×;
 *     the lambda compiles to the same predicate),
 *   - the same filter forced row by row (conf compileLambdas: false), for contrast,
 *   - rows per second of a map that cannot be compiled (it runs row by row on materialized objects).
 * Each answer is checked against arithmetic; each figure is the median of `--runs` runs.
 *
 *   npm run build && node dist/bench/typed-lambda.js --rows 2000000 --runs 5
 */
import { parseArgs } from 'node:util';
import { col, Session } from '../index.js';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timed(runs: number, f: () => Promise<number>, expected: number, what: string): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const got = await f();
    ms.push(performance.now() - t0);
    if (got !== expected) throw new Error(`wrong answer for ${what}: ${got}, expected ${expected}`);
  }
  return median(ms);
}

type Row = { id: number; v1: number; v2: number };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    rows: { type: 'string', default: '2000000' },
    runs: { type: 'string', default: '5' },
    executors: { type: 'string', default: '2' },
    partitions: { type: 'string', default: '4' },
  } });
  const n = Number(values.rows);
  const runs = Number(values.runs);
  const executors = Number(values.executors);
  const partitions = Number(values.partitions);
  // v1 = id % 10 > 5 for 4 of every 10 ids.
  const expectedFilter = Math.floor(n / 10) * 4 + Math.max(0, (n % 10) - 6);
  const data = (s: Session) => s.range(0, n, { partitions })
    .withColumn('v1', col('id').mod(10).cast('int32'))
    .withColumn('v2', col('id').mod(7).cast('int32'))
    .as<Row>();

  const figures: Record<string, string | number> = { rows: n, executors, partitions, runs };
  let session = await Session.local({ executors });
  try {
    // Warm up: the executors' JIT on both plans, and the driver's one-time load of the analyzer
    // (ts-morph, ~0.4 s on first use; definitions after that hit the analysis cache).
    const t0 = performance.now();
    data(session).filter((r) => r.v1 > 5);
    figures['first lambda definition ms'] = Math.round(performance.now() - t0);
    const t1 = performance.now();
    data(session).filter((r) => r.v1 > 5);
    figures['next definitions ms'] = Number((performance.now() - t1).toFixed(2));
    // Alternate the two forms so machine noise falls on both alike.
    const lambdaMs: number[] = [];
    const columnMs: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const l = await timed(1, () => data(session).filter((r) => r.v1 > 5).count(), expectedFilter, 'lambda filter');
      const c = await timed(1, () => data(session).filter(col('v1').gt(5)).count(), expectedFilter, 'column filter');
      if (i > 0) (lambdaMs.push(l), columnMs.push(c)); // run 0 warms up
    }
    const lambda = median(lambdaMs);
    const column = median(columnMs);
    figures['filter lambda ms'] = Math.round(lambda);
    figures['filter column ms'] = Math.round(column);
    figures['lambda / column'] = Number((lambda / column).toFixed(2));
    const map = await timed(runs, () => data(session).map((r) => ({ id: r.id, tag: String(r.v1).padStart(3, '0') + ':' + r.v2 })).count(), n, 'uncompiled map');
    figures['uncompiled map ms'] = Math.round(map);
    figures['uncompiled map rows/s'] = Math.round(n / (map / 1000));
  } finally {
    await session.stop();
  }
  session = await Session.local({ executors, conf: { compileLambdas: false } });
  try {
    await data(session).filter((r) => r.v1 > 5).count();
    const rowByRow = await timed(runs, () => data(session).filter((r) => r.v1 > 5).count(), expectedFilter, 'row-by-row filter');
    figures['filter row by row ms'] = Math.round(rowByRow);
    figures['row by row / column'] = Number((rowByRow / Number(figures['filter column ms'])).toFixed(2));
    figures['row-by-row filter rows/s'] = Math.round(n / (rowByRow / 1000));
  } finally {
    await session.stop();
  }
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(28)} ${v}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
