/**
 * Seeded random-program differential test: each seed makes random tables and a random DSL
 * program, runs it on rondo (Session.local, 2 executors) and the same query on DuckDB
 * (to-sql.ts maps Spark's semantics), and compares the answers.
 *
 *   DIFF_SEED=123 npx mocha --no-config -t 120000 dist/test/differential/duckdb.test.js   # replay one seed
 *   DIFF_N=500 npx mocha --no-config -t 120000 dist/test/differential/duckdb.test.js      # more seeds (default 150)
 *
 * KNOWN lists the bugs being fixed elsewhere; a mismatch is excused only when a KNOWN entry
 * applies to the program AND its remedy then passes (the same program on tables without the
 * trigger, or with corr's NaN read as null). Empty KNOWN once the fixes have merged.
 */
import { expect } from 'chai';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Session } from '../../dsl/session.js';
import { allExprs, isOrdered, type E, type Program } from './ast.js';
import { randomProgram } from './random-program.js';
import { randomTables, tameString, tameTables, T_COLS, U_COLS, type Tables } from './random-data.js';
import { dslText, sources, toDataset } from './to-dsl.js';
import { MACROS, programSql, tableSql } from './to-sql.js';
import { compareAnswers, normalizeRows, type NRow } from './compare.js';

/** A program's answer, or the error it failed with. */
type Answer = { rows: NRow[]; names: string[] } | { error: string };

const isStrOrder = (e: E): boolean =>
  (e.k === 'cmp' && !['eq', 'neq'].includes(e.op) && e.a.t === 'str') ||
  (e.k === 'between' && e.a.t === 'str') ||
  (e.k === 'fn' && (e.name === 'greatest' || e.name === 'least') && e.t === 'str') ||
  (e.k === 'agg' && (e.fn === 'min' || e.fn === 'max') && e.t === 'str') ||
  (e.k === 'win' && e.order.some((s) => s.e.t === 'str'));

/** The bugs others are fixing now: which programs they touch, and what must still hold. */
const KNOWN: readonly { id: string; bug: string; applies: (p: Program) => boolean; remedy: 'tame-data' | 'corr-nan-as-null' }[] = [
];

const N = Number(process.env.DIFF_N ?? 150);
const seeds = process.env.DIFF_SEED ? process.env.DIFF_SEED.split(',').map(Number) : Array.from({ length: N }, (_, i) => i + 1);

