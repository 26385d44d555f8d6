/**
 * Runs one benchmark question repeatedly on an in-process session (tasks run in this
 * process through the same serialized path), for a CPU profile of the engine:
 *
 *   node --cpu-prof --cpu-prof-dir=perf dist/bench/profile.js --rows 1e7 --set groupby --q q1 --runs 3
 *   RONDO_EXECUTOR_NODE_ARGS='--cpu-prof --cpu-prof-dir=perf' node dist/bench/profile.js --cluster ...  (the executors)
 */
import { parseArgs } from 'node:util';
import { Session, type Dataset } from '../index.js';
import { groupByBase } from './data/gen-groupby.js';
import { joinBases } from './data/gen-join.js';
import { defaultDataDir } from './data/paths.js';
import { parseRows } from './data/table-spec.js';
import { GROUPBY_QUESTIONS, JOIN_QUESTIONS } from './questions.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1e7' }, set: { type: 'string', default: 'groupby' }, q: { type: 'string', default: 'q1' },
      runs: { type: 'string', default: '3' }, executors: { type: 'string', default: '2' }, cluster: { type: 'boolean', default: false },
    },
  });
  const rows = parseRows(values.rows!);
  const q = (values.set === 'join' ? JOIN_QUESTIONS : GROUPBY_QUESTIONS).find((x) => x.id === values.q);
  if (!q) throw new Error(`no question ${values.set} ${values.q}`);
  const files: Record<string, string> = values.set === 'join' ? joinBases(defaultDataDir(), rows) : { x: groupByBase(defaultDataDir(), rows) };
  const session = await Session.local({ executors: Number(values.executors), inProcess: !values.cluster });
  try {
    const tables: Record<string, Dataset> = {};
    for (const [k, base] of Object.entries(files)) {
      tables[k] = session.read.arrow(`${base}.arrow`).cache();
      await tables[k]!.count();
    }
    for (let r = 0; r < Number(values.runs); r++) {
      const t0 = performance.now();
      const t = await q.rondo(tables).toArrow();
      console.log(`${q.set} ${q.id}: ${t.numRows} rows in ${((performance.now() - t0) / 1000).toFixed(3)} s`);
    }
  } finally {
    await session.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
