/**
 * Lines that start with `.` and continue the previous input, as in Spark's Scala REPL:
 * `ds` ⏎ `.filter(col('id').gt(2))` ⏎ is one chain. Node's REPL takes such a line for a
 * command (`.help`) and, not knowing it, says "Invalid REPL keyword" and drops it.
 */

/** True for a line that continues the previous input: it starts with `.` and is not a REPL command (`.help`, `.explain`, …) nor a number (`.5`). */
export function isContinuation(line: string, commands: ReadonlySet<string>): boolean {
  const t = line.trim();
  if (!t.startsWith('.') || t.startsWith('..') || !Number.isNaN(Number.parseFloat(t))) return false;
  const keyword = /^\.([^\s.(]*)/.exec(t)![1]!;
  // `.filter(` and `.count()` are members; `.explain ds` is a command.
  return !(commands.has(keyword) && /^\.[^\s.(]*(\s|$)/.test(t));
}

/**
 * The input to run for a continuation line when the previous input has run already (at a
 * terminal): the previous input with the line appended, as one new input. A declaration
 * (`let big = session.range(9)`) is continued as an assignment to the same name; a `const`
 * cannot be assigned again, so that is an error saying so.
 */
export function continuedInput(previous: string, line: string): { readonly code: string } | { readonly error: string } {
  const prev = previous.replace(/\s+$/, '');
  const decl = /^\s*(const|let|var)\s+([A-Za-z_$][\w$]*)\s*=(?!=)/.exec(prev);
  if (decl) {
    const [whole, kind, name] = decl;
    if (kind === 'const') {
      return { error: `"${line.trim()}" continues the previous input, which declared const ${name}: a const cannot be set again. Write the chain in one input (.editor takes several lines), or declare it with let.` };
    }
    return { code: `${name} =${prev.slice(whole!.length)}\n${line}` };
  }
  return { code: `${prev}\n${line}` };
}
