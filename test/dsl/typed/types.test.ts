/**
 * Type-level tests of the typed API: this file must compile (tsc is the checker), and every
 * `@ts-expect-error` line must be an error (tsc fails on an unused one). The runtime part runs
 * the same chains and checks their rows against plain JavaScript.
 */
import { expect } from 'chai';
import type { Dataset } from '../../../dsl/dataset.js';
import { Session } from '../../../dsl/session.js';
import { col } from '../../../dsl/functions.js';

type Person = { id: number; name: string; age: number | null };

/** Compile-time equality of two types. */
type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true : false;
function assertType<T extends true>(_ok?: T): void {}

/** The chains whose types are checked; returned so the runtime part can run them. */
function chains(people: Dataset<Person>) {
  const narrowed = people.select('id', 'name');
  assertType<Equals<typeof narrowed, Dataset<Pick<Person, 'id' | 'name'>>>>();

  const mapped = people.map((p) => ({ id: p.id, upper: p.name.toUpperCase() }));
  assertType<Equals<typeof mapped, Dataset<{ id: number; upper: string }>>>();

  const ages = people.map((p) => p.age ?? 0);
  assertType<Equals<typeof ages, Dataset<number>>>();

  const withAdult = people.withColumn('adult', col('age').gte(18));
  assertType<Equals<typeof withAdult, Dataset<Omit<Person, 'adult'> & { adult: unknown }>>>();
  withAdult.map((r) => ({ id: r.id, adult: r.adult }));

  const byName = people.groupBy((p) => p.name);
  const counts = byName.mapGroups((k, rows) => ({ name: k, n: rows.length, oldest: Math.max(...rows.map((r) => r.age ?? 0)) }));
  assertType<Equals<typeof counts, Dataset<{ name: string; n: number; oldest: number }>>>();
  const reduced = byName.reduce((a, b) => ((a.age ?? 0) >= (b.age ?? 0) ? a : b));
  assertType<Equals<typeof reduced, Dataset<Person>>>();
  const filtered = people.filter((p) => p.age !== null && p.age > 30);
  assertType<Equals<typeof filtered, Dataset<Person>>>();
  return { narrowed, mapped, ages, counts, reduced, filtered };
}

/**
 * Calls TypeScript must reject (each line an error). At run time the wrong field names are
 * rejected too, when the transformation is defined (see the test below).
 */
const wrongCalls: ((people: Dataset<Person>) => unknown)[] = [
  // @ts-expect-error 'age' was not selected
  (people) => people.select('id', 'name').map((r) => r.age),
  // @ts-expect-error no field 'name' after the map
  (people) => people.map((p) => ({ id: p.id })).filter((r) => r.name === 'x'),
  // @ts-expect-error 'adultt' is not a field
  (people) => people.withColumn('adult', col('age').gte(18)).map((r) => r.adultt),
  // @ts-expect-error wrong field name in a filter function
  (people) => people.filter((p) => p.nmae === 'a'),
  // @ts-expect-error wrong field name in a key function
  (people) => people.groupBy((p) => p.agee),
];

/** Wrong at the type level only (they would fail when run): never called. */
export function neverCalled(people: Dataset<Person>): unknown[] {
  return [
    // @ts-expect-error flatMap must return an iterable
    people.flatMap((p) => p.id),
    // @ts-expect-error the key is a string: no toFixed
    people.groupBy((p) => p.name).mapGroups((k) => k.toFixed(1)),
    // @ts-expect-error reduce must return a row of the same type
    people.reduce((a) => a.id),
  ];
}

describe('typed API types', function () {
  let session: Session;
  const rows: Person[] = [{ id: 1, name: 'ann', age: 31 }, { id: 2, name: 'bob', age: null }, { id: 3, name: 'ann', age: 45 }, { id: 4, name: 'cy', age: 12 }];
  before(async () => {
    session = await Session.local({ executors: 2, inProcess: true });
  });
  after(async () => {
    await session.stop();
  });

  it('the typed chains run and give what plain JavaScript gives', async () => {
    const c = chains(session.fromRows(rows, { partitions: 2 }));
    const sortById = <T extends { id: number }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id - b.id);
    const narrowed: { id: number; name: string }[] = await c.narrowed.collect();
    expect(sortById(narrowed)).to.deep.equal(rows.map(({ id, name }) => ({ id, name })));
    const mapped: { id: number; upper: string }[] = await c.mapped.collect();
    expect(sortById(mapped)).to.deep.equal(rows.map((p) => ({ id: p.id, upper: p.name.toUpperCase() })));
    const ages: number[] = await c.ages.collect();
    expect([...ages].sort((a, b) => a - b)).to.deep.equal(rows.map((p) => p.age ?? 0).sort((a, b) => a - b));
    const counts = await c.counts.collect();
    expect([...counts].sort((a, b) => a.name.localeCompare(b.name))).to.deep.equal([{ name: 'ann', n: 2, oldest: 45 }, { name: 'bob', n: 1, oldest: 0 }, { name: 'cy', n: 1, oldest: 12 }]);
    const reduced: Person[] = await c.reduced.collect();
    expect(sortById(reduced)).to.deep.equal([rows[1], rows[2], rows[3]]);
    const oldest: Person = await c.filtered.reduce((a, b) => ((a.age ?? 0) >= (b.age ?? 0) ? a : b));
    expect(oldest).to.deep.equal(rows[2]);
  });

  it('the calls with wrong field names are rejected at run time too, when defined', () => {
    const people = session.fromRows(rows, { partitions: 2 });
    for (const call of wrongCalls) expect(() => call(people)).to.throw(/does not exist|do not have|which the rows/);
  });
});
