import { expect } from 'chai';
import { AnalysisError } from '../../engine/errors.js';
import { CONF_KEYS, DEFAULT_CONF, resolveConf } from '../../driver/conf.js';

describe('driver/conf', () => {
  it('gives the documented defaults', () => {
    expect(resolveConf()).to.deep.equal({
      shufflePartitions: 8, batchSize: 65536, broadcastThresholdBytes: 10 * 1024 * 1024, maxSplitBytes: 64 * 1024 * 1024,
      maxTaskAttempts: 4, maxResultBytes: 1024 * 1024 * 1024, bigint: false, compileLambdas: true,
      coalescePartitions: true, advisoryPartitionBytes: 64 * 1024 * 1024,
    });
    expect(resolveConf({})).to.deep.equal(DEFAULT_CONF);
    expect(CONF_KEYS).to.have.length(10);
  });

  it('overrides given keys and parses command-line strings', () => {
    const c = resolveConf({ shufflePartitions: 3, batchSize: '1024', broadcastThresholdBytes: '10m', maxResultBytes: '2KiB', bigint: 'true', maxSplitBytes: undefined });
    expect(c.shufflePartitions).to.equal(3);
    expect(c.batchSize).to.equal(1024);
    expect(c.broadcastThresholdBytes).to.equal(10 * 1024 * 1024);
    expect(c.maxResultBytes).to.equal(2048);
    expect(c.bigint).to.equal(true);
    expect(c.maxSplitBytes).to.equal(DEFAULT_CONF.maxSplitBytes);
    expect(resolveConf({ broadcastThresholdBytes: 0 }).broadcastThresholdBytes).to.equal(0);
  });

  it('rejects an unknown key, listing the known keys and the closest', () => {
    expect(() => resolveConf({ shufflePartition: 4 })).to.throw(AnalysisError, /unknown conf key "shufflePartition".*shufflePartitions, batchSize.*did you mean "shufflePartitions"\?/);
    expect(() => resolveConf({ zzzzzzzzzzzz: 1 })).to.throw(AnalysisError, /known keys: shufflePartitions/).and.not.match(/did you mean/);
  });

  it('rejects bad values, naming the key and the value', () => {
    expect(() => resolveConf({ shufflePartitions: 0 })).to.throw(AnalysisError, /bad value 0 for conf key "shufflePartitions": expected an integer >= 1/);
    expect(() => resolveConf({ batchSize: 1.5 })).to.throw(AnalysisError, /"batchSize"/);
    expect(() => resolveConf({ batchSize: 'many' })).to.throw(AnalysisError, /bad value "many" for conf key "batchSize"/);
    expect(() => resolveConf({ maxTaskAttempts: '4m' })).to.throw(AnalysisError, /maxTaskAttempts/);
    expect(() => resolveConf({ maxResultBytes: '1x' })).to.throw(AnalysisError, /maxResultBytes/);
    expect(() => resolveConf({ bigint: 'yes' })).to.throw(AnalysisError, /bad value "yes" for conf key "bigint": expected true or false/);
    expect(() => resolveConf({ bigint: 1 })).to.throw(AnalysisError, /bigint/);
    expect(() => resolveConf({ shufflePartitions: null })).to.throw(AnalysisError, /shufflePartitions/);
  });
});
