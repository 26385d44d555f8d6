/**
 * GroupTable with string keys arriving as byte dictionaries and as plain ones (mixed, shared
 * between batches, non-unique, partly used, with nulls): the group ids against a plain Map from
 * the key row to its first-seen group id, and the key columns that come back (as bytes).
 */
import { expect } from 'chai';
import type { StrVec, Vec } from '../../../engine/batch.js';
import type { DataType } from '../../../engine/types.js';
import { GroupTable } from '../../../engine/aggregate/group-table.js';
import { encodeUtf8Dict, nullVec, seededRandom, utf8StrVec } from '../../../engine/kernels/index.js';
import { byteDict, randomString } from './string-keys.js';

type Key = string | number | null;

/** A string column of `keys` with a dictionary of the given form (extra unused and duplicate entries). */
function strVec(keys: readonly (string | null)[], form: 'strings' | 'bytes' | 'padded', rnd: () => number): StrVec {
  const distinct = [...new Set(keys.filter((k): k is string => k !== null))];
  // Every string twice (rows pick either copy), plus entries no row uses.
  const dict = [...distinct, 'unused-entry', ...distinct, ''];
  const codes = Int32Array.from(keys, (k) => (k === null ? 0 : dict.indexOf(k) + (rnd() < 0.5 ? 0 : distinct.length + 1)));
  const valid = keys.some((k) => k === null) ? Uint8Array.from(keys, (k) => (k === null ? 0 : 1)) : null;
  if (form === 'strings') return { kind: 'str', type: 'utf8', dict, codes, valid };
  return utf8StrVec(form === 'bytes' ? encodeUtf8Dict(dict) : byteDict(dict, 3), codes, valid);
}

function numVec(type: DataType, keys: readonly (number | null)[]): Vec {
  const valid = keys.some((k) => k === null) ? Uint8Array.from(keys, (k) => (k === null ? 0 : 1)) : null;
  if (type === 'int64') return { kind: 'num', type, values: BigInt64Array.from(keys, (k) => BigInt(k ?? 0)), valid };
  const values = type === 'int32' ? Int32Array.from(keys, (k) => k ?? 0) : Float64Array.from(keys, (k) => k ?? 0);
  return { kind: 'num', type: type as Exclude<DataType, 'utf8' | 'int64'>, values, valid };
}

/** The reference key of a row: −0 as 0, NaN as one value, null apart from every string and number. */
function refKey(row: readonly Key[]): string {
  return JSON.stringify(row.map((k) => (typeof k === 'number' ? (Number.isNaN(k) ? 'NaN' : `n${k === 0 ? 0 : k}`) : k)));
}

/** The value of group g in a key column that came back from keyColumns(). */
function keyAt(v: Vec, g: number): Key {
  if (v.valid !== null && v.valid[g] === 0) return null;
  return v.kind === 'str' ? v.dict[v.codes[g]!]! : Number(v.values[g]!);
}

/** Feeds the batches (rows of keys per column) to a table and checks ids and key columns against the reference. */
function check(types: DataType[], batches: { cols: Vec[]; rows: Key[][] }[]): GroupTable {
  const table = new GroupTable(types);
  const ref = new Map<string, number>();
  const firstRow: Key[][] = [];
  batches.forEach(({ cols, rows }, b) => {
    const out = new Int32Array(rows.length);
    table.assign(cols, rows.length, out);
    rows.forEach((row, i) => {
      const k = refKey(row);
      if (!ref.has(k)) {
        ref.set(k, ref.size);
        firstRow.push(row);
      }
      if (out[i] !== ref.get(k)) expect.fail(`batch ${b} row ${i} ${k}: group ${out[i]}, expected ${ref.get(k)}`);
    });
  });
  expect(table.size).to.equal(ref.size);
  const keyCols = table.keyColumns();
  types.forEach((t, c) => {
    const v = keyCols[c]!;
    if (t === 'utf8') expect((v as StrVec).utf8, `key column ${c} as bytes`).to.not.equal(undefined);
    const back = Array.from({ length: table.size }, (_, g) => refKey([keyAt(v, g)]));
    expect(back, `key column ${c}`).to.deep.equal(firstRow.map((r) => refKey([r[c]!])));
  });
  return table;
}

const FORMS = ['strings', 'bytes', 'padded'] as const;

