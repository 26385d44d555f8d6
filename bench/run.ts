/**
 * The db-benchmark runner: rondo (with 1 and 2 executors) against DuckDB (2 threads) and
 * Arquero on the groupby (G1) and join (J1) questions. Each engine loads the data once
 * (rondo: read.arrow + cache(); DuckDB: CSV into its own tables; Arquero: loadArrow), runs
 * every question twice and the second time counts, reading the answer fully into JavaScript
 * (rondo toArrow(); DuckDB a materialized result; Arquero its table). Every answer is checked
 * against DuckDB's. Prints a table per set and writes it to bench/results/RESULT-<date>.md.
 *
 *   npm run bench -- [--rows 1e7] [--only groupby|join] [--executors 1,2] [--no-arquero] [--skip groupby.q10,...] [--arquero-skip groupby.q10]
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Session, type Dataset } from '../index.js';
import { answerFromArquero, answerFromArrow, answerFromDuckDB, compareAnswers, makeReference, type Reference } from './compare.js';
import { groupByBase, writeGroupBy } from './data/gen-groupby.js';
import { joinBases, writeJoin } from './data/gen-join.js';
import { defaultDataDir, isMain, repoRoot } from './data/paths.js';
import { parseRows } from './data/table-spec.js';
import { childPids, mib, peakRss, processCpuSeconds } from './memory.js';
import { GROUPBY_QUESTIONS, JOIN_QUESTIONS, type Question } from './questions.js';

/** What to run. */
export interface BenchOptions {
  /** Rows of G1 and of J1's left table. */
  readonly rows: number;
  /** The question sets. */
  readonly only: readonly ('groupby' | 'join')[];
  /** rondo sessions to measure, by executor count. */
  readonly executors: readonly number[];
  /** Where the data files are (generated when missing). */
  readonly dataDir: string;
  /** Also run Arquero. */
  readonly arquero: boolean;
  /** Runs per question; the last one counts (db-benchmark: 2). */
  readonly runs: number;
  /** Questions left out, as 'set.id' (e.g. 'groupby.q10'). */
  readonly skip?: readonly string[];
  /** Questions Arquero does not run, as 'set.id' (its q10 ran for over 14 minutes at 1e7 rows). */
  readonly arqueroSkip?: readonly string[];
  /** Progress output. */
  readonly log: (line: string) => void;
}

/** The figures of one question. */
export interface QuestionResult {
  readonly set: 'groupby' | 'join';
  readonly id: string;
  readonly title: string;
  readonly answerRows: number;
  /** Seconds of the counted run, by executor count; null when it failed. */
  readonly rondo: Record<number, number | null>;
  readonly duckdb: number;
  readonly arquero: number | null;
  /** CPU seconds of the counted run (all processes and threads of the engine), by engine. */
  readonly cpu: Record<string, number>;
  /** Problems: a failure or a wrong answer, by engine. */
  readonly problems: string[];
}

/** Load times and peak memory of one set. */
export interface SetResult {
  readonly set: 'groupby' | 'join';
  readonly load: Record<string, number>;
  readonly peakMiB: Record<string, string>;
  readonly questions: QuestionResult[];
}

