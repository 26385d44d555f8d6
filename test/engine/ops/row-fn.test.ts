/** The row-function operators (rowFn, rowFnGroups) run directly over batches, against plain-JS references. */
import { expect } from 'chai';
import type { Batch } from '../../../engine/batch.js';
import { batchToRows, rowsToBatch } from '../../../engine/arrow/index.js';
import { DataError, UserFunctionError } from '../../../engine/errors.js';
import { decodeKey, encodeKey, rowReader } from '../../../engine/ops/index.js';
import type { ExecContext } from '../../../engine/ops/index.js';
import type { PhysicalNode, RowFn } from '../../../engine/plan.js';
import type { Schema } from '../../../engine/types.js';

const schema: Schema = [
  { name: 'id', type: 'int64', nullable: false },
  { name: 'k', type: 'utf8', nullable: true },
  { name: 'x', type: 'float64', nullable: true },
  { name: 'd', type: 'date', nullable: true },
];
const DAY = 86_400_000;
const rows = Array.from({ length: 50 }, (_, i) => ({
  id: i * 1000,
  k: i % 7 === 0 ? null : ['a', 'b', 'c'][i % 3]!,
  x: i % 5 === 0 ? null : i / 4,
  d: i % 9 === 0 ? null : new Date(i * DAY),
}));

/** A stand-in input node (the operators get their batches directly). */
function source(): PhysicalNode {
  return { op: 'scan', fileSchema: schema, splits: [], projection: null, filters: [], schema, partitions: 1 };
}

function ctx(batchSize = 16): ExecContext {
  return { inputs: [], task: { fetch: () => { throw new Error('no shuffle'); }, cacheGet: () => undefined }, conf: { batchSize, bigint: false }, partition: 3 };
}

/** Runs `node` (whose input is the scan of rows) by substituting an async batch stream for the scan. */
async function run(node: PhysicalNode, batchSize = 16): Promise<Record<string, unknown>[]> {
  const batches: Batch[] = [];
  for (let i = 0; i < rows.length; i += 7) batches.push(rowsToBatch(rows.slice(i, i + 7), schema));
  const { rowFnOp, rowFnGroupsOp } = await import('../../../engine/ops/index.js');
  async function* input(): AsyncIterable<Batch> { for (const b of batches) yield b; }
  const n = node as Extract<PhysicalNode, { op: 'rowFn' | 'rowFnGroups' }>;
  const stream = n.op === 'rowFn' ? rowFnOp(n, input(), ctx(batchSize)) : rowFnGroupsOp(n, input(), ctx(batchSize));
  const out: Record<string, unknown>[] = [];
  for await (const b of stream) out.push(...batchToRows(b));
  return out;
}

function fn(kind: RowFn['kind'], source: string, extra: Partial<RowFn> = {}): RowFn {
  return { kind, source, captures: {}, reads: null, valueIn: false, valueOut: false, notCompiledBecause: 'test', ...extra };
}

/** A rowFn node over the rows, its schema made as the planner makes it (pass-through kinds keep the input columns). */
const rowFn = (f: RowFn, out: Schema): PhysicalNode => ({
  op: 'rowFn', input: source(), fn: f, schema: ['filter', 'foreach', 'key'].includes(f.kind) ? [...schema, ...out] : out, partitions: 1,
});

