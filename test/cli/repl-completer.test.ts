/** REPL completion of Dataset methods and column names, and which stack frames count as the user's. */
import { expect } from 'chai';
import { inspect } from 'node:util';
import { col, Session, type Dataset } from '../../index.js';
import { completeRondo } from '../../cli/repl-completer.js';
import { isUserFrame } from '../../cli/error-report.js';

describe('cli repl completion', function () {
  this.timeout(30_000);
  let session: Session;
  const g = globalThis as Record<string, unknown>;
  before(async () => {
    session = await Session.local({ executors: 1, inProcess: true });
    g.__h9sales = session.fromRows([{ region: 'n', qty: 1, price: 2 }]);
    g.__h9other = session.range(3);
  });
  const __h9 = (): Dataset => g.__h9sales as Dataset;
  after(async () => {
    delete g.__h9sales;
    delete g.__h9other;
    await session.stop();
  });

  it('ds.<tab> lists the public Dataset methods with that prefix', () => {
    const [hits, partial] = completeRondo('const x = __h9sales.co')!;
    expect(partial).to.equal('co');
    expect(hits).to.include.members(['coalesce', 'collect', 'columns', 'count']);
    expect(hits.every((h) => h.startsWith('co'))).to.equal(true);
    expect(completeRondo('__h9sales.')![0]).to.include.members(['filter', 'groupBy', 'show', 'explain']);
    expect(completeRondo('__h9sales.')![0]).not.to.include.members(['derive', 'runRows', 'constructor']);
  });

  it("col('<tab> lists the columns of the Datasets in scope, closing the quote", () => {
    const [hits, partial] = completeRondo("__h9sales.filter(col('pr")!;
    expect(partial).to.equal('pr');
    expect(hits).to.deep.equal(["price'"]);
    expect(completeRondo('__h9other.select(col("')![0]).to.include.members(['id"', 'qty"', 'region"']);
  });

  it('leaves plain names and paths to Node', () => {
    expect(completeRondo('let y = 1')).to.equal(undefined);
    expect(completeRondo('Mat')).to.equal(undefined);
    expect(completeRondo('.ex')).to.equal(undefined);
  });

  it('completes the members of a chain from what each method returns, running nothing', async () => {
    let jobs = 0;
    const onJob = (): void => { jobs++; };
    session.events.on('jobStart', onJob);
    try {
      expect(completeRondo("__h9sales.groupBy('region').count().fi")).to.deep.equal([['filter', 'first'], 'fi']);
      expect(completeRondo("__h9sales.groupBy(col('region')).")![0]).to.include.members(['agg', 'count', 'sum']);
      expect(completeRondo('__h9sales.groupBy((r) => r.region).')![0]).to.include.members(['mapGroups', 'reduce']);
      expect(completeRondo('__h9sales.filter(col("qty").gt(0)).select("qty").cou')).to.deep.equal([['count'], 'cou']);
      expect(completeRondo('__h9sales.write.mode("overwrite").')![0]).to.deep.equal(['arrow', 'csv', 'json', 'parquet'].concat(['mode', 'partitionBy']).sort());
      expect(completeRondo('await __h9sales.count().th')).to.deep.equal([['then'], 'th']);
      g.__h9session = session;
      expect(completeRondo('__h9session.read.')![0]).to.deep.equal(['arrow', 'csv', 'json', 'parquet']);
      expect(completeRondo('__h9session.read.csv("x.csv").withCol')).to.deep.equal([['withColumn', 'withColumnRenamed'], 'withCol']);
      g.__h9col = col;
      expect(completeRondo("__h9col('qty').gt(1).a")![0]).to.include.members(['and', 'as', 'asc']);
      expect(completeRondo('Math.ma')).to.deep.equal([['max'], 'ma']);
    } finally {
      session.events.off('jobStart', onJob);
      delete g.__h9session;
      delete g.__h9col;
    }
    expect(jobs).to.equal(0);
  });

  it('never calls a function, runs a getter or a Proxy trap to complete', () => {
    const ran: string[] = [];
    g.__h9fn = () => { ran.push('call'); return { a: 1 }; };
    g.__h9obj = { get risky() { ran.push('getter'); return { a: 1 }; }, plain: { deep: 1 } };
    g.__h9proxy = new Proxy({}, { ownKeys() { ran.push('ownKeys'); return []; }, get() { ran.push('get'); return 1; }, getOwnPropertyDescriptor() { ran.push('descriptor'); return undefined; } });
    Object.defineProperty(globalThis, '__h9accessor', { configurable: true, get() { ran.push('global getter'); return session.range(2); } });
    try {
      expect(completeRondo('__h9fn().')).to.deep.equal([[], '']);
      expect(completeRondo('__h9obj.risky.')).to.deep.equal([[], '']);
      expect(completeRondo('__h9obj.plain.')).to.deep.equal([['deep'], '']);
      expect(completeRondo('__h9obj.')![0]).to.include.members(['plain', 'risky']);
      expect(completeRondo('__h9proxy.')).to.deep.equal([[], '']);
      expect(completeRondo('__h9proxy.x.')).to.deep.equal([[], '']);
      expect(completeRondo('__h9accessor.')).to.deep.equal([[], '']);
      expect(completeRondo('__h9accessor.filter(col("')).to.not.equal(undefined);
      expect(completeRondo('[1, 2].map((x) => x).')).to.deep.equal([[], '']);
    } finally {
      delete g.__h9fn;
      delete g.__h9obj;
      delete g.__h9proxy;
      delete g.__h9accessor;
    }
    expect(ran).to.deep.equal([]);
  });

  it('util.inspect of a Session and of what hangs off it is a short summary, never the executors\' secret', async () => {
    const cluster = await Session.local({ executors: 1 });
    try {
      // The secret is a private field deep in the driver: find it the way a debugger would.
      const secrets: string[] = [];
      const seen = new Set<unknown>();
      const walk = (o: unknown, depth: number): void => {
        if (o === null || typeof o !== 'object' || seen.has(o) || depth > 6) return;
        seen.add(o);
        for (const [k, v] of Object.entries(o)) {
          if (k === 'secret' && typeof v === 'string') secrets.push(v);
          else walk(v, depth + 1);
        }
      };
      walk(cluster, 0);
      expect(secrets).to.have.length.greaterThan(0);
      const ds = cluster.range(3);
      const shown = [cluster, ds, ds.groupBy('id'), ds.groupBy((r) => r.id), cluster.read, ds.write, { nested: { cluster } }]
        .map((v) => inspect(v, { depth: Infinity })).join('\n');
      for (const secret of secrets) expect(shown).not.to.contain(secret);
      expect(inspect(cluster)).to.equal('Session[parallelism 1]');
      expect(inspect(ds)).to.equal('Dataset[id: int64]');
      expect(inspect(ds.groupBy('id'))).to.equal('GroupedDataset[id] of Dataset[id: int64]');
    } finally {
      await cluster.stop();
    }
  });

  it('printSchema and show print once and return nothing (a REPL does not print them again); print: false returns the text', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => { lines.push(a.join(' ')); };
    let schemaResult: unknown;
    let showResult: unknown;
    try {
      schemaResult = __h9().printSchema();
      showResult = await __h9().show();
    } finally {
      console.log = log;
    }
    expect(schemaResult).to.equal(undefined);
    expect(showResult).to.equal(undefined);
    expect(lines.join('\n')).to.contain(' |-- region: utf8');
    expect(lines.join('\n')).to.match(/\|region\|qty\|price\|/);
    expect(__h9().printSchema({ print: false })).to.contain(' |-- qty:');
    expect(await __h9().show(20, { print: false })).to.match(/\|region\|qty\|price\|/);
  });

  it("a stack frame is the user's unless it is rondo's build, Node's or a dependency's", () => {
    expect(isUserFrame('    at default (/home/me/job.ts:5:22)')).to.equal(true);
    expect(isUserFrame('    at file:///home/me/job.ts:5:22')).to.equal(true);
    expect(isUserFrame('    at Dataset.count (file:///work/x/node_modules/rondo/dist/dsl/dataset.js:1:1)')).to.equal(false);
    expect(isUserFrame(`    at Dataset.count (${new URL('../../dsl/dataset.js', import.meta.url).href}:10:3)`)).to.equal(false);
    expect(isUserFrame('    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)')).to.equal(false);
    expect(isUserFrame('Error: boom')).to.equal(false);
  });
});
