/**
 * corr and stddev (sample) at their edges, as Spark gives them: corr of a constant column is
 * null (Spark's divide by zero; SPARK-58213 made it so in every mode), corr and stddev of fewer
 * than two values are null, all-null groups are null, NaN values give NaN. Random groups of
 * every kind, in single mode and partial + final, against DuckDB's corr / stddev_samp — except
 * where DuckDB differs from Spark: corr of a constant column or of one pair (DuckDB: NaN, since
 * its issue 14249; Spark: null), and NaN input (DuckDB: an out-of-range error; checked against
 * plain JS).
 */
import { expect } from 'chai';
import { DuckDBInstance } from '@duckdb/node-api';
import type { AggSpec, Expr } from '../../../engine/expr.js';
import type { PhysicalNode } from '../../../engine/plan.js';
import type { Field, Schema } from '../../../engine/types.js';
import { aggStateFields, hashAggregate } from '../../../engine/aggregate/index.js';
import { batches, col, collect, collectBatches, ctx, f, leaf, prng, type Cell, type Row } from '../ops/helpers.js';

type AggNode = Extract<PhysicalNode, { op: 'aggregate' }>;

const SCHEMA: Schema = [f('g', 'int32'), f('x', 'float64'), f('y', 'float64')];
const X = col(1, 'float64', 'x');
const Y = col(2, 'float64', 'y');
const AGGS: { name: string; spec: AggSpec }[] = [
  { name: 'c', spec: { fn: 'corr', args: [X, Y], type: 'float64' } },
  { name: 'sx', spec: { fn: 'stddev', args: [X], type: 'float64' } },
  { name: 'sy', spec: { fn: 'stddev', args: [Y], type: 'float64' } },
];

type Kind = 'random' | 'constX' | 'constY' | 'constBoth' | 'single' | 'onePair' | 'allNull' | 'nanX' | 'nanY' | 'nanYconstX';
const KINDS: Kind[] = ['random', 'constX', 'constY', 'constBoth', 'single', 'onePair', 'allNull', 'nanX', 'nanY', 'nanYconstX'];

