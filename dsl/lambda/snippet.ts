/**
 * Error snippets: the line of a function's source that holds a node, with a caret line under it,
 * so a message can point at the offending identifier the way a compiler does.
 */

/** Formats the line of `source` containing [start, start + length) with its line number and carets. */
export function snippetAt(source: string, start: number, length: number): string {
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = source.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = source.length;
  const lineNo = source.slice(0, lineStart).split('\n').length;
  const raw = source.slice(lineStart, lineEnd).replace(/\t/g, ' ');
  // Very long one-line functions: keep a window around the node.
  let text = raw;
  let col = start - lineStart;
  if (raw.length > 100) {
    const from = Math.max(0, col - 40);
    const to = Math.min(raw.length, col + Math.max(length, 1) + 40);
    text = `${from > 0 ? '…' : ''}${raw.slice(from, to)}${to < raw.length ? '…' : ''}`;
    col = col - from + (from > 0 ? 1 : 0);
  }
  const gutter = `${lineNo} | `;
  const carets = '^'.repeat(Math.max(1, Math.min(length, text.length - col)));
  return `  ${gutter}${text}\n  ${' '.repeat(gutter.length - 2)}| ${' '.repeat(col)}${carets}`;
}
