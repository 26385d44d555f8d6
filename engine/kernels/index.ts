/**
 * Columnar kernels over Vec and Batch: building, gathering, filtering, slicing, concatenating,
 * re-batching, hashing, comparing and converting to JS values.
 */
export { VecBuilder } from './vec-builder.js';
export { nullVec, constVec, dictionaryEncode, emptyBatch, makeBatch } from './construct.js';
export { takeVec, takeBatch } from './take.js';
export { filterBatch } from './filter.js';
export { isTrueMask, selectionFromMask } from './mask.js';
export { sliceVec, sliceBatch } from './slice.js';
export { concatVecs, concatBatches } from './concat.js';
export { rebatch } from './rebatch.js';
export { hashVecs } from './hash.js';
export { valueEquals, compareValues, compareNumbers } from './compare.js';
export { compareStrings, compareStringsHinted, hasHighUnits, highUnitFlags, rankStrings } from './string-order.js';
export { vecToArray } from './to-array.js';
export { parseDate, parseTimestamp, formatDate, formatTimestamp } from './temporal.js';
export { seededRandom } from './seeded-random.js';
export { utf8StrVec, withCodes, dictKey, dictSize, decodeUtf8Dict, gatherUtf8, encodeUtf8Dict, isAsciiRange, usedEntries } from './utf8.js';
