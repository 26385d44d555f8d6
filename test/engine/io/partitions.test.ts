import { expect } from 'chai';
import { DataError, SourceError } from '../../../engine/errors.js';
import { discoverPartitions } from '../../../engine/io/index.js';
import { constantColumn, partitionValueType, pathPartitionValues } from '../../../engine/io/partitions.js';
import { escapePartitionValue } from '../../../engine/io/write-files.js';
import { field } from '../../../engine/types.js';

const under = (root: string, ...paths: string[]) => paths.map((path) => ({ path, root }));

describe('engine/io partition folders on read', () => {
  it('takes the run of name=value folders right above the file, unescaped, below the root only', () => {
    expect(pathPartitionValues('/data/y=2021/m=01/part-0.csv')).to.deep.equal([['y', '2021'], ['m', '01']]);
    expect(pathPartitionValues('/a=1/raw/k=b%2Fc/f.csv')).to.deep.equal([['k', 'b/c']]);
    expect(pathPartitionValues('/data/k=__HIVE_DEFAULT_PARTITION__/f.csv')).to.deep.equal([['k', null]]);
    expect(pathPartitionValues('/data/plain/f.csv')).to.deep.equal([]);
    expect(pathPartitionValues('/data/k=1/sub/f.csv')).to.deep.equal([]);
    expect(pathPartitionValues('/data/y=2021/m=01/part-0.csv', '/data/y=2021')).to.deep.equal([['m', '01']]);
    expect(pathPartitionValues('/data/y=2021/part-0.csv', '/data/y=2021')).to.deep.equal([]);
  });

  it('undoes the writer\'s escaping exactly, for every special character', () => {
    for (const v of ['a/b', 'x=y', '100%', '%2F literally', 'with space', 'ünïcødé ✓', 'q?#*:"\'\\{[]^', 'tab\there', '日本']) {
      const seg = `k=${escapePartitionValue(v)}`;
      expect(seg.slice(2)).to.not.match(/[/=]/);
      expect(pathPartitionValues(`/d/${seg}/f`, '/d'), v).to.deep.equal([['k', v]]);
    }
  });

  it('infers types as Spark does: int32, int64, float64, date, timestamp, else utf8 (no bool)', () => {
    expect(['7', '-2147483648', '3000000000', '1.5', 'NaN', '2021-02-03', '2021-02-03T04:05:06.007Z', 'true', 'x1'].map(partitionValueType))
      .to.deep.equal(['int32', 'int32', 'int64', 'float64', 'float64', 'date', 'timestamp', 'utf8', 'utf8']);
    const p = discoverPartitions(under('/d', '/d/a=1/b=x/c=2021-01-01/f', '/d/a=3000000000/b=__HIVE_DEFAULT_PARTITION__/c=2021-01-02/g', '/d/a=2/b=1/c=__HIVE_DEFAULT_PARTITION__/h'));
    expect(p.schema).to.deep.equal([field('a', 'int64'), field('b', 'utf8'), field('c', 'date')]);
    expect(p.values).to.deep.equal([['1', 'x', '2021-01-01'], ['3000000000', null, '2021-01-02'], ['2', '1', null]]);
    expect(discoverPartitions(under('/d', '/d/k=__HIVE_DEFAULT_PARTITION__/f')).schema).to.deep.equal([field('k', 'utf8')]);
    expect(discoverPartitions(under('/d', '/d/k=1/f', '/d/k=2.5/g')).schema).to.deep.equal([field('k', 'float64')]);
    expect(discoverPartitions(under('/d', '/d/f', '/d/g')).schema).to.deep.equal([]);
  });

  it('a mix of partitioned and unpartitioned files, or of different folder names, is a SourceError naming both', () => {
    expect(() => discoverPartitions(under('/d', '/d/k=1/f', '/d/g'))).to.throw(SourceError, /\/d\/k=1\/f has partition folders k=.*\/d\/g has no partition folders/);
    expect(() => discoverPartitions(under('/d', '/d/a=1/b=2/f', '/d/b=2/a=1/g'))).to.throw(SourceError, /a=\/b=.*b=\/a=/);
    expect(() => discoverPartitions(under('/d', '/d/a=1/f', '/d/b=1/g'))).to.throw(SourceError, /mix of partition layouts/);
  });

  it('makes constant columns, null for the default partition, and names a value that does not parse', () => {
    const c = constantColumn(field('p', 'int32'), '7', 3, '/x');
    expect(c.kind === 'num' && [...c.values]).to.deep.equal([7, 7, 7]);
    const n = constantColumn(field('p', 'utf8'), null, 2, '/x');
    expect(n.valid && [...n.valid]).to.deep.equal([0, 0]);
    expect(() => constantColumn(field('p', 'int32'), 'abc', 1, '/d/p=abc/f')).to.throw(DataError, /partition folder p=abc of \/d\/p=abc\/f: cannot parse "abc" as int32/);
  });
});
