/**
 * Text rendering for `show` and `printSchema`, following Spark's layout: a `+---+` frame,
 * cells right-aligned and cut at 20 characters (`...` marks the cut), `null` for nulls, and
 * `only showing top n rows` when there are more rows.
 */
import type { DataType, Schema } from '../engine/types.js';

/** How `show` renders cells. */
export interface ShowOptions {
  /** true (default): cut cells at 20 characters; a number: at that many; false or 0: never (cells left-aligned). */
  readonly truncate?: boolean | number;
}

/** Spark's minimum column width. */
const MIN_WIDTH = 3;

/**
 * The text of one value as `show` (and the REPL) prints it: dates as `2024-01-05`, timestamps
 * as Spark does, in UTC: `2024-01-05 10:11:12`, with the fraction of a second only when it is
 * not zero, trailing zeros dropped (`2024-01-05 10:11:12.345`, `… 10:11:12.5`).
 */
export function cellText(value: unknown, type: DataType): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return 'Invalid Date';
    const iso = value.toISOString(); // 2024-01-05T10:11:12.345Z (±YYYYYY for years past 9999)
    const t = iso.indexOf('T');
    if (type === 'date') return iso.slice(0, t);
    const [hms, ms] = iso.slice(t + 1, -1).split('.');
    const frac = (ms ?? '').replace(/0+$/, '');
    return `${iso.slice(0, t)} ${hms}${frac ? `.${frac}` : ''}`;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function cut(text: string, truncate: number): string {
  const chars = Array.from(text);
  if (truncate <= 0 || chars.length <= truncate) return text;
  return truncate < 4 ? chars.slice(0, truncate).join('') : `${chars.slice(0, truncate - 3).join('')}...`;
}

function width(text: string): number {
  return Array.from(text).length;
}

/**
 * Formats rows as Spark's `show` table. A row is an object by column name, or an array by
 * position (which keeps same-named columns apart, as after a join). `n` and `hasMore`
 * produce the trailing `only showing top n rows` line.
 */
export function formatTable(schema: Schema, rows: readonly (Readonly<Record<string, unknown>> | readonly unknown[])[], opts: ShowOptions & { readonly n?: number; readonly hasMore?: boolean } = {}): string {
  const truncate = opts.truncate === undefined || opts.truncate === true ? 20 : opts.truncate === false ? 0 : Math.max(0, Math.floor(opts.truncate));
  const header = schema.map((f) => cut(f.name, truncate));
  const body = rows.map((r) => schema.map((f, i) => cut(cellText(Array.isArray(r) ? r[i] : (r as Record<string, unknown>)[f.name], f.type), truncate)));
  const widths = header.map((h, i) => Math.max(MIN_WIDTH, width(h), ...body.map((cells) => width(cells[i]!))));
  const pad = (text: string, i: number): string => {
    const fill = ' '.repeat(widths[i]! - width(text));
    return truncate > 0 ? fill + text : text + fill;
  };
  const sep = `+${widths.map((w) => '-'.repeat(w)).join('+')}+\n`;
  const line = (cells: readonly string[]): string => `|${cells.map(pad).join('|')}|\n`;
  let out = sep + line(header) + sep;
  for (const cells of body) out += line(cells);
  out += sep;
  // Spark's show(0) prints the header alone, without "only showing top 0 rows".
  if (opts.hasMore && (opts.n ?? rows.length) > 0) {
    const n = opts.n ?? rows.length;
    out += `only showing top ${n} ${n === 1 ? 'row' : 'rows'}\n`;
  }
  return out;
}

/** Formats a schema as Spark's `printSchema` tree. */
export function formatSchemaTree(schema: Schema): string {
  return `root\n${schema.map((f) => ` |-- ${f.name}: ${f.type} (nullable = ${f.nullable})\n`).join('')}`;
}
