import { expect } from 'chai';
import type { Vec } from '../../../engine/batch.js';
import { encodeUtf8Dict, seededRandom, utf8StrVec } from '../../../engine/kernels/index.js';
import { JoinTable } from '../../../engine/ops/join-table.js';

type Cell = number | string | null;

function numVec(values: readonly (number | null)[], storage: 'int32' | 'float64'): Vec {
  const vals = storage === 'int32' ? new Int32Array(values.length) : new Float64Array(values.length);
  let valid: Uint8Array | null = null;
  values.forEach((v, i) => {
    if (v === null) {
      valid ??= new Uint8Array(values.length).fill(1);
      valid[i] = 0;
    } else vals[i] = v;
  });
  return { kind: 'num', type: storage === 'int32' ? 'int32' : 'float64', values: vals, valid };
}

/** Strings as a byte dictionary with repeated entries (as concatenated pieces have), or as plain strings. */
function strVec(values: readonly (string | null)[], bytes: boolean): Vec {
  const dict = [...values.map((v) => v ?? ''), ...values.map((v) => v ?? '')];
  const codes = Int32Array.from(values, (_, i) => (i % 3 === 0 ? values.length + i : i));
  let valid: Uint8Array | null = null;
  values.forEach((v, i) => {
    if (v === null) {
      valid ??= new Uint8Array(values.length).fill(1);
      valid[i] = 0;
    }
  });
  return bytes ? utf8StrVec(encodeUtf8Dict(dict), codes, valid) : { kind: 'str', type: 'utf8', dict, codes, valid };
}

/** Every (probe row, build row) pair with equal non-null keys, by a nested loop. */
function referencePairs(build: Cell[][], probe: Cell[][]): string[] {
  const out: string[] = [];
  probe.forEach((p, i) => build.forEach((b, j) => {
    if (p.every((x, k) => x !== null && b[k] !== null && x === b[k])) out.push(`${i}:${j}`);
  }));
  return out;
}

function tablePairs(t: JoinTable, keys: Vec[], n: number): string[] {
  const heads = t.heads(keys, n);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let last = -1;
    for (let j = heads[i]!; j >= 0; j = t.next[j]!) {
      expect(j, 'a key chain ascends').to.be.greaterThan(last);
      last = j;
      out.push(`${i}:${j}`);
    }
  }
  return out;
}

describe('engine/ops JoinTable', () => {
  const rnd = seededRandom(99);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const cases: { name: string; gen: () => Cell; build: (v: Cell[]) => Vec; probe: (v: Cell[]) => Vec }[] = [
    { name: 'int32, small range (direct)', gen: () => (rnd() < 0.1 ? null : Math.floor(rnd() * 20) - 5), build: (v) => numVec(v as (number | null)[], 'int32'), probe: (v) => numVec(v as (number | null)[], 'int32') },
    { name: 'int32 build, float64 probe with fractions (direct)', gen: () => (rnd() < 0.1 ? null : Math.floor(rnd() * 40) / 2), build: (v) => numVec((v as (number | null)[]).map((x) => (x === null ? null : Math.floor(x))), 'int32'), probe: (v) => numVec(v as (number | null)[], 'float64') },
    { name: 'int32, wide range (hashed)', gen: () => (rnd() < 0.1 ? null : pick([-2e9, 7, 2e9, 123456789, 0])), build: (v) => numVec(v as (number | null)[], 'int32'), probe: (v) => numVec(v as (number | null)[], 'int32') },
    { name: 'float64 (hashed)', gen: () => (rnd() < 0.1 ? null : pick([0.5, 1, 2.25, 1e300, -3])), build: (v) => numVec(v as (number | null)[], 'float64'), probe: (v) => numVec(v as (number | null)[], 'float64') },
    { name: 'strings, bytes on both sides (per entry)', gen: () => (rnd() < 0.1 ? null : pick(['', 'a', 'É', 'id001', 'x'.repeat(50)])), build: (v) => strVec(v as (string | null)[], true), probe: (v) => strVec(v as (string | null)[], true) },
    { name: 'strings, plain build, byte probe', gen: () => (rnd() < 0.1 ? null : pick(['', 'a', 'É', 'id001'])), build: (v) => strVec(v as (string | null)[], false), probe: (v) => strVec(v as (string | null)[], true) },
  ];
  for (const c of cases) {
    it(`finds every match, chains ascending: ${c.name}`, () => {
      for (let t = 0; t < 10; t++) {
        const nb = Math.floor(rnd() * 60);
        const np = Math.floor(rnd() * 80);
        const bv = Array.from({ length: nb }, c.gen);
        const pv = Array.from({ length: np }, c.gen);
        const table = new JoinTable([c.build(bv)], nb);
        // Probe twice with the same dictionary: per-entry answers are reused.
        const probeKeys = [c.probe(pv)];
        const want = referencePairs(bv.map((x) => [c.name.startsWith('int32 build') && x !== null ? Math.floor(x as number) : x]), pv.map((x) => [x]));
        expect(tablePairs(table, probeKeys, np)).to.deep.equal(want);
        expect(tablePairs(table, probeKeys, np)).to.deep.equal(want);
      }
    });
  }
  it('two keys (hashed), with nulls and duplicates', () => {
    for (let t = 0; t < 10; t++) {
      const gen = (): Cell[] => [rnd() < 0.1 ? null : Math.floor(rnd() * 4), rnd() < 0.1 ? null : pick(['a', 'b', 'É'])];
      const b = Array.from({ length: Math.floor(rnd() * 50) }, gen);
      const p = Array.from({ length: Math.floor(rnd() * 50) }, gen);
      const table = new JoinTable([numVec(b.map((r) => r[0] as number | null), 'int32'), strVec(b.map((r) => r[1] as string | null), true)], b.length);
      const keys = [numVec(p.map((r) => r[0] as number | null), 'float64'), strVec(p.map((r) => r[1] as string | null), false)];
      expect(tablePairs(table, keys, p.length)).to.deep.equal(referencePairs(b, p));
    }
  });
});
