/**
 * The typed API: functions on rows, with the row type flowing through `filter`, `map`,
 * `groupBy(key function)` and `mapGroups`. Functions run on the executors; a function may use
 * its parameters, JavaScript globals and the names passed in `captures`.
 *
 *   npx rondo run examples/typed-lambda.ts
 */
import { type Session } from 'rondo';

/** An order line. */
export interface Order {
  id: number;
  customer: string;
  product: string;
  qty: number;
  price: number;
}

/** 600 orders over 6 customers and 4 products (deterministic). */
export function sampleOrders(): Order[] {
  const customers = ['ada', 'grace', 'alan', 'edsger', 'barbara', 'ken'];
  const products = ['apple', 'pear', 'plum', 'fig'];
  return Array.from({ length: 600 }, (_, i) => ({
    id: i + 1,
    customer: customers[(i * 7) % customers.length]!,
    product: products[(i * 3 + (i >> 2)) % products.length]!,
    qty: i % 9, // 0 for every ninth order: filtered out below
    price: 0.5 + ((i * 37) % 20) / 4,
  }));
}

export default async function typedLambda(session: Session): Promise<void> {
  const orders = session.fromRows<Order>(sampleOrders());
  const taxRate = 0.2;

  // filter and map with plain functions; `taxRate` comes in through captures.
  const lines = orders
    .filter((o) => o.qty > 0)
    .map((o) => ({ customer: o.customer, product: o.product, gross: o.qty * o.price * (1 + taxRate) }), { taxRate });

  // A key function and a function over each group's rows.
  const perCustomer = lines
    .groupBy((l) => l.customer)
    .mapGroups((customer, rows) => ({
      customer,
      lines: rows.length,
      gross: Math.round(rows.reduce((s, r) => s + r.gross, 0) * 100) / 100,
      favourite: (() => {
        const n: Record<string, number> = {};
        for (const r of rows) n[r.product] = (n[r.product] ?? 0) + 1;
        return Object.keys(n).sort((a, b) => n[b]! - n[a]! || a.localeCompare(b))[0]!;
      })(),
    }));

  const rows = (await perCustomer.collect()).sort((a, b) => a.customer.localeCompare(b.customer));
  for (const r of rows) console.log(`${r.customer.padEnd(8)} ${String(r.lines).padStart(4)} lines  gross ${r.gross.toFixed(2).padStart(9)}  favourite ${r.favourite}`);

  // A free variable that is not captured is rejected where the function is defined.
  const threshold = 3;
  try {
    orders.filter((o) => o.qty > threshold);
  } catch (e) {
    console.log(`rejected: ${(e as Error).message.split('\n').slice(0, 2).join(' ')}`);
  }
}