/** Rows of 90 groups, ten of each kind, in shuffled order (so partials split groups). */
function makeRows(seed: number): { rows: Row[]; kindOf: Map<number, Kind> } {
  const r = prng(seed);
  const num = (): number => Math.round((r() * 200 - 100) * 1000) / 1000;
  const maybe = (v: number): number | null => (r() < 0.15 ? null : v);
  const rows: Row[] = [];
  const kindOf = new Map<number, Kind>();
  for (let g = 0; g < KINDS.length * 10; g++) {
    const kind = KINDS[g % KINDS.length]!;
    kindOf.set(g, kind);
    const n = kind === 'single' ? 1 : 2 + Math.floor(r() * 12);
    const cx = num();
    const cy = num();
    for (let i = 0; i < n; i++) {
      let x: number | null = maybe(kind === 'constX' || kind === 'constBoth' ? cx : num());
      let y: number | null = maybe(kind === 'constY' || kind === 'constBoth' ? cy : num());
      if (kind === 'single') [x, y] = [num(), num()];
      if (kind === 'onePair') [x, y] = i === 0 ? [num(), num()] : r() < 0.5 ? [null, num()] : [num(), null];
      if (kind === 'allNull') [x, y] = r() < 0.5 ? [null, null] : r() < 0.5 ? [null, num()] : [num(), null];
      if (i === 0 && (kind === 'constX' || kind === 'constY' || kind === 'constBoth' || kind === 'random')) [x, y] = [x ?? cx, y ?? cy];
      if (i === 1 && (kind === 'constX' || kind === 'constY' || kind === 'constBoth' || kind === 'random')) [x, y] = [x ?? cx, y ?? cy];
      if (kind === 'nanX' && i === 1) [x, y] = [NaN, num()];
      if (kind === 'nanY' && i === 1) [x, y] = [num(), NaN];
      // A constant column beside a NaN: Spark's divisor is NaN, not 0, so corr is NaN (not null).
      if (kind === 'nanYconstX') [x, y] = [cx, i === 1 ? NaN : maybe(num())];
      rows.push([g, x, y]);
    }
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return { rows, kindOf };
}

function node(mode: AggNode['mode'], input: Schema): AggNode {
  const fields: Field[] = mode === 'partial' ? AGGS.flatMap((a) => aggStateFields(a.spec, a.name)) : AGGS.map((a) => f(a.name, 'float64'));
  const groupBy: Expr[] = [col(0, 'int32', 'g')];
  return { op: 'aggregate', schema: [SCHEMA[0]!, ...fields], partitions: 1, input: leaf(input), mode, groupBy, aggs: AGGS.map((a) => a.spec) };
}

async function single(rows: Row[], batchSize: number): Promise<Row[]> {
  return collect(hashAggregate(node('single', SCHEMA), (async function* () { yield* batches(SCHEMA, rows, batchSize); })(), ctx(batchSize)));
}

async function partialFinal(rows: Row[], batchSize: number, parts: number): Promise<Row[]> {
  const p = node('partial', SCHEMA);
  const partialOut = [];
  const per = Math.ceil(rows.length / parts);
  for (let i = 0; i < parts; i++) {
    const chunk = rows.slice(i * per, (i + 1) * per);
    partialOut.push(...await collectBatches(hashAggregate(p, (async function* () { yield* batches(SCHEMA, chunk, batchSize); })(), ctx(batchSize))));
  }
  return collect(hashAggregate(node('final', p.schema), (async function* () { yield* partialOut; })(), ctx(batchSize)));
}

/** Plain-JS answer for a group holding NaN (DuckDB rejects NaN in these aggregates): NaN once two values count. */
function nanReference(rows: Row[]): Row {
  const pairs = rows.filter((r) => r[1] !== null && r[2] !== null);
  const xs = rows.filter((r) => r[1] !== null);
  const ys = rows.filter((r) => r[2] !== null);
  const nanOr = (vals: Row[], cols: number[]): Cell => (vals.length < 2 ? null : vals.some((r) => cols.some((c) => Number.isNaN(r[c]))) ? NaN : 'finite');
  return [rows[0]![0]!, nanOr(pairs, [1, 2]), nanOr(xs, [1]), nanOr(ys, [2])];
}

/** Equal where both are null or NaN, else to 9 significant digits. */
function expectClose(actual: Row[], expected: Map<number, Row>): void {
  expect(actual.length, 'groups').to.equal(expected.size);
  for (const row of actual) {
    const want = expected.get(row[0] as number)!;
    const same = row.every((c, i) => {
      const w = want[i]!;
      if (w === 'finite') return typeof c === 'number' && Number.isFinite(c);
      if (w === null || c === null) return w === c;
      if (Number.isNaN(w as number) || Number.isNaN(c as number)) return Number.isNaN(w as number) && Number.isNaN(c as number);
      return Math.abs((c as number) - (w as number)) <= 1e-9 * Math.max(1, Math.abs(w as number));
    });
    expect(same, `group ${String(row)} vs ${String(want)}`).to.equal(true);
  }
}

describe('engine/aggregate corr and stddev at the edges (against DuckDB)', function () {
  this.timeout(60000);
  const { rows, kindOf } = makeRows(11);
  let expected: Map<number, Row>;

  before(async () => {
    const db = await DuckDBInstance.create(':memory:');
    const duck = await db.connect();
    try {
      const lit = (c: Cell): string => (c === null ? 'NULL' : Number.isNaN(c) ? "'NaN'::DOUBLE" : `${c}::DOUBLE`);
      await duck.run('CREATE TABLE t (g INTEGER, x DOUBLE, y DOUBLE)');
      const clean = rows.filter((r) => !kindOf.get(r[0] as number)!.startsWith('nan'));
      await duck.run(`INSERT INTO t VALUES ${clean.map((r) => `(${r[0]}, ${lit(r[1]!)}, ${lit(r[2]!)})`).join(', ')}`);
      const got = (await duck.runAndReadAll('SELECT g, corr(x, y), stddev_samp(x), stddev_samp(y) FROM t GROUP BY g')).getRows();
      expected = new Map(got.map((r) => [Number(r[0]), r.map((c) => (c === null ? null : Number(c))) as Row]));
    } finally {
      duck.closeSync();
      db.closeSync();
    }
    for (const g of kindOf.keys()) if (kindOf.get(g)!.startsWith('nan')) expected.set(g, nanReference(rows.filter((r) => r[0] === g)));
  });

  it('the reference: DuckDB corr is NaN on constant columns and one pair (Spark: null), null on none; stddev_samp of one value is null', () => {
    for (const [g, kind] of kindOf) {
      const [, c, sx] = expected.get(g)!;
      if (kind.startsWith('const') || kind === 'single' || kind === 'onePair') expect(Number.isNaN(c), `group ${g} (${kind})`).to.equal(true);
      if (kind === 'constX' || kind === 'constBoth') expect(sx, `group ${g} (${kind})`).to.equal(0);
      if (kind === 'single') expect(sx, `group ${g} (${kind})`).to.equal(null);
      if (kind === 'allNull') expect(c, `group ${g} (${kind})`).to.equal(null);
      if (kind === 'random') expect(c, `group ${g} (${kind})`).to.be.a('number').and.satisfy(Number.isFinite);
    }
  });

  /** DuckDB's answers made Spark's: over NaN-free input, DuckDB's NaN corr (a constant column, one pair) is Spark's null. */
  const spark = (): Map<number, Row> => new Map([...expected].map(([g, r]) => [g, kindOf.get(g)!.startsWith('nan') || !Number.isNaN(r[1]) ? r : [r[0]!, null, r[2]!, r[3]!]]));

  for (const bs of [1, 7, 4096]) {
    it(`single mode, batch size ${bs}`, async () => {
      expectClose(await single(rows, bs), spark());
    });

    it(`partial + final over 3 partials, batch size ${bs}`, async () => {
      expectClose(await partialFinal(rows, bs, 3), spark());
    });
  }
});