describe('engine rowFn operator', () => {
  it('map builds the output schema from objects; int64 as number, dates as Date, nulls as null', async () => {
    const out = await run(rowFn(fn('map', '(r) => ({ id: r.id, k2: r.k === null ? null : r.k + r.k, day: r.d === null ? null : r.d.getTime() / 86400000, isDate: r.d instanceof Date || r.d === null })'), [
      { name: 'id', type: 'int64', nullable: true }, { name: 'k2', type: 'utf8', nullable: true },
      { name: 'day', type: 'float64', nullable: true }, { name: 'isDate', type: 'bool', nullable: true },
    ]));
    expect(out).to.deep.equal(rows.map((r) => ({ id: r.id, k2: r.k === null ? null : r.k + r.k, day: r.d === null ? null : r.d.getTime() / DAY, isDate: true })));
  });

  it('materializes only the fields the function reads', async () => {
    const out = await run(rowFn(fn('map', '(r) => Object.keys(r).join(",")', { reads: ['x', 'k'], valueOut: true }), [{ name: 'value', type: 'utf8', nullable: true }]));
    expect(out.map((r) => r.value)).to.deep.equal(rows.map(() => 'x,k'));
  });

  it('captures arrive as named parameters', async () => {
    const out = await run(rowFn(fn('filter', '(r) => r.x !== null && r.x > lim && names.includes(r.k)', { captures: { lim: 3, names: ['a', 'b'] } }), []));
    expect(out).to.deep.equal(rows.filter((r) => r.x !== null && r.x > 3 && ['a', 'b'].includes(r.k as string)));
  });

  it('filter passes whole rows through; flatMap and mapPartitions re-batch at batchSize', async () => {
    expect(await run(rowFn(fn('filter', '(r) => r.id % 3000 === 0'), []))).to.deep.equal(rows.filter((r) => r.id % 3000 === 0));
    const flat = await run(rowFn(fn('flatMap', '(r) => r.k === null ? [] : [r.id, r.id + 1]', { valueOut: true }), [{ name: 'value', type: 'int64', nullable: true }]), 5);
    expect(flat.map((r) => r.value)).to.deep.equal(rows.flatMap((r) => (r.k === null ? [] : [r.id, r.id + 1])));
    const parts = await run(rowFn(fn('mapPartitions', 'function* (rs) { let n = 0; let s = 0; for (const r of rs) { n++; s += r.id; } yield { n, s }; }'), [
      { name: 'n', type: 'int32', nullable: true }, { name: 's', type: 'float64', nullable: true },
    ]));
    expect(parts).to.deep.equal([{ n: rows.length, s: rows.reduce((a, r) => a + r.id, 0) }]);
  });

  it('key appends a JSON-encoded key column that decodes to the key (Dates and objects too)', async () => {
    const out = await run(rowFn(fn('key', '(r) => ({ k: r.k, d: r.d })', { reads: ['k', 'd'] }), [{ name: '__key', type: 'utf8', nullable: false }]));
    expect(out.length).to.equal(rows.length);
    out.forEach((o, i) => {
      expect(o.id).to.equal(rows[i]!.id);
      expect(decodeKey(o.__key as string)).to.deep.equal({ k: rows[i]!.k, d: rows[i]!.d });
    });
    expect(decodeKey(encodeKey(undefined))).to.equal(null);
    expect(decodeKey(encodeKey([1, 'a', null]))).to.deep.equal([1, 'a', null]);
  });

  it('a value that does not fit the schema is a DataError naming the field and the row', async () => {
    const node = rowFn(fn('map', '(r) => ({ id: r.id, x: r.id === 20000 ? "oops" : r.x })'), [{ name: 'id', type: 'int64', nullable: true }, { name: 'x', type: 'float64', nullable: true }]);
    let err: unknown;
    try { await run(node); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(DataError);
    expect((err as Error).message).to.include('field "x"').and.include('row 20 of partition 3').and.include('"oops"');
    const nonObj = rowFn(fn('map', '(r) => r.id'), [{ name: 'id', type: 'int64', nullable: true }]);
    try { await run(nonObj); err = null; } catch (e) { err = e; }
    expect(err).to.be.instanceOf(DataError);
    expect((err as Error).message).to.include('returned number 0');
  });

  it('a throwing function is a UserFunctionError with its message, the row, the partition and its own frames', async () => {
    const node = rowFn(fn('map', '(r) => { if (r.id === 13000) throw new TypeError("no 13"); return { id: r.id }; }', { definedAt: '/home/me/job.ts:12:5' }), [{ name: 'id', type: 'int64', nullable: true }]);
    let err: unknown;
    try { await run(node); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(UserFunctionError);
    const e = err as UserFunctionError;
    expect(e.message).to.include('TypeError: no 13').and.include('row 13 of partition 3').and.include('/home/me/job.ts:12:5');
    expect(e.stack).to.include('rondo-map-fn.js').and.include('/home/me/job.ts:12:5');
    expect(e.details).to.include({ partition: 3, row: 13, userMessage: 'no 13' });
  });

  it('groups: partial reduce keeps the key, final drops it; mapGroups gets decoded keys', async () => {
    const keyed = rowFn(fn('key', '(r) => r.k', { reads: ['k'] }), [{ name: '__key', type: 'utf8', nullable: false }]);
    const keyedSchema = [...schema, { name: '__key', type: 'utf8' as const, nullable: false }];
    const red = fn('reduce', '(a, b) => ({ ...a, id: a.id + b.id, x: (a.x ?? 0) + (b.x ?? 0) })');
    // Feed keyed batches into the groups operator.
    const keyedRows = await run(keyed);
    const expected = new Map<unknown, { id: number; x: number }>();
    for (const r of rows) {
      const g = expected.get(r.k);
      expected.set(r.k, g ? { id: g.id + r.id, x: (g.x ?? 0) + (r.x ?? 0) } : { id: r.id, x: r.x as number });
    }
    const { rowFnGroupsOp } = await import('../../../engine/ops/index.js');
    const input = async function* (): AsyncIterable<Batch> { yield rowsToBatch(keyedRows, keyedSchema); };
    const inNode: PhysicalNode = { op: 'scan', fileSchema: keyedSchema, splits: [], projection: null, filters: [], schema: keyedSchema, partitions: 1 };
    const partial: PhysicalNode = { op: 'rowFnGroups', input: inNode, fn: red, key: 4, keyJson: true, mode: 'partial', schema: keyedSchema, partitions: 1 };
    const pOut: Record<string, unknown>[] = [];
    for await (const b of rowFnGroupsOp(partial as Extract<PhysicalNode, { op: 'rowFnGroups' }>, input(), ctx())) pOut.push(...batchToRows(b));
    expect(pOut.length).to.equal(expected.size);
    for (const o of pOut) {
      const e = expected.get(decodeKey(o.__key as string))!;
      expect(o.id).to.equal(e.id);
      expect(o.x).to.equal(e.x);
    }
    const mg = fn('mapGroups', '(k, rs) => ({ k: k === null ? "<null>" : k, n: rs.length, hasKeyCol: rs.some((r) => "__key" in r) })');
    const mgNode: PhysicalNode = { op: 'rowFnGroups', input: inNode, fn: mg, key: 4, keyJson: true, mode: 'final', schema: [
      { name: 'k', type: 'utf8', nullable: true }, { name: 'n', type: 'int32', nullable: true }, { name: 'hasKeyCol', type: 'bool', nullable: true }], partitions: 1 };
    const mOut: Record<string, unknown>[] = [];
    for await (const b of rowFnGroupsOp(mgNode as Extract<PhysicalNode, { op: 'rowFnGroups' }>, input(), ctx())) mOut.push(...batchToRows(b));
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.k ?? '<null>', (counts.get(r.k ?? '<null>') ?? 0) + 1);
    expect(new Map(mOut.map((o) => [o.k as string, o.n as number]))).to.deep.equal(counts);
    expect(mOut.every((o) => o.hasKeyCol === false)).to.equal(true);
  });

  it('rowReader gives bare values for value rows', () => {
    const b = rowsToBatch([{ value: 1 }, { value: null }, { value: 3 }], [{ name: 'value', type: 'int32', nullable: true }]);
    expect(rowReader(b.schema, fn('map', 'x => x', { valueIn: true }), null, false)(b)).to.deep.equal([1, null, 3]);
  });
});
