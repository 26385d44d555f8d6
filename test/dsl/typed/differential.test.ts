/**
 * Differential tests on random data with nulls: for each lambda shape the analysis compiles,
 * the compiled run, the forced row-by-row run (conf compileLambdas: false) and the equivalent
 * column expression give exactly the same rows.
 */
import { expect } from 'chai';
import type { Dataset } from '../../../dsl/dataset.js';
import { Session } from '../../../dsl/session.js';
import { coalesce, col, count, greatest, lit, when } from '../../../dsl/functions.js';
import { randomRows, type R } from '../helpers.js';

type Rw = { id: number; k: string | null; g: number | null; v: number | null; x: number | null; s: string | null };

/** Exact comparison ignoring order: no rounding, −0 and 0 apart. */
function exactKey(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && Object.is(x, -0) ? '-0' : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
}
function expectExactlySame(a: readonly unknown[], b: readonly unknown[], what: string): void {
  expect(a.map(exactKey).sort(), what).to.deep.equal(b.map(exactKey).sort());
}

interface Shape {
  readonly name: string;
  /** The typed form (run compiled, then forced row by row). */
  readonly typed: (ds: Dataset<Rw>) => Dataset<any>;
  /** The same with the column API. */
  readonly column: (ds: Dataset<Rw>) => Dataset<any>;
  /** What the compiled plan must show. */
  readonly compiledMark: RegExp;
}

const nz = (c: string) => coalesce(col(c).cast('float64'), lit(0));

const SHAPES: readonly Shape[] = [
  { name: 'filter r.v !== null && r.v > 5', typed: (d) => d.filter((r) => r.v !== null && r.v > 5), column: (d) => d.filter(col('v').gt(5)), compiledMark: /Filter .*compiled lambda/ },
  { name: "filter r.k === 'a' || r.g === 2", typed: (d) => d.filter((r) => r.k === 'a' || r.g === 2), column: (d) => d.filter(coalesce(col('k').eq('a'), lit(false)).or(coalesce(col('g').eq(2), lit(false)))), compiledMark: /Filter .*compiled lambda/ },
  { name: 'filter (r.x ?? 0) < 10', typed: (d) => d.filter((r) => (r.x ?? 0) < 10), column: (d) => d.filter(coalesce(col('x'), lit(0)).lt(10)), compiledMark: /Filter .*compiled lambda/ },
  { name: "filter r.s !== null && r.s.startsWith('s1')", typed: (d) => d.filter((r) => r.s !== null && r.s.startsWith('s1')), column: (d) => d.filter(col('s').startsWith('s1')), compiledMark: /Filter .*compiled lambda/ },
  { name: 'filter !(r.v !== null && r.v < 0)', typed: (d) => d.filter((r) => !(r.v !== null && r.v < 0)), column: (d) => d.filter(coalesce(col('v').lt(0), lit(false)).not()), compiledMark: /Filter .*compiled lambda/ },
  { name: 'filter with a captured list', typed: (d) => { const ks = ['a', 'dd']; return d.filter((r) => r.k !== null && ks.includes(r.k), { ks }); }, column: (d) => d.filter(col('k').isIn('a', 'dd')), compiledMark: /Filter .*compiled lambda/ },
  { name: 'map arithmetic with ?? 0', typed: (d) => d.map((r) => ({ id: r.id, y: (r.v ?? 0) * 2 + 1 })), column: (d) => d.select('id', nz('v').mul(2).plus(1).as('y')), compiledMark: /Project .*compiled lambda/ },
  { name: 'map ternary to strings', typed: (d) => d.map((r) => ({ id: r.id, size: r.v !== null && r.v > 10 ? 'big' : 'small' })), column: (d) => d.select('id', when(coalesce(col('v').gt(10), lit(false)), 'big').otherwise('small').as('size')), compiledMark: /Project .*compiled lambda/ },
  { name: 'map Math.max and a pass-through', typed: (d) => d.map((r) => ({ id: r.id, k: r.k, m: Math.max(r.id, 300) })), column: (d) => d.select('id', 'k', greatest(col('id').cast('float64'), lit(300)).as('m')), compiledMark: /Project .*compiled lambda/ },
  { name: 'map reading no field', typed: (d) => d.map(() => ({ one: 1, t: 'x' })), column: (d) => d.select(lit(1).as('one'), lit('x').as('t')), compiledMark: /Project .*compiled lambda/ },
  { name: 'map to a bare value', typed: (d) => d.map((r) => (r.x ?? 0) - (r.g ?? 0)), column: (d) => d.select(nz('x').minus(nz('g')).as('value')), compiledMark: /Project .*AS value.*compiled lambda/ },
  {
    name: 'groupBy key r.k, mapGroups counting',
    typed: (d) => d.groupBy((r) => r.k).mapGroups((k, rs) => ({ k, n: rs.length })),
    column: (d) => d.groupBy('k').agg(count().as('n')),
    compiledMark: /Project .*k AS __key.*compiled lambda/,
  },
];

describe('typed lambdas: compiled = row by row = column expression (random data with nulls)', function () {
  let compiled: Session;
  let rowByRow: Session;
  const rows = randomRows(3000, 9001, 0.2);
  before(async () => {
    compiled = await Session.local({ executors: 2, conf: { shufflePartitions: 3 } });
    // Same serialized task path, in this process: the forced row-by-row twin.
    rowByRow = await Session.local({ executors: 2, inProcess: true, conf: { shufflePartitions: 3, compileLambdas: false } });
  });
  after(async () => {
    await compiled.stop();
    await rowByRow.stop();
  });
  const over = (s: Session) => s.fromRows(rows as R[], { partitions: 4 }).as<Rw>();

  for (const shape of SHAPES) {
    it(shape.name, async () => {
      const c = shape.typed(over(compiled));
      const cText = await c.explain();
      expect(cText.split('== Optimized')[0], 'compiled').to.match(shape.compiledMark);
      const r = shape.typed(over(rowByRow));
      const rText = await r.explain();
      expect(rText, 'row by row').to.match(/RowFn/);
      const viaColumns = await shape.column(over(compiled)).collect();
      const [cRows, rRows] = [(await c.collect()) as unknown[], (await r.collect()) as unknown[]];
      // A Dataset of bare values collects values; the column form has them in `value`.
      const colRows = shape.name.includes('bare value') ? viaColumns.map((o) => (o as { value: unknown }).value) : viaColumns;
      expect(cRows.length).to.be.greaterThan(0);
      expectExactlySame(cRows, rRows, 'compiled vs row by row');
      expectExactlySame(cRows, colRows, 'compiled vs column expression');
    });
  }
});
