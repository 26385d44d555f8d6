import { expect } from 'chai';
import { DataError } from '../../../engine/errors.js';
import { inferPartitionSchema } from '../../../engine/io/index.js';
import { constantColumn, partitionColumnsOf, pathPartitionValues } from '../../../engine/io/partitions.js';
import { field } from '../../../engine/types.js';

describe('engine/io partition folders on read', () => {
  it('takes the run of name=value folders right above the file, unescaped', () => {
    expect(pathPartitionValues('/data/y=2021/m=01/part-0.csv')).to.deep.equal([['y', '2021'], ['m', '01']]);
    expect(pathPartitionValues('/a=1/raw/k=b%2Fc/f.csv')).to.deep.equal([['k', 'b/c']]);
    expect(pathPartitionValues('/data/k=__HIVE_DEFAULT_PARTITION__/f.csv')).to.deep.equal([['k', null]]);
    expect(pathPartitionValues('/data/plain/f.csv')).to.deep.equal([]);
    expect(pathPartitionValues('/data/k=1/sub/f.csv')).to.deep.equal([]);
  });

  it('infers the narrowest type of every partition column over all files', () => {
    const s = inferPartitionSchema(['/d/a=1/b=x/c=2021-01-01/f', '/d/a=3000000000/b=__HIVE_DEFAULT_PARTITION__/c=2021-01-02/g', '/d/a=2/b=1/c=__HIVE_DEFAULT_PARTITION__/h']);
    expect(s).to.deep.equal([field('a', 'int64'), field('b', 'utf8'), field('c', 'date')]);
    expect(inferPartitionSchema(['/d/k=1/f', '/d/g'])).to.deep.equal([]);
    expect(inferPartitionSchema(['/d/k=__HIVE_DEFAULT_PARTITION__/f'])).to.deep.equal([field('k', 'utf8')]);
    expect(inferPartitionSchema(['/d/k=1/f'], ['k'])).to.deep.equal([]);
  });

  it('finds partition columns only at the end of a file schema', () => {
    const schema = [field('k', 'int32'), field('v', 'utf8'), field('p', 'int32')];
    expect(partitionColumnsOf(schema, '/d/k=1/f').map((c) => c.name)).to.deep.equal([]);
    expect(partitionColumnsOf(schema, '/d/p=4/f').map((c) => [c.name, c.value])).to.deep.equal([['p', '4']]);
  });

  it('makes constant columns, null for the default partition, and names a value that does not parse', () => {
    const c = constantColumn(field('p', 'int32'), '7', 3, '/x');
    expect(c.kind === 'num' && [...c.values]).to.deep.equal([7, 7, 7]);
    const n = constantColumn(field('p', 'utf8'), null, 2, '/x');
    expect(n.valid && [...n.valid]).to.deep.equal([0, 0]);
    expect(() => constantColumn(field('p', 'int32'), 'abc', 1, '/d/p=abc/f')).to.throw(DataError, /partition folder p=abc of \/d\/p=abc\/f: cannot parse "abc" as int32/);
  });
});
