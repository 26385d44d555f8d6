import { expect } from 'chai';
import { interleave } from '../../../engine/ops/shuffle-read.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('engine/ops interleave (a coalesced shuffle read fetching several partitions at once)', () => {
  it('yields every item once, each stream in its own order, at most `width` streams open', async () => {
    let open = 0;
    let most = 0;
    const stream = (id: number, n: number, delay: number) => async function* () {
      open++;
      most = Math.max(most, open);
      try {
        for (let k = 0; k < n; k++) {
          await sleep(delay);
          yield `${id}:${k}`;
        }
      } finally {
        open--;
      }
    };
    const opens = [stream(0, 3, 5), stream(1, 2, 1), stream(2, 0, 1), stream(3, 4, 2), stream(4, 1, 3)];
    const got: string[] = [];
    for await (const x of interleave(opens, 2)) got.push(x);
    expect([...got].sort()).to.deep.equal(['0:0', '0:1', '0:2', '1:0', '1:1', '3:0', '3:1', '3:2', '3:3', '4:0']);
    for (const id of [0, 1, 3]) {
      const own = got.filter((x) => x.startsWith(`${id}:`));
      expect(own).to.deep.equal([...own].sort());
    }
    expect(most).to.equal(2);
    expect(open).to.equal(0);
  });

  it('yields stream after stream, as separate tasks would, even when later streams answer first', async () => {
    const stream = (id: number, n: number, delay: number) => async function* () {
      for (let k = 0; k < n; k++) {
        await sleep(delay);
        yield `${id}:${k}`;
      }
    };
    // Stream 0 is the slowest: the others' items arrive first and wait for their turn.
    const opens = [stream(0, 3, 8), stream(1, 2, 1), stream(2, 0, 1), stream(3, 3, 1)];
    const got: string[] = [];
    for await (const x of interleave(opens, 3)) got.push(x);
    expect(got).to.deep.equal(['0:0', '0:1', '0:2', '1:0', '1:1', '3:0', '3:1', '3:2']);
  });

  it('an error in one stream ends the whole and closes the others', async () => {
    let closed = 0;
    const ok = async function* () {
      try {
        for (;;) {
          await sleep(2);
          yield 1;
        }
      } finally {
        closed++;
      }
    };
    const bad = async function* () {
      await sleep(5);
      yield 2;
      throw new Error('fetch failed');
    };
    let err: Error | null = null;
    try {
      for await (const _ of interleave([ok, bad, ok], 3)) void _;
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.equal('fetch failed');
    await sleep(10);
    expect(closed).to.equal(2);
  });
});
