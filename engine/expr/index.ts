/**
 * Vectorized evaluation of physical expressions, and their readable text.
 */
export { evaluate } from './evaluate.js';
export { describeExpr } from './describe.js';
