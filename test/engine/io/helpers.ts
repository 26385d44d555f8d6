/**
 * Test helpers for io: temp folders, a seeded PRNG, and reading splits back as plain rows of
 * stored values (written here in plain JavaScript, not through engine kernels).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Batch } from '../../../engine/batch.js';
import type { SourceSplit } from '../../../engine/plan.js';
import type { Schema } from '../../../engine/types.js';
import { readSplit } from '../../../engine/io/index.js';

/** A fresh temp folder; call the returned function to remove it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rondo-io-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The engine's seeded PRNG (mulberry32), under the name the tests use. */
export { seededRandom as prng } from '../../../engine/kernels/index.js';
import { seededRandom as prng } from '../../../engine/kernels/index.js';

/** Row r of a batch as stored values: strings, numbers (bool 0/1, date days, ts ms; int64 a bigint beyond ±2^53), null. */
export function batchRows(b: Batch): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = 0; r < b.length; r++) {
    rows.push(b.columns.map((v) => {
      if (v.valid !== null && v.valid[r] === 0) return null;
      if (v.type === 'int64') {
        const x = v.values[r]!;
        return Number.isSafeInteger(Number(x)) ? Number(x) : x;
      }
      return v.kind === 'str' ? v.dict[v.codes[r]!] : v.values[r];
    }));
  }
  return rows;
}

/** Every row of the splits, in order, and the batches' lengths. */
export async function readAll(splits: readonly SourceSplit[], schema: Schema, projection: readonly number[] | null = null, batchSize = 1000): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for (const s of splits) {
    for await (const b of readSplit(s, schema, projection, { batchSize })) {
      if (b.length > batchSize) throw new Error(`batch of ${b.length} rows > batchSize ${batchSize}`);
      rows.push(...batchRows(b));
    }
  }
  return rows;
}

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** Days since epoch of a YYYY-MM-DD date, computed independently. */
export function days(s: string): number {
  return Date.parse(s + 'T00:00:00Z') / 86_400_000;
}