describe('engine/aggregate GroupTable, string keys as bytes and strings', () => {
  it('one string key: byte and plain dictionaries mixed, non-unique, with nulls', () => {
    const rnd = seededRandom(21);
    const pool = Array.from({ length: 400 }, () => randomString(rnd));
    const batches = Array.from({ length: 40 }, (_, b) => {
      const n = b === 5 ? 0 : 1 + Math.floor(rnd() * 120);
      const keys = Array.from({ length: n }, () => (rnd() < 0.1 ? null : pool[Math.floor(rnd() * pool.length)]!));
      return { cols: [strVec(keys, FORMS[b % 3]!, rnd)], rows: keys.map((k) => [k]) };
    });
    check(['utf8'], batches);
  });

  it('one string key: batches sharing a dictionary, then a null-typed column', () => {
    const rnd = seededRandom(4);
    const dict = Array.from({ length: 3000 }, (_, i) => `s${i % 2500}-é`); // 500 strings twice
    const shared = encodeUtf8Dict(dict);
    const batches: { cols: Vec[]; rows: Key[][] }[] = [];
    for (let b = 0; b < 12; b++) {
      const n = 200;
      const codes = Int32Array.from({ length: n }, () => Math.floor(rnd() * dict.length));
      const valid = Uint8Array.from({ length: n }, () => (rnd() < 0.05 ? 0 : 1));
      // A batch's view of the shared dictionary: as bytes, or the same strings as a plain array.
      const v: StrVec = b % 4 === 3 ? { kind: 'str', type: 'utf8', dict, codes, valid } : utf8StrVec(shared, codes, valid);
      batches.push({ cols: [v], rows: Array.from(codes, (c, i) => [valid[i] === 0 ? null : dict[c]!]) });
    }
    batches.push({ cols: [nullVec('null', 3)], rows: [[null], [null], [null]] });
    const table = check(['utf8'], batches);
    expect(table.size).to.be.greaterThan(400);
  });

  it('a null-only first batch, then strings: the null group keeps its id', () => {
    const rnd = seededRandom(9);
    check(['utf8'], [
      { cols: [strVec([null, null], 'bytes', rnd)], rows: [[null], [null]] },
      { cols: [strVec(['a', null, 'é', 'a'], 'strings', rnd)], rows: [['a'], [null], ['é'], ['a']] },
      { cols: [strVec(['é', 'b', null], 'padded', rnd)], rows: [['é'], ['b'], [null]] },
    ]);
  });

  it('string, int and string keys (multi-key path): forms mixed per column and per batch, with nulls', () => {
    const rnd = seededRandom(33);
    const pool = Array.from({ length: 60 }, () => randomString(rnd));
    const batches = Array.from({ length: 30 }, (_, b) => {
      const n = Math.floor(rnd() * 150);
      const rows: Key[][] = Array.from({ length: n }, () => [
        rnd() < 0.1 ? null : pool[Math.floor(rnd() * 20)]!,
        rnd() < 0.1 ? null : Math.floor(rnd() * 3) - 1,
        rnd() < 0.1 ? null : pool[Math.floor(rnd() * pool.length)]!,
      ]);
      const cols = [
        strVec(rows.map((r) => r[0] as string | null), FORMS[b % 3]!, rnd),
        numVec('int32', rows.map((r) => r[1] as number | null)),
        strVec(rows.map((r) => r[2] as string | null), FORMS[(b + 1) % 3]!, rnd),
      ];
      return { cols, rows };
    });
    check(['utf8', 'int32', 'utf8'], batches);
  });

  it('a string key and a float key: −0 = 0, one NaN group, many groups (table growth)', () => {
    const rnd = seededRandom(2);
    const floats = [0, -0, NaN, 1.5, null, -2];
    const batches = Array.from({ length: 20 }, (_, b) => {
      const n = 400;
      const rows: Key[][] = Array.from({ length: n }, () => [
        rnd() < 0.05 ? null : `k${Math.floor(rnd() * 400)}`,
        floats[Math.floor(rnd() * floats.length)]!,
      ]);
      return { cols: [strVec(rows.map((r) => r[0] as string | null), FORMS[b % 3]!, rnd), numVec('float64', rows.map((r) => r[1] as number | null))], rows };
    });
    const table = check(['utf8', 'float64'], batches);
    expect(table.size).to.be.greaterThan(1000);
  });

  it('two string keys sharing one dictionary across batches, bytes and strings', () => {
    const rnd = seededRandom(8);
    const dict = ['x', 'y', 'x', '', '🙂', 'y', 'unused'];
    const u = encodeUtf8Dict(dict);
    const batches = Array.from({ length: 10 }, (_, b) => {
      const n = 50;
      const a = Int32Array.from({ length: n }, () => Math.floor(rnd() * 6));
      const c = Int32Array.from({ length: n }, () => Math.floor(rnd() * 6));
      const valid = Uint8Array.from({ length: n }, () => (rnd() < 0.1 ? 0 : 1));
      const cols: Vec[] = [utf8StrVec(u, a, null), b % 2 === 0 ? utf8StrVec(u, c, valid) : { kind: 'str', type: 'utf8', dict, codes: c, valid }];
      const rows: Key[][] = Array.from({ length: n }, (_, i) => [dict[a[i]!]!, valid[i] === 0 ? null : dict[c[i]!]!]);
      return { cols, rows };
    });
    check(['utf8', 'utf8'], batches);
  });
});