describe('differential: random programs on rondo vs DuckDB', function () {
  this.timeout(120_000);
  let session: Session;
  let conn: DuckDBConnection;
  const excused = new Map<string, number[]>();
  const bothFailed: string[] = [];

  before(async () => {
    session = await Session.local({ executors: 2, conf: { shufflePartitions: 3, batchSize: 50, bigint: true } }); // small batches: several per partition; int64 as bigint, exact beyond ±2^53
    const db = await DuckDBInstance.create(':memory:', { threads: '1' });
    conn = await db.connect();
    for (const m of MACROS) await conn.run(m);
  });
  after(async () => {
    await session?.stop();
    const lines = [...excused].map(([id, s]) => `${id}: ${s.length} program(s) (seeds ${s.slice(0, 12).join(', ')}${s.length > 12 ? ', …' : ''})`);
    console.log(`    KNOWN mismatches excused: ${lines.join('; ') || 'none'}`);
    if (bothFailed.length) console.log(`    programs that failed on both engines (counted as agreeing): ${bothFailed.join('; ')}`);
  });

  async function duck(p: Program, tables: Tables): Promise<Answer> {
    try {
      await conn.run(`${tableSql('t', T_COLS, tables.t)}; ${tableSql('u', U_COLS, tables.u)}`);
      const { sql, cols } = programSql(p);
      const reader = await conn.runAndReadAll(sql);
      return { rows: normalizeRows(reader.getRowObjectsJS() as Record<string, unknown>[], cols.map((c) => c.name)), names: cols.map((c) => c.name) };
    } catch (err) {
      return { error: `DuckDB: ${(err as Error).message}` };
    }
  }

  async function rondo(p: Program, tables: Tables, partitions: number): Promise<Answer> {
    try {
      const ds = toDataset(p, sources(session, tables, partitions));
      const names = (await ds.schema()).map((f) => f.name);
      const rows = await ds.collect();
      return { rows: normalizeRows(rows as Record<string, unknown>[], p.out.map((c) => c.name)), names };
    } catch (err) {
      return { error: `rondo: ${(err as Error).name}: ${(err as Error).message.split('\n')[0]}` };
    }
  }

  /** Null when the answers agree. */
  function check(p: Program, r: Answer, d: Answer, corrNanAsNull = false): string | null {
    if ('error' in r || 'error' in d) {
      if ('error' in r && 'error' in d) return null;
      return 'error' in r ? `${r.error}\nDuckDB answered ${(d as { rows: NRow[] }).rows.length} rows` : `${(d as { error: string }).error}\nrondo answered ${(r as { rows: NRow[] }).rows.length} rows`;
    }
    const names = p.out.map((c) => c.name);
    if (r.names.join() !== names.join()) return `rondo's columns are ${r.names.join(', ')}; expected ${names.join(', ')}`;
    let [ra, da] = [r.rows, d.rows];
    const corrCols = corrColumns(p);
    if (corrNanAsNull) {
      const fix = (rows: NRow[]): NRow[] => rows.map((row) => row.map((c, i) => (corrCols.has(i) && typeof c === 'number' && Number.isNaN(c) ? null : c)));
      [ra, da] = [fix(ra), fix(da)];
    }
    // NaN vs null in a corr column changes a sort; the multiset must still agree.
    return compareAnswers(ra, da, isOrdered(p) && !corrNanAsNull, names.map((_, i) => (corrCols.has(i) ? 1e-9 : 0)));
  }

  for (const seed of seeds) {
    it(`seed ${seed}`, async function () {
      const p = randomProgram(seed);
      const tables = randomTables(seed);
      const partitions = 1 + (seed % 3);
      const [r, d] = [await rondo(p, tables, partitions), await duck(p, tables)];
      if ('error' in r && 'error' in d) bothFailed.push(`${seed} (${r.error.slice(0, 120)})`);
      const problem = check(p, r, d);
      if (problem === null) return;
      let still: string | null = problem;
      for (const known of KNOWN.filter((k) => k.applies(p))) {
        const corr = KNOWN.some((k) => k.remedy === 'corr-nan-as-null' && k.applies(p));
        if (known.remedy === 'corr-nan-as-null') still = check(p, r, d, true);
        else {
          const [tp, tt] = [tameProgram(p), tameTables(tables)];
          still = check(tp, await rondo(tp, tt, partitions), await duck(tp, tt), corr);
        }
        if (still === null) {
          excused.set(known.id, [...(excused.get(known.id) ?? []), seed]);
          return;
        }
      }
      expect.fail(`seed ${seed} (replay: DIFF_SEED=${seed} npx mocha --no-config -t 120000 dist/test/differential/duckdb.test.js): ${problem}` +
        `${still !== problem ? `\nwith the KNOWN remedies still: ${still}` : ''}` +
        `\n--- tables: t ${tables.t.length} rows, u ${tables.u.length} rows, ${partitions} partition(s)\n--- DSL:\n${dslText(p)}\n--- SQL:\n${programSql(p).sql}`);
    });
  }
});

/** Indexes of the output columns that are a corr aggregate. */
function corrColumns(p: Program): Set<number> {
  const out = new Set<number>();
  const names = new Set<string>();
  for (const s of p.steps) {
    if (s.k === 'groupBy') for (const a of s.aggs) if (a.e.k === 'agg' && a.e.fn === 'corr') names.add(a.name);
    if (s.k === 'select') for (const c of s.cols) if (c.e.k === 'col' && names.has(c.e.name)) names.add(c.name);
  }
  p.out.forEach((c, i) => { if (names.has(c.name)) out.add(i); });
  return out;
}

/** The program with its string literals tamed as tameTables tames the data. */
function tameProgram(p: Program): Program {
  return JSON.parse(JSON.stringify(p), (_key, v: unknown) => (v !== null && typeof v === 'object' && (v as E).k === 'lit' && typeof (v as { v: unknown }).v === 'string' ? { ...(v as object), v: tameString((v as { v: string }).v) } : v)) as Program;
}
