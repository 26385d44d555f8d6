/**
 * The differential harness: random columns with nulls, an expression over them, and a plain
 * JavaScript reference computed row by row.
 */
import type { DataType } from '../../../engine/types.js';
import type { Expr } from '../../../engine/expr.js';
import { evaluate } from '../../../engine/expr/index.js';
import { batchOf, col, expectRows, prng, randomValues, readVec, SIZES } from './helpers.js';

export interface ColSpec {
  readonly type: DataType;
  readonly nullRate?: number;
  readonly small?: boolean;
  readonly pool?: readonly string[];
  /** Custom generator of one non-null value. */
  readonly gen?: (rand: () => number) => unknown;
}

/**
 * Runs `build(cols)` over random columns of `specs` at every batch size of SIZES and checks each
 * row against `ref(...values)` (null inputs included: the reference decides).
 */
export function differential(name: string, specs: readonly ColSpec[], build: (c: Expr[]) => Expr, ref: (...vals: any[]) => unknown, seed = 1): void {
  for (const n of SIZES) {
    const rand = prng(seed * 7919 + n);
    const cols = specs.map((s, k) => {
      const values = s.gen
        ? Array.from({ length: n }, () => (rand() < (s.nullRate ?? 0.15) ? null : s.gen!(rand)))
        : randomValues(rand, s.type, n, s.nullRate ?? 0.15, { small: s.small, pool: s.pool });
      return { name: `c${k}`, type: s.type, values };
    });
    const batch = batchOf(cols);
    const expr = build(cols.map((c, k) => col(k, c.name, c.type)));
    const actual = readVec(evaluate(expr, batch));
    const expected = Array.from({ length: n }, (_, i) => ref(...cols.map((c) => c.values[i])));
    expectRows(actual, expected, `${name} at ${n} rows`, (i) => cols.map((c) => JSON.stringify(c.values[i])).join(', '));
  }
}
