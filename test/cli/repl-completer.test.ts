/** REPL completion of Dataset methods and column names, and which stack frames count as the user's. */
import { expect } from 'chai';
import { Session } from '../../index.js';
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

  it('leaves other input to Node', () => {
    expect(completeRondo('Math.ma')).to.equal(undefined);
    expect(completeRondo('let y = 1')).to.equal(undefined);
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
