/**
 * Running a row function over sample rows in the driver (schema inference), with the same
 * rebuilt function and the same error reporting as on executors.
 */
import { UserFunctionError } from '../../engine/errors.js';
import { decodeKey, rebuildRowFn, userFunctionError } from '../../engine/ops/index.js';
import type { RowFn } from '../../engine/plan.js';

const PLACE = 'the sample rondo runs in the driver to infer the output schema';

/** Results of `fn` over sample `rows`; for a map, also each (row, result) pair. */
export function runOnSample(fn: RowFn, rows: readonly unknown[], group?: { readonly key: string; readonly keyJson: boolean }): { outputs: unknown[]; pairs: [unknown, unknown][] | null } {
  const f = rebuildRowFn(fn);
  const outputs: unknown[] = [];
  let i = 0;
  try {
    switch (fn.kind) {
      case 'map': {
        const pairs: [unknown, unknown][] = [];
        for (; i < rows.length; i++) {
          const o = f(rows[i]);
          outputs.push(o);
          pairs.push([rows[i], o]);
        }
        return { outputs, pairs };
      }
      case 'flatMap':
        for (; i < rows.length; i++) {
          const it = f(rows[i]) as Iterable<unknown>;
          if (it === null || typeof it !== 'object' || typeof it[Symbol.iterator] !== 'function') {
            throw new UserFunctionError(`the flatMap function must return an iterable (an array, a generator ...), but returned ${it === null ? 'null' : typeof it} for row ${i} of ${PLACE}`, { kind: fn.kind, row: i });
          }
          for (const o of it) outputs.push(o);
        }
        return { outputs, pairs: null };
      case 'mapPartitions': {
        i = -1;
        const it = f(rows[Symbol.iterator]()) as Iterable<unknown>;
        if (it === null || typeof it !== 'object' || typeof it[Symbol.iterator] !== 'function') {
          throw new UserFunctionError(`the mapPartitions function must return an iterable (an array, a generator ...), but returned ${it === null ? 'null' : typeof it}`, { kind: fn.kind });
        }
        for (const o of it) outputs.push(o);
        return { outputs, pairs: null };
      }
      case 'mapGroups': {
        i = -1;
        const k = group?.key ?? '__key';
        const groups = new Map<unknown, { key: unknown; rows: unknown[] }>();
        for (const r of rows as Record<string, unknown>[]) {
          const raw = r[k] ?? null;
          const norm = raw instanceof Date ? raw.getTime() : raw;
          let g = groups.get(norm);
          if (g === undefined) {
            g = { key: group?.keyJson && typeof raw === 'string' ? decodeKey(raw) : raw, rows: [] };
            groups.set(norm, g);
          }
          const { [k]: _drop, ...rest } = r;
          g.rows.push(fn.valueIn ? rest.value : rest);
        }
        for (const g of groups.values()) outputs.push(f(g.key, g.rows));
        return { outputs, pairs: null };
      }
      default:
        return { outputs, pairs: null };
    }
  } catch (e) {
    throw userFunctionError(fn, e, 0, i >= 0 ? i : null, PLACE);
  }
}
