import { expect } from 'chai';
import { boolFromBytes, dateFromBytes, floatFromBytes, intFromBytes } from '../../../engine/io/parse-bytes.js';
import { parseText } from '../../../engine/io/value-text.js';
import { prng } from './helpers.js';

/** The value a plain-JS reference gives for the text, or undefined. */
function reference(type: 'int64' | 'float64' | 'bool' | 'date', s: string): number | bigint | undefined {
  switch (type) {
    case 'int64': {
      // Exact: a number within ±(2^53−1), a bigint beyond, undefined past the int64 range.
      if (!/^[+-]?\d+$/.test(s.trim())) return undefined;
      const b = BigInt(s.trim());
      if (BigInt.asIntN(64, b) !== b) return undefined;
      return Number.isSafeInteger(Number(b)) ? Number(b) : b;
    }
    case 'float64': return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim()) ? Number(s) : undefined;
    case 'bool': return /^true$/i.test(s.trim()) ? 1 : /^false$/i.test(s.trim()) ? 0 : undefined;
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      if (!m) return undefined;
      const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
      d.setUTCFullYear(+m[1]!);
      return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]! ? Math.round(d.getTime() / 86400000) : undefined;
    }
  }
}

describe('engine/io byte parsers agree with the string parsers', () => {
  const rnd = prng(99);
  const alphabet = '0123456789-.+eE tTrRuUfFaAlLsS';
  const samples: string[] = ['0', '-0', '1.', '.5', '-.5', '123456789012345', '1234567890123456', '9007199254740993', '0.1', '1e5', '', '-',
    'true', 'FALSE', 'tRuE', 'yes', '2020-02-29', '2021-02-29', '1900-02-29', '2000-02-29', '0001-01-01', '2021-13-01', '2021-00-10', '9999-12-31', '2021-1-01'];
  for (let i = 0; i < 20000; i++) {
    const len = 1 + Math.floor(rnd() * 12);
    let s = '';
    for (let k = 0; k < len; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    samples.push(s);
    samples.push(String(Math.floor(rnd() * 1e9) / 10 ** Math.floor(rnd() * 8)));
    samples.push(`${1900 + Math.floor(rnd() * 200)}-${String(Math.floor(rnd() * 14)).padStart(2, '0')}-${String(Math.floor(rnd() * 33)).padStart(2, '0')}`);
  }
  const cases: [string, (b: Uint8Array, s: number, e: number) => number, 'int64' | 'float64' | 'bool' | 'date'][] = [
    ['int', intFromBytes, 'int64'], ['float', floatFromBytes, 'float64'], ['bool', boolFromBytes, 'bool'], ['date', dateFromBytes, 'date'],
  ];
  for (const [name, fast, type] of cases) {
    it(`${name}: a value from the fast path is the reference value, and parseText matches the reference`, () => {
      let hits = 0;
      for (const s of samples) {
        const b = Buffer.from(`x${s}y`);
        const v = fast(b, 1, b.length - 1);
        const ref = reference(type, s);
        if (!Number.isNaN(v)) {
          hits++;
          expect(v, s).to.equal(ref);
        }
        expect(parseText(type, s), s).to.equal(ref);
      }
      expect(hits).to.be.greaterThan(2);
    });
  }
});
