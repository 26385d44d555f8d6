/**
 * Hash aggregation and the accumulators behind it (also used by window frames).
 */
export { aggStateFields } from './state-fields.js';
export { hashAggregate } from './hash-aggregate.js';
export { GroupTable } from './group-table.js';
export { makeAccumulator } from './make-accumulator.js';
export type { Accumulator, StoredValue } from './accumulator.js';