/** The whole run. */
export interface BenchReport {
  readonly options: Omit<BenchOptions, 'log'>;
  readonly sets: SetResult[];
  readonly markdown: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

async function timed<T>(fn: () => Promise<T> | T, pids: readonly number[] = []): Promise<{ value: T; seconds: number; cpu: number }> {
  // Every engine starts its timed run on a collected heap: the previous answers (a DuckDB result
  // of 1e7 rows is millions of JS objects) would otherwise be collected during the next engine's
  // run, which then pays the GC pauses (db-benchmark runs each solution in its own process).
  (globalThis as { gc?: () => void }).gc?.();
  // CPU time as well as wall time: on a shared machine the wall time depends on the others' load.
  const c0 = process.cpuUsage();
  const p0 = pids.reduce((a, p) => a + processCpuSeconds(p), 0);
  const t0 = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const p1 = pids.reduce((a, p) => a + processCpuSeconds(p), 0);
  return { value, seconds, cpu: (c1.user + c1.system) / 1e6 + (p1 - p0) };
}

/**
 * Runs `fn` `runs` times; the last run counts. Returns its seconds and CPU seconds and what
 * `digest` makes of its answer (a reference, or a verdict): the answer itself is garbage as
 * soon as this returns.
 */
async function measure<T, R>(runs: number, fn: () => Promise<T> | T, pids: readonly number[], digest: (value: T) => R): Promise<{ seconds: number; cpu: number; result: R }> {
  let last: { value: T; seconds: number; cpu: number } | null = null;
  for (let run = 0; run < runs; run++) {
    last = null;
    last = await timed(fn, pids);
  }
  return { seconds: last!.seconds, cpu: last!.cpu, result: digest(last!.value) };
}

async function ensureData(set: 'groupby' | 'join', opts: BenchOptions): Promise<Record<string, string>> {
  if (set === 'groupby') {
    const base = groupByBase(opts.dataDir, opts.rows);
    if (!existsSync(`${base}.arrow`) || !existsSync(`${base}.csv`)) {
      opts.log(`generating G1 with ${opts.rows} rows in ${opts.dataDir} ...`);
      await writeGroupBy(opts.dataDir, opts.rows);
    }
    return { x: base };
  }
  const bases = joinBases(opts.dataDir, opts.rows);
  if (Object.values(bases).some((b) => !existsSync(`${b}.arrow`) || !existsSync(`${b}.csv`))) {
    opts.log(`generating J1 with ${opts.rows} rows in ${opts.dataDir} ...`);
    await writeJoin(opts.dataDir, opts.rows);
  }
  return bases;
}

const CSV_TYPES: Record<string, string> = {
  groupby: "{'id1': 'VARCHAR', 'id2': 'VARCHAR', 'id3': 'VARCHAR', 'id4': 'INTEGER', 'id5': 'INTEGER', 'id6': 'INTEGER', 'v1': 'INTEGER', 'v2': 'INTEGER', 'v3': 'DOUBLE'}",
  x: "{'id1': 'INTEGER', 'id2': 'INTEGER', 'id3': 'INTEGER', 'id4': 'VARCHAR', 'id5': 'VARCHAR', 'id6': 'VARCHAR', 'v1': 'DOUBLE'}",
  small: "{'id1': 'INTEGER', 'id4': 'VARCHAR', 'v2': 'DOUBLE'}",
  medium: "{'id1': 'INTEGER', 'id2': 'INTEGER', 'id4': 'VARCHAR', 'id5': 'VARCHAR', 'v2': 'DOUBLE'}",
  big: "{'id1': 'INTEGER', 'id2': 'INTEGER', 'id3': 'INTEGER', 'id4': 'VARCHAR', 'id5': 'VARCHAR', 'id6': 'VARCHAR', 'v2': 'DOUBLE'}",
};

function fmt(s: number | null | undefined): string {
  if (s === null || s === undefined) return 'fail';
  return s < 10 ? s.toFixed(3) : s.toFixed(1);
}

function fmtCpu(s: number | undefined): string {
  return s === undefined ? '–' : s.toFixed(2);
}

function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined || b <= 0) return '–';
  return (a / b).toFixed(2);
}

function geomean(xs: readonly number[]): number | null {
  const ok = xs.filter((x) => Number.isFinite(x) && x > 0);
  if (ok.length === 0) return null;
  return Math.exp(ok.reduce((s, x) => s + Math.log(x), 0) / ok.length);
}

