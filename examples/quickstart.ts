/**
 * A first rondo program: an embedded local cluster, a few rows, a filter, a group-by with
 * aggregates, a join and an ordered result.
 *
 *   npm install && node dist/examples/quickstart.js
 */
import { Session, avg, col, count, sum } from '../src/index.js';

const session = await Session.local({ executors: 2 });
try {
  const sales = session.fromRows([
    { region: 'north', product: 'apple', qty: 3, price: 1.2 },
    { region: 'north', product: 'pear', qty: 1, price: 2.0 },
    { region: 'south', product: 'apple', qty: 7, price: 1.1 },
    { region: 'south', product: 'plum', qty: null, price: 3.5 },
    { region: 'east', product: 'pear', qty: 4, price: 1.9 },
  ]);
  const regions = session.fromRows([
    { region: 'north', manager: 'Ada' },
    { region: 'south', manager: 'Grace' },
  ]);

  const report = sales
    .filter(col('qty').isNotNull())
    .withColumn('revenue', col('qty').mul(col('price')))
    .groupBy('region')
    .agg(count().as('orders'), sum('qty').as('units'), avg('price').as('avg_price'), sum('revenue').as('revenue'))
    .join(regions, 'region', 'left')
    .orderBy(col('revenue').desc());

  await report.show();
  console.log(await report.explain());
} finally {
  await session.stop();
}
