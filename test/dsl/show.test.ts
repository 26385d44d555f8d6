import { expect } from 'chai';
import { formatTable } from '../../dsl/show.js';
import type { Schema } from '../../engine/types.js';

describe('dsl/show formatTable', () => {
  const schema: Schema = [
    { name: 'id', type: 'int64', nullable: false },
    { name: 'name', type: 'utf8', nullable: true },
    { name: 'd', type: 'date', nullable: true },
    { name: 'ts', type: 'timestamp', nullable: true },
  ];

  it('prints an aligned, right-justified table like Spark with nulls and dates', () => {
    const text = formatTable(schema, [
      { id: 1, name: 'ann', d: new Date(Date.UTC(2024, 0, 5)), ts: new Date(Date.UTC(2024, 0, 5, 10, 30)) },
      { id: 22, name: null, d: null, ts: null },
    ]);
    expect(text).to.equal([
      '+---+----+----------+-------------------+',
      '| id|name|         d|                 ts|',
      '+---+----+----------+-------------------+',
      '|  1| ann|2024-01-05|2024-01-05 10:30:00|',
      '| 22|null|      null|               null|',
      '+---+----+----------+-------------------+',
      '',
    ].join('\n'));
  });

  it('truncates long cells at 20 characters and says when rows were left out', () => {
    const s: Schema = [{ name: 'text', type: 'utf8', nullable: true }];
    const text = formatTable(s, [{ text: 'abcdefghijklmnopqrstuvwxyz' }], { n: 1, hasMore: true });
    expect(text.split('\n')).to.deep.equal([
      '+--------------------+',
      '|                text|',
      '+--------------------+',
      '|abcdefghijklmnopq...|',
      '+--------------------+',
      'only showing top 1 row',
      '',
    ]);
    const full = formatTable(s, [{ text: 'abcdefghijklmnopqrstuvwxyz' }], { truncate: false });
    expect(full).to.contain('|abcdefghijklmnopqrstuvwxyz|');
  });

  it('prints timestamps as Spark does, in UTC: whole seconds, a fraction only when not zero', () => {
    const s: Schema = [{ name: 'ts', type: 'timestamp', nullable: true }];
    const at = (ms: number): Date => new Date(Date.UTC(2024, 0, 5, 10, 11, 12, ms));
    const cells = formatTable(s, [{ ts: at(0) }, { ts: at(345) }, { ts: at(500) }, { ts: at(7) }], { truncate: false })
      .split('\n').filter((l) => l.startsWith('|') && !l.includes('ts')).map((l) => l.slice(1, -1).trim());
    expect(cells).to.deep.equal(['2024-01-05 10:11:12', '2024-01-05 10:11:12.345', '2024-01-05 10:11:12.5', '2024-01-05 10:11:12.007']);
  });

  it('show(0) prints the header alone, without "only showing top 0 rows" (as Spark)', () => {
    const s: Schema = [{ name: 'a', type: 'int32', nullable: true }];
    expect(formatTable(s, [], { n: 0, hasMore: true })).to.equal('+---+\n|  a|\n+---+\n+---+\n');
  });

  it('prints the frame alone for no rows', () => {
    expect(formatTable([{ name: 'a', type: 'int32', nullable: true }], [])).to.equal('+---+\n|  a|\n+---+\n+---+\n');
  });
});
