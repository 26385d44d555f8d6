/**
 * Word count: text files → lines → words (a typed flatMap) → counts (a column group-by).
 *
 *   npx rondo run examples/word-count.ts                    # a few generated text files
 *   npx rondo run examples/word-count.ts -- 'docs/*.txt'    # your own files (a path or glob)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desc, type Session } from 'rondo';

/** Three small text files, the input when no path is given. */
export const SAMPLE_TEXTS: Readonly<Record<string, string>> = {
  'rondo.txt': 'Everyone passes to everyone.\nThe ball goes round and round;\nno one keeps the ball.\n',
  'spark.txt': 'A spark, a stage, a shuffle:\nthe driver plans, the executors run.\n\nThe stage ends when every task ends.\n',
  'arrow.txt': "Columns, not rows. Arrow's columns go everywhere;\nrows are what users see.\n",
};

export default async function wordCount(session: Session, args: string[]): Promise<void> {
  let input = args[0];
  let sampleDir: string | undefined;
  if (input === undefined) {
    sampleDir = mkdtempSync(join(tmpdir(), 'rondo-words-'));
    for (const [name, text] of Object.entries(SAMPLE_TEXTS)) writeFileSync(join(sampleDir, name), text);
    input = join(sampleDir, '*.txt');
  }
  try {
    await countWords(session, input);
  } finally {
    if (sampleDir !== undefined) rmSync(sampleDir, { recursive: true, force: true });
  }
}

async function countWords(session: Session, input: string): Promise<void> {
  // One column per line: a delimiter and a quote that text never holds, no header.
  const lines = session.read.csv(input, { header: false, delimiter: '\u0001', quote: '\u0002', schema: { line: 'utf8' } });
  const words = lines.flatMap((r) => String(r.line ?? '').toLowerCase().split(/[^a-z0-9']+/).filter((w) => w.length > 0).map((word) => ({ word })));
  const counts = words.groupBy('word').count().orderBy(desc('count'), 'word');
  console.log(`${await words.count()} words, ${await counts.count()} distinct`);
  await counts.show(10);
}
