/** How each kind of row function is passed, for the fixes that error messages suggest. */
import type { LambdaKind } from './types.js';

/** The DSL call that takes a function of `kind`, e.g. 'ds.map' or 'grouped.reduce'. */
export function callName(kind: LambdaKind): string {
  switch (kind) {
    case 'key':
      return 'ds.groupBy';
    case 'mapGroups':
      return 'grouped.mapGroups';
    case 'reduce':
      return 'reduce';
    default:
      return `ds.${kind}`;
  }
}
