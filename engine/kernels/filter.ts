/**
 * Filter a batch by a bool mask.
 */
import type { Batch, Vec } from '../batch.js';
import { selectionFromMask } from './mask.js';
import { takeBatch } from './take.js';

/** The rows of b where `mask` (bool) is true and not null; returns b itself when all rows pass. */
export function filterBatch(b: Batch, mask: Vec): Batch {
  const sel = selectionFromMask(mask);
  if (sel.length === b.length) return b;
  return takeBatch(b, sel);
}
