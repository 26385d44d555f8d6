import { expect } from 'chai';
import { InternalError } from '../../engine/errors.js';
import { MapOutputTracker } from '../../driver/map-output-tracker.js';

describe('driver/map-output-tracker', () => {
  it('tracks map outputs and builds ShuffleInputs', () => {
    const t = new MapOutputTracker();
    t.registerShuffle(7, 3);
    expect(t.missing(7)).to.deep.equal([0, 1, 2]);
    expect(t.isComplete(7)).to.equal(false);
    expect(() => t.inputFor(7)).to.throw(InternalError, /map partition 0/);
    t.registerMapOutput(7, 0, 'a', [10, 0]);
    t.registerMapOutput(7, 2, 'b', [5, 6]);
    t.registerMapOutput(7, 1, 'a', [1, 2]);
    expect(t.isComplete(7)).to.equal(true);
    expect(t.inputFor(7)).to.deep.equal({
      shuffleId: 7,
      maps: [
        { mapPartition: 0, location: 'a', sizes: [10, 0] },
        { mapPartition: 1, location: 'a', sizes: [1, 2] },
        { mapPartition: 2, location: 'b', sizes: [5, 6] },
      ],
    });
    expect([...t.bytesByLocation(7, [0])]).to.deep.equal([['a', 11], ['b', 5]]);
    expect([...t.bytesByLocation(7, [1])]).to.deep.equal([['a', 2], ['b', 6]]);
    expect(() => t.registerMapOutput(7, 3, 'a', [])).to.throw(InternalError, /out of range/);
    expect(() => t.registerShuffle(7, 4)).to.throw(InternalError);
    expect(() => t.missing(8)).to.throw(InternalError, /shuffle 8 is not registered/);
  });

  it('forgets the outputs of a location, of one map, and of dead locations', () => {
    const t = new MapOutputTracker();
    t.registerShuffle(1, 2);
    t.registerShuffle(2, 2);
    t.registerMapOutput(1, 0, 'a', [1]);
    t.registerMapOutput(1, 1, 'b', [1]);
    t.registerMapOutput(2, 0, 'b', [1]);
    t.registerMapOutput(2, 1, 'c', [1]);
    expect(t.removeLocation('b', 2)).to.deep.equal([{ shuffleId: 2, mapPartition: 0, location: 'b' }]);
    expect(t.missing(1)).to.deep.equal([]);
    expect(t.removeLocation('b')).to.deep.equal([{ shuffleId: 1, mapPartition: 1, location: 'b' }]);
    expect(t.unregisterMapOutput(1, 0)).to.deep.equal([{ shuffleId: 1, mapPartition: 0, location: 'a' }]);
    expect(t.unregisterMapOutput(1, 0)).to.deep.equal([]);
    expect(t.locations()).to.deep.equal(['c']);
    expect(t.retainLocations(['a'])).to.deep.equal([{ shuffleId: 2, mapPartition: 1, location: 'c' }]);
    expect(t.missing(2)).to.deep.equal([0, 1]);
    t.unregisterShuffle(2);
    expect(t.has(2)).to.equal(false);
  });

  it('gives a reduce task only the sizes of the partitions it reads, and only the maps with bytes for them', () => {
    const t = new MapOutputTracker();
    t.registerShuffle(3, 4);
    const sizes = [[0, 5, 0, 7, 0], [0, 0, 0, 0, 9], [4, 0, 0, 1, 0], [0, 0, 0, 0, 0]];
    sizes.forEach((s, m) => t.registerMapOutput(3, m, m % 2 === 0 ? 'a' : 'b', s));
    expect(t.inputFor(3, [3])).to.deep.equal({
      shuffleId: 3, reduces: [3],
      maps: [{ mapPartition: 0, location: 'a', sizes: [7] }, { mapPartition: 2, location: 'a', sizes: [1] }],
    });
    expect(t.inputFor(3, [1, 4])).to.deep.equal({
      shuffleId: 3, reduces: [1, 4],
      maps: [{ mapPartition: 0, location: 'a', sizes: [5, 0] }, { mapPartition: 1, location: 'b', sizes: [0, 9] }],
    });
    expect(t.inputFor(3, [2])).to.deep.equal({ shuffleId: 3, reduces: [2], maps: [] });
    // Without reduces: every map with every size, as before.
    expect(t.inputFor(3).maps.map((m) => m.sizes)).to.deep.equal(sizes);
    // A lost map output is still an error, whichever partitions are asked for.
    t.unregisterMapOutput(3, 3);
    expect(() => t.inputFor(3, [2])).to.throw(InternalError, /map partition 3/);
    // locations() follows registrations, replacements and removals.
    expect(t.locations().sort()).to.deep.equal(['a', 'b']);
    t.registerMapOutput(3, 1, 'a', [0, 0, 0, 0, 9]);
    expect(t.locations()).to.deep.equal(['a']);
    t.unregisterShuffle(3);
    expect(t.locations()).to.deep.equal([]);
  });
});