/** The markdown table of one set. */
export function setTable(r: SetResult, executors: readonly number[]): string {
  const main = Math.max(...executors);
  const head = ['question', 'answer rows', ...executors.map((e) => `rondo ${e} ex (s)`), 'DuckDB (s)', 'Arquero (s)', `rondo/DuckDB`, `Arquero/rondo`, `CPU s: rondo ${main} ex / DuckDB / Arquero`, 'check'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  const rd: number[] = [], ar: number[] = [];
  for (const q of r.questions) {
    const ro = q.rondo[main];
    if (ro != null) rd.push(ro / q.duckdb);
    if (ro != null && q.arquero != null) ar.push(q.arquero / ro);
    lines.push(`| ${q.id} ${q.title} | ${q.answerRows} | ${executors.map((e) => fmt(q.rondo[e])).join(' | ')} | ${fmt(q.duckdb)} | ${q.arquero === null ? '–' : fmt(q.arquero)} | ${ratio(ro, q.duckdb)} | ${ratio(q.arquero, ro)} | ${fmtCpu(q.cpu[`rondo ${main} ex`])} / ${fmtCpu(q.cpu.DuckDB)} / ${fmtCpu(q.cpu.Arquero)} | ${q.problems.length ? q.problems.join('; ') : 'ok'} |`);
  }
  const g1 = geomean(rd), g2 = geomean(ar);
  lines.push(`| **geometric mean** | | ${executors.map(() => '').join(' | ')} | | | **${g1 === null ? '–' : g1.toFixed(2)}** | **${g2 === null ? '–' : g2.toFixed(2)}** | | |`);
  const load = Object.entries(r.load).map(([k, v]) => `${k} ${fmt(v)} s`).join(', ');
  const mem = Object.entries(r.peakMiB).map(([k, v]) => `${k} ${v}`).join(', ');
  return `### ${r.set} (ratios use rondo with ${main} executor${main > 1 ? 's' : ''})\n\n${lines.join('\n')}\n\nLoad: ${load}.  \nPeak RSS (MiB): ${mem}.\n`;
}

async function runSet(set: 'groupby' | 'join', opts: BenchOptions): Promise<SetResult> {
  const files = await ensureData(set, opts);
  const questions = (set === 'groupby' ? GROUPBY_QUESTIONS : JOIN_QUESTIONS).filter((q) => !(opts.skip ?? []).includes(`${set}.${q.id}`));
  const load: Record<string, number> = {};
  const peakMiB: Record<string, string> = {};
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const duck = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await duck.connect();
  const sessions = new Map<number, { session: Session; tables: Record<string, Dataset>; pids: number[] }>();
  try {
    load.DuckDB = (await timed(async () => {
      for (const [name, base] of Object.entries(files)) {
        const types = CSV_TYPES[set === 'groupby' ? 'groupby' : name]!;
        await conn.run(`CREATE TABLE ${name} AS SELECT * FROM read_csv('${base}.csv', header = true, columns = ${types})`);
      }
    })).seconds;
    let aq: Any = null;
    const aqTables: Record<string, Any> = {};
    if (opts.arquero) {
      aq = await import('arquero');
      load.Arquero = (await timed(async () => {
        for (const [name, base] of Object.entries(files)) aqTables[name] = aq.fromArrow(readFileSync(`${base}.arrow`));
      })).seconds;
    }
    for (const e of opts.executors) {
      const before = new Set(childPids());
      const started = await timed(() => Session.local({ executors: e }));
      const session = started.value;
      const pids = childPids().filter((p) => !before.has(p));
      const tables: Record<string, Dataset> = {};
      load[`rondo ${e} ex`] = (await timed(async () => {
        for (const [name, base] of Object.entries(files)) {
          tables[name] = session.read.arrow(`${base}.arrow`).cache();
          await tables[name]!.count();
        }
      })).seconds;
      sessions.set(e, { session, tables, pids });
    }

    const results: QuestionResult[] = [];
    for (const q of questions) {
      const problems: string[] = [];
      let ref: Reference | null = null;
      let duckSec = 0;
      const cpu: Record<string, number> = {};
      // Each engine runs in its own function, so that its answers are unreachable once it
      // returns: a suspended async frame keeps dead locals alive, and a 1e7-row answer left
      // on the heap made every later engine pay for marking it (10× slower runs).
      {
        const d = await measure(opts.runs, () => conn.runAndReadAll(q.sql), [], (v) => makeReference(q, answerFromDuckDB(v, q.columns)));
        duckSec = d.seconds;
        cpu.DuckDB = d.cpu;
        ref = d.result;
      }
      const rondo: Record<number, number | null> = {};
      for (const [e, s] of sessions) {
        try {
          const r = await measure(opts.runs, () => q.rondo(s.tables).toArrow(), s.pids, (t) => compareAnswers(q, ref!, answerFromArrow(t, q.columns)));
          cpu[`rondo ${e} ex`] = r.cpu;
          if (r.result) problems.push(`rondo ${e} ex: ${r.result}`);
          rondo[e] = r.result ? null : r.seconds;
        } catch (err) {
          problems.push(`rondo ${e} ex failed: ${(err as Error).message.split('\n')[0]}`);
          rondo[e] = null;
        }
      }
      let aqSec: number | null = null;
      if (aq && (opts.arqueroSkip ?? []).includes(`${set}.${q.id}`)) {
        problems.push('Arquero not run (--arquero-skip)');
      } else if (aq) {
        try {
          const a = await measure(opts.runs, () => q.arquero(aqTables, aq), [], (t) => compareAnswers(q, ref!, answerFromArquero(t, q.columns)));
          cpu.Arquero = a.cpu;
          aqSec = a.seconds;
          if (a.result) { problems.push(`Arquero: ${a.result}`); aqSec = null; }
        } catch (err) {
          problems.push(`Arquero failed: ${(err as Error).message.split('\n')[0]}`);
          aqSec = null;
        }
      }
      const r: QuestionResult = { set, id: q.id, title: q.title, answerRows: ref!.rows, rondo, duckdb: duckSec, arquero: aqSec, cpu, problems };
      results.push(r);
      opts.log(`${set} ${q.id} ${q.title}: ${ref!.rows} rows; ${[...sessions.keys()].map((e) => `rondo ${e}ex ${fmt(rondo[e])}`).join(', ')}, DuckDB ${fmt(duckSec)}, Arquero ${aq ? fmt(aqSec) : '–'}${problems.length ? '  PROBLEMS: ' + problems.join('; ') : ''}`);
    }
    peakMiB.driver = mib(peakRss(process.pid));
    for (const [e, s] of sessions) peakMiB[`rondo ${e} ex executors`] = s.pids.map((p) => mib(peakRss(p))).join(' + ') || 'n/a';
    return { set, load, peakMiB, questions: results };
  } finally {
    for (const s of sessions.values()) await s.session.stop();
    conn.closeSync();
    duck.closeSync();
  }
}

/** Runs the benchmark and returns its figures and the markdown report. */
export async function runBench(opts: BenchOptions, onSet?: (partial: BenchReport) => Promise<void>): Promise<BenchReport> {
  const sets: SetResult[] = [];
  const start = { at: new Date(), load: os.loadavg() };
  for (const set of opts.only) {
    sets.push(await runSet(set, opts));
    // The figures so far, so a long run that fails later keeps what it measured.
    if (onSet && sets.length < opts.only.length) await onSet(report(opts, sets, start));
  }
  return report(opts, sets, start);
}

function report(opts: BenchOptions, sets: readonly SetResult[], start: { at: Date; load: number[] }): BenchReport {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  const header = [
    `## rondo vs DuckDB and Arquero, db-benchmark questions, ${opts.rows.toExponential(0).replace('+', '')} rows`,
    '',
    `Started ${start.at.toISOString()}; Node ${process.version}; ${os.cpus().length} × ${cpu}; load average (1, 5, 15 min) at the start ${start.load.map((x) => x.toFixed(2)).join(' ')}, at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}.`,
    `DuckDB 1.5.6 (2 threads, tables loaded from CSV), ${opts.arquero ? 'Arquero 8.0.3 (fromArrow), ' : ''}rondo Session.local with ${opts.executors.join(' and ')} executor(s) (read.arrow + cache()).`,
    `Seconds of the 2nd of ${opts.runs} runs of each question, the answer read fully into JavaScript (rondo toArrow(), DuckDB runAndReadAll(), Arquero its table); every answer checked against DuckDB's.`,
    `CPU s: user + system seconds of the counted run over all processes and threads of the engine (rondo: driver + executors; DuckDB, Arquero: the bench process), which depends less on the machine's other load than wall time.`,
    '',
  ].join('\n');
  const markdown = header + '\n' + sets.map((s) => setTable(s, opts.executors)).join('\n');
  const { log: _log, ...rest } = opts;
  return { options: rest, sets: [...sets], markdown };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1e7' },
      only: { type: 'string' },
      executors: { type: 'string', default: '1,2' },
      'data-dir': { type: 'string' },
      'no-arquero': { type: 'boolean', default: false },
      runs: { type: 'string', default: '2' },
      'no-write': { type: 'boolean', default: false },
      skip: { type: 'string', default: '' },
      'arquero-skip': { type: 'string', default: '' },
    },
  });
  const opts: BenchOptions = {
    rows: parseRows(values.rows!),
    only: values.only ? (values.only.split(',') as ('groupby' | 'join')[]) : ['groupby', 'join'],
    executors: values.executors!.split(',').map(Number),
    dataDir: values['data-dir'] ?? defaultDataDir(),
    arquero: !values['no-arquero'],
    runs: Number(values.runs),
    skip: values.skip!.split(',').filter((x) => x !== ''),
    arqueroSkip: values['arquero-skip']!.split(',').filter((x) => x !== ''),
    log: (line) => console.log(line),
  };
  for (const s of opts.only) if (s !== 'groupby' && s !== 'join') throw new Error(`--only takes groupby or join, got ${JSON.stringify(s)}`);
  const file = path.join(repoRoot(), 'bench', 'results', `RESULT-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')}.md`);
  const write = async (r: BenchReport): Promise<void> => {
    if (values['no-write']) return;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, r.markdown);
  };
  const result = await runBench(opts, write);
  console.log('\n' + result.markdown);
  await write(result);
  if (!values['no-write']) console.log(`written to ${file}`);
}

if (isMain(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
