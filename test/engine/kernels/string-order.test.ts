/**
 * The one string order (kernels/string-order.ts) is UTF-8 byte order: compareStrings, its
 * hinted fast path and dictionary ranks agree with Buffer.compare on seeded random strings
 * that mix ASCII, U+E000..U+FFFF and astral characters (surrogate pairs).
 */
import { expect } from 'chai';
import { compareStrings, compareStringsHinted, hasHighUnits, highUnitFlags, rankStrings, seededRandom } from '../../../engine/kernels/index.js';

const byBytes = (a: string, b: string): number => Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

function randomStrings(n: number, seed: number): string[] {
  const r = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    const len = Math.floor(r() * 5);
    for (let k = 0; k < len; k++) {
      const u = r();
      if (u < 0.3) s += String.fromCharCode(0x61 + Math.floor(r() * 3)); // a..c: shared prefixes
      else if (u < 0.45) s += String.fromCodePoint(0x80 + Math.floor(r() * 0xd780)); // below the surrogates
      else if (u < 0.7) s += String.fromCodePoint(0xe000 + Math.floor(r() * 0x2000));
      else s += String.fromCodePoint(0x10000 + Math.floor(r() * 0x100000));
    }
    out.push(s);
  }
  return out;
}

describe('kernels: string order (UTF-8 bytes)', () => {
  const strs = randomStrings(400, 77);

  it('an emoji sorts after U+FF71 and U+E000..U+FFFF, as its UTF-8 bytes do', () => {
    expect(compareStrings('😀', 'ｱ')).to.equal(1);
    expect(compareStrings('\uFFFF', '\u{10000}')).to.equal(-1);
    expect(compareStrings('a😀', 'aｱ')).to.equal(1);
    expect(compareStrings('', '\u{10000}')).to.equal(-1);
    expect(compareStrings('ab', 'ab')).to.equal(0);
  });

  it('compareStrings and compareStringsHinted (hinted by hasHighUnits) agree with Buffer.compare on every pair', () => {
    let disagreeWithCodeUnits = 0;
    const wrong: string[] = [];
    for (const a of strs) {
      for (const b of strs) {
        const want = byBytes(a, b);
        const got = Math.sign(compareStrings(a, b));
        const hinted = Math.sign(compareStringsHinted(a, b, hasHighUnits(a) && hasHighUnits(b)));
        if (got !== want || hinted !== want) wrong.push(`${JSON.stringify(a)} vs ${JSON.stringify(b)}: ${got}, hinted ${hinted}, bytes ${want}`);
        if ((a < b ? -1 : a > b ? 1 : 0) !== want) disagreeWithCodeUnits++;
      }
    }
    expect(wrong.slice(0, 5)).to.deep.equal([]);
    expect(disagreeWithCodeUnits, 'pairs where UTF-16 order is wrong').to.be.greaterThan(1000);
  });

  it('rankStrings ranks a dictionary (with repeats) in byte order; highUnitFlags marks the entries', () => {
    const dict = [...strs, ...strs.slice(0, 50)];
    const rank = rankStrings(dict);
    const wrong: string[] = [];
    for (let i = 0; i < dict.length; i += 3) {
      for (let j = 0; j < dict.length; j++) {
        if (Math.sign(rank[i]! - rank[j]!) !== byBytes(dict[i]!, dict[j]!)) wrong.push(`${JSON.stringify(dict[i])} vs ${JSON.stringify(dict[j])}`);
      }
    }
    expect(wrong.slice(0, 5)).to.deep.equal([]);
    expect(Array.from(highUnitFlags(dict))).to.deep.equal(dict.map((s) => (/[\uD800-\uFFFF]/.test(s) ? 1 : 0)));
  });
});
