/**
 * Partition pruning: the pushed-down filters of a file scan that read partition columns only
 * are evaluated once per file on its folder values, and the files they reject are never
 * opened (Spark's PartitionFilters).
 */
import { evaluate } from '../../engine/expr/index.js';
import type { Expr } from '../../engine/expr.js';
import { partitionValuesBatch } from '../../engine/io/index.js';
import type { Schema } from '../../engine/types.js';
import type { FileSourceBase } from '../logical.js';

/** The files a scan reads after pruning, and its filters split into partition and row filters. */
export interface PrunedFiles {
  readonly paths: readonly string[];
  readonly partitionValues: readonly (readonly (string | null)[])[] | undefined;
  /** Filters over partition columns only (bound to the scan's output columns), applied per file. */
  readonly partitionFilters: readonly Expr[];
  /** The other filters, applied to every row read. */
  readonly filters: readonly Expr[];
}

/** The column indices an expression reads. */
function columnIndices(e: Expr, out: number[] = []): number[] {
  switch (e.kind) {
    case 'col': out.push(e.index); break;
    case 'lit': break;
    case 'call': for (const a of e.args) columnIndices(a, out); break;
    case 'cast': columnIndices(e.expr, out); break;
    case 'case':
      for (const b of e.branches) (columnIndices(b.when, out), columnIndices(b.then, out));
      if (e.otherwise !== null) columnIndices(e.otherwise, out);
      break;
  }
  return out;
}

/** `e` with every column index i replaced by map(i). */
function remapColumns(e: Expr, map: (i: number) => number): Expr {
  switch (e.kind) {
    case 'col': return { ...e, index: map(e.index) };
    case 'lit': return e;
    case 'call': return { ...e, args: e.args.map((a) => remapColumns(a, map)) };
    case 'cast': return { ...e, expr: remapColumns(e.expr, map) };
    case 'case':
      return {
        ...e,
        branches: e.branches.map((b) => ({ when: remapColumns(b.when, map), then: remapColumns(b.then, map) })),
        otherwise: e.otherwise === null ? null : remapColumns(e.otherwise, map),
      };
  }
}

/**
 * Prunes the files of a scan of `source` (full schema `fileSchema`, output columns
 * `projection`) with its bound `filters`: a filter reading only partition columns keeps the
 * files whose folder values make it true (null counts as false, as for a row).
 */
export function prunePartitions(source: FileSourceBase, fileSchema: Schema, projection: readonly number[] | null, filters: readonly Expr[]): PrunedFiles {
  const values = source.partitionValues;
  const nPart = values?.[0]?.length ?? 0;
  if (values === undefined || nPart === 0) return { paths: source.paths, partitionValues: values, partitionFilters: [], filters };
  const dataLen = fileSchema.length - nPart;
  const fileIndex = (i: number): number => (projection === null ? i : projection[i]!);
  const partitionFilters: Expr[] = [];
  const rowFilters: Expr[] = [];
  for (const f of filters) {
    const cols = columnIndices(f);
    if (cols.length > 0 && cols.every((i) => fileIndex(i) >= dataLen)) partitionFilters.push(f);
    else rowFilters.push(f);
  }
  if (partitionFilters.length === 0) return { paths: source.paths, partitionValues: values, partitionFilters, filters };
  const batch = partitionValuesBatch({ files: source.paths, schema: fileSchema.slice(dataLen), values });
  const keep = new Uint8Array(source.paths.length).fill(1);
  for (const f of partitionFilters) {
    const r = evaluate(remapColumns(f, (i) => fileIndex(i) - dataLen), batch);
    if (r.kind !== 'num') continue;
    for (let k = 0; k < keep.length; k++) if (r.values[k] !== 1 || (r.valid !== null && r.valid[k] === 0)) keep[k] = 0;
  }
  const kept = [...keep.keys()].filter((k) => keep[k] === 1);
  return { paths: kept.map((k) => source.paths[k]!), partitionValues: kept.map((k) => values[k]!), partitionFilters, filters: rowFilters };
}
