/**
 * Shuffle: partitioners, the map-side writer, the sort-key sampler and range bounds.
 */
export { partitionBatch, makePartitioner, partitionCount, type Partitioner } from './partition-batch.js';
export { writeShuffle, splitByPartition } from './shuffle-writer.js';
export { sampleKeys, seededRandom } from './sampler.js';
export { computeRangeBounds } from './range-bounds.js';
export { sampleSchema } from './sample-columns.js';
