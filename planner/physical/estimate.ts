/**
 * Size estimates of logical plans, for choosing broadcast joins: file sources' sizes scaled
 * by the fraction of columns read, inline data exactly, a range at 8 bytes a row; an
 * operator whose output size is unknown takes its input's estimate.
 */
import type { LogicalPlan } from '../logical.js';

/** The number of rows of a range source. */
export function rangeRows(start: number, end: number, step: number): number {
  if (step === 0) return 0;
  return Math.max(0, Math.ceil((end - start) / step));
}

/** The estimated bytes of a plan's output. */
export function estimateBytes(plan: LogicalPlan): number {
  switch (plan.node) {
    case 'scan': {
      const s = plan.source;
      if (s.format === 'range') return 8 * rangeRows(s.start, s.end, s.step);
      if (s.format === 'inline') return s.sizeBytes;
      const cols = plan.schema.length;
      const read = plan.projection === null ? cols : plan.projection.length;
      return cols === 0 ? s.sizeBytes : Math.ceil((s.sizeBytes * read) / cols);
    }
    case 'join':
      return estimateBytes(plan.left) + estimateBytes(plan.right);
    case 'union':
      return plan.inputs.reduce((n, p) => n + estimateBytes(p), 0);
    default:
      return estimateBytes(plan.input);
  }
}
