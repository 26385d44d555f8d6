/**
 * A smoke run of the db-benchmark runner (bench/run.ts) on small data: every groupby and join
 * question runs in rondo, DuckDB and Arquero, and each answer is checked against DuckDB's.
 * Speed is never asserted here. Also checks the generators against the spec and that
 * the answer check does catch a wrong answer.
 */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compareAnswers, type Answer } from '../../bench/compare.js';
import { generateGroupBy, groupByBase } from '../../bench/data/gen-groupby.js';
import { generateJoin, joinBases } from '../../bench/data/gen-join.js';
import { Session } from '../../index.js';
import type { GenColumn } from '../../bench/data/table-spec.js';
import { GROUPBY_QUESTIONS, JOIN_QUESTIONS } from '../../bench/questions.js';
import { runBench } from '../../bench/run.js';

function values(c: GenColumn): (number | string)[] {
  if (c.kind === 'dict') return Array.from(c.codes, (k) => c.dictionary[k]!);
  if (c.kind === 'prefixed') return Array.from(c.values, (v) => c.prefix + v);
  return Array.from(c.values);
}

function column(t: { columns: readonly GenColumn[] }, name: string): (number | string)[] {
  return values(t.columns.find((c) => c.name === name)!);
}

describe('bench: db-benchmark runner (smoke)', function () {
  this.timeout(120_000);
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rondo-bench-smoke-'));
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('G1 follows the spec: K=100 string keys, N/K-valued id3 and id6, value ranges', () => {
    const n = 20_000;
    const g = generateGroupBy(n);
    expect(g.columns.map((c) => c.name)).to.deep.equal(['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v1', 'v2', 'v3']);
    const id1 = column(g, 'id1') as string[];
    expect(new Set(id1).size).to.equal(100);
    expect(id1.every((s) => /^id\d{3}$/.test(s) && Number(s.slice(2)) >= 1 && Number(s.slice(2)) <= 100)).to.equal(true);
    const id3 = column(g, 'id3') as string[];
    expect(id3.every((s) => /^id\d{10}$/.test(s) && Number(s.slice(2)) >= 1 && Number(s.slice(2)) <= n / 100)).to.equal(true);
    expect(new Set(id3).size).to.be.within(n / 100 - 5, n / 100);
    const inRange = (name: string, lo: number, hi: number) => (column(g, name) as number[]).every((v) => Number.isInteger(v) && v >= lo && v <= hi);
    expect(inRange('id4', 1, 100) && inRange('id5', 1, 100) && inRange('id6', 1, n / 100)).to.equal(true);
    expect(inRange('v1', 1, 5) && inRange('v2', 1, 15)).to.equal(true);
    const v3 = column(g, 'v3') as number[];
    expect(v3.every((v) => v > 0 && v < 100 && Math.abs(v * 1e6 - Math.round(v * 1e6)) < 1e-6)).to.equal(true);
    // Seeded: the same data again.
    expect(column(generateGroupBy(n), 'v3')).to.deep.equal(v3);
  });

  it('J1 follows the spec: key cardinalities, unique id3, 90% of each key range shared', () => {
    const n = 100_000;
    const { x, small, medium, big } = generateJoin(n);
    expect([x.rows, small.rows, medium.rows, big.rows]).to.deep.equal([n, 10, 100, n]);
    expect(new Set(column(x, 'id3')).size).to.equal(n);
    expect(new Set(column(big, 'id3')).size).to.equal(n);
    expect(new Set(column(medium, 'id2')).size).to.equal(100);
    const id1 = column(x, 'id1') as number[];
    expect(column(x, 'id4')).to.deep.equal(id1.map((v) => `id${v}`));
    expect(column(x, 'id6')).to.deep.equal((column(x, 'id3') as number[]).map((v) => `id${v}`));
    const shared = (a: unknown[], b: unknown[]) => {
      const sa = new Set(a), sb = new Set(b);
      return [...sa].filter((v) => sb.has(v)).length / sa.size;
    };
    expect(shared(column(x, 'id3'), column(big, 'id3'))).to.be.closeTo(0.9, 0.001);
    expect(shared(column(x, 'id2'), column(medium, 'id2'))).to.be.closeTo(0.9, 0.02);
    expect(shared(column(x, 'id1'), column(small, 'id1'))).to.be.closeTo(0.9, 0.001);
  });

  it('the answer check finds a wrong value, a missing row and a float beyond tolerance', () => {
    const q = GROUPBY_QUESTIONS.find((x) => x.id === 'q3')!;
    const ref: Answer = { rows: 3, cols: { id3: ['a', 'b', 'c'], v1: [1, 2, 3], v3: [0.5, 1.5, 2.5] } };
    expect(compareAnswers(q, ref, { rows: 3, cols: { id3: ['c', 'a', 'b'], v1: [3, 1, 2], v3: [2.5, 0.5, 1.5 + 1e-12] } })).to.equal(null);
    expect(compareAnswers(q, ref, { rows: 3, cols: { id3: ['c', 'a', 'b'], v1: [3, 1, 5], v3: [2.5, 0.5, 1.5] } })).to.match(/differs in v1/);
    expect(compareAnswers(q, ref, { rows: 2, cols: { id3: ['a', 'b'], v1: [1, 2], v3: [0.5, 1.5] } })).to.match(/2 rows, expected 3/);
    expect(compareAnswers(q, ref, { rows: 3, cols: { id3: ['a', 'b', 'c'], v1: [1, 2, 3], v3: [0.5, 1.5, 2.5001] } })).to.match(/differs in v3/);
  });

  it('runs all 15 questions in rondo, DuckDB and Arquero with answers equal to DuckDB\'s', async () => {
    const lines: string[] = [];
    const report = await runBench({ rows: 30_000, only: ['groupby', 'join'], executors: [2], dataDir: dir, arquero: true, runs: 2, log: (l) => lines.push(l) });
    const qs = report.sets.flatMap((s) => s.questions);
    expect(qs.map((q) => `${q.set} ${q.id}`)).to.deep.equal([...GROUPBY_QUESTIONS, ...JOIN_QUESTIONS].map((q) => `${q.set} ${q.id}`));
    for (const q of qs) {
      expect(q.problems, `${q.set} ${q.id}`).to.deep.equal([]);
      expect(q.rondo[2], `${q.set} ${q.id}`).to.be.a('number');
      expect(q.arquero, `${q.set} ${q.id}`).to.be.a('number');
      expect(q.answerRows, `${q.set} ${q.id}`).to.be.greaterThan(0);
    }
    expect(report.markdown).to.contain('| q10 sum v3 count by id1:id6 |').and.to.contain('geometric mean');
  });

  it('the generators also write Parquet, with the same rows as the Arrow files', async () => {
    const session = await Session.local({ executors: 1, inProcess: true });
    try {
      for (const base of [groupByBase(dir, 30_000), joinBases(dir, 30_000).x]) {
        const fromParquet = await session.read.parquet(`${base}.parquet`).collect();
        const fromArrow = await session.read.arrow(`${base}.arrow`).collect();
        expect(fromParquet.length).to.equal(fromArrow.length);
        const key = (r: Record<string, unknown>) => JSON.stringify(Object.values(r));
        expect(fromParquet.map(key).sort()).to.deep.equal(fromArrow.map(key).sort());
      }
    } finally {
      await session.stop();
    }
  });
});
