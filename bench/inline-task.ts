/**
 * The cost of inline data on the wire (issue 10.14): a fromRows of --rows rows (an int, a
 * float and a string column) on a Session.local with executor processes, counted and collected.
 * Prints the task request bytes the driver sent (ClusterBackend counters) and the median wall
 * time of a count and of a collect. Answers are checked against plain JavaScript.
 *
 *   npm run build && node dist/bench/inline-task.js --rows 100000 --runs 5
 */
import { parseArgs } from 'node:util';
import { ClusterBackend } from '../driver/cluster/index.js';
import { Session } from '../index.js';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' }, partitions: { type: 'string', default: '2' } } });
  const n = Number(values.rows);
  const runs = Number(values.runs);
  const rows = Array.from({ length: n }, (_, i) => ({ id: i, x: i / 7, s: `row ${i % 1000}` }));
  const session = await Session.local({ executors: 2 });
  try {
    const backend = (session.driver as unknown as { backend: unknown }).backend;
    if (!(backend instanceof ClusterBackend)) throw new Error('the session does not run on executor processes');
    const ds = session.fromRows(rows, { partitions: Number(values.partitions) });
    const countMs: number[] = [];
    const collectMs: number[] = [];
    let bytes = 0;
    let tasks = 0;
    for (let r = 0; r < runs; r++) {
      const b0 = backend.counters.requestBytes;
      const t0 = backend.counters.tasksSent;
      let t = performance.now();
      const c = await ds.count();
      countMs.push(performance.now() - t);
      if (c !== n) throw new Error(`wrong answer: count gave ${c}, want ${n}`);
      bytes = backend.counters.requestBytes - b0;
      tasks = backend.counters.tasksSent - t0;
      t = performance.now();
      const got = (await ds.collect()) as { id: number }[];
      collectMs.push(performance.now() - t);
      if (got.length !== n || got.reduce((s, x) => s + x.id, 0) !== (n * (n - 1)) / 2) throw new Error('wrong answer: collect');
    }
    console.log(`fromRows ${n} rows: count sends ${tasks} tasks, ${(bytes / 1e6).toFixed(2)} MB of task requests;`
      + ` count median ${median(countMs).toFixed(1)} ms, collect median ${median(collectMs).toFixed(1)} ms (${runs} runs)`);
  } finally {
    await session.stop();
  }
}

await main();
