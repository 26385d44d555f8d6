import { expect } from 'chai';
import { InternalError } from '../../engine/errors.js';
import { jsonRoundTrip } from '../../driver/json-round-trip.js';

describe('driver/json-round-trip', () => {
  it('passes plain data through unchanged, treating undefined properties as absent', () => {
    const v = { a: [1, 'x', null, true, { b: -1.5 }], c: undefined, d: { e: [] } };
    const back = jsonRoundTrip(v, 'value');
    expect(back).to.deep.equal({ a: [1, 'x', null, true, { b: -1.5 }], d: { e: [] } });
  });

  it('rejects what JSON would change or lose, naming the path', () => {
    expect(() => jsonRoundTrip({ a: { b: NaN } }, 'task')).to.throw(InternalError, /task does not survive the JSON round trip: \$\.a\.b was NaN/);
    expect(() => jsonRoundTrip({ a: [Infinity] }, 'task')).to.throw(InternalError, /\$\.a\[0\]/);
    expect(() => jsonRoundTrip({ a: -0 }, 'task')).to.throw(InternalError, /\$\.a was 0/);
    expect(() => jsonRoundTrip({ a: new Uint8Array(2) }, 'task')).to.throw(InternalError, /\$\.a is a Uint8Array/);
    expect(() => jsonRoundTrip({ a: new Map() }, 'task')).to.throw(InternalError, /Map/);
    expect(() => jsonRoundTrip({ a: new Date(0) }, 'task')).to.throw(InternalError, /Date/);
    expect(() => jsonRoundTrip({ f: () => 1 }, 'task')).to.throw(InternalError, /\$\.f is a function/);
    expect(() => jsonRoundTrip({ a: [undefined] }, 'task')).to.throw(InternalError, /\$\.a\[0\] is a undefined/);
    expect(() => jsonRoundTrip({ n: 1n }, 'task')).to.throw(InternalError, /cannot be serialized/);
  });
});
