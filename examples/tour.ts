/**
 * A tour of rondo: generate a CSV, read it, filter, join, aggregate, show, write Parquet,
 * read it back and explain the plan.
 *
 *   npx rondo run examples/tour.ts                  # data in a fresh temp folder
 *   npx rondo run examples/tour.ts -- /tmp/tour     # data in /tmp/tour (kept)
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { avg, col, count, desc, round, sum, type Session } from 'rondo';

const REGIONS = ['north', 'south', 'east', 'west'];
const PRODUCTS = ['apple', 'pear', 'plum', 'fig', 'kiwi'];

/** A small seeded PRNG (mulberry32), so every run sees the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes customers.csv (40 customers) and orders.csv (2000 orders, some without a qty). */
export function generateData(dir: string): void {
  const rand = prng(42);
  const customers = ['id,name,region'];
  for (let id = 1; id <= 40; id++) customers.push(`${id},customer ${id},${REGIONS[Math.floor(rand() * REGIONS.length)]}`);
  const orders = ['order_id,customer_id,product,qty,price'];
  for (let o = 1; o <= 2000; o++) {
    // Customer 41+ does not exist: those orders vanish in the inner join.
    const customer = 1 + Math.floor(rand() * 44);
    const product = PRODUCTS[Math.floor(rand() * PRODUCTS.length)];
    const qty = rand() < 0.05 ? '' : String(Math.floor(rand() * 10)); // empty field: null
    const price = (0.5 + Math.floor(rand() * 400) / 100).toFixed(2);
    orders.push(`${o},${customer},${product},${qty},${price}`);
  }
  writeFileSync(join(dir, 'customers.csv'), `${customers.join('\n')}\n`);
  writeFileSync(join(dir, 'orders.csv'), `${orders.join('\n')}\n`);
}

export default async function tour(session: Session, args: string[]): Promise<void> {
  const dir = args[0] ?? mkdtempSync(join(tmpdir(), 'rondo-tour-'));
  mkdirSync(dir, { recursive: true });
  generateData(dir);
  console.log(`data in ${dir}`);

  // Read: the header names the columns, the types are inferred.
  const orders = session.read.csv(join(dir, 'orders.csv'), { inferSchema: true });
  const customers = session.read.csv(join(dir, 'customers.csv'), { inferSchema: true }).withColumnRenamed('id', 'customer_id');
  orders.printSchema();

  // Filter and derive a column.
  const sold = orders
    .filter(col('qty').isNotNull().and(col('qty').gt(0)))
    .withColumn('revenue', col('qty').mul(col('price')));

  // Join with the customers and aggregate by region.
  const byRegion = sold
    .join(customers, 'customer_id')
    .groupBy('region')
    .agg(count().as('orders'), sum('qty').as('units'), round(sum('revenue'), 2).as('revenue'), round(avg('price'), 3).as('avg_price'))
    .orderBy(desc('revenue'));
  console.log('Revenue by region:');
  await byRegion.show();

  // The best products of each region, by units.
  const topProducts = sold.join(customers, 'customer_id').groupBy('region', 'product').agg(sum('qty').as('units')).orderBy('region', desc('units'), 'product');
  console.log('Units by region and product:');
  await topProducts.show(40);

  // Write Parquet and read it back.
  const out = join(dir, 'by-region.parquet');
  const written = await byRegion.write.parquet(out, { mode: 'overwrite' });
  console.log(`wrote ${written.rows} rows to ${out}`);
  const back = session.read.parquet(out).orderBy('region');
  console.log('Read back from Parquet:');
  await back.show();

  // How the report runs: the physical plan (explain() with no mode adds the logical plans and stages).
  console.log(await byRegion.explain('physical'));
}
