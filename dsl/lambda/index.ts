/**
 * Analysis of typed row functions (issue 4): `analyzeLambda(fn, kind, captures)` parses a
 * function with ts-morph when a transformation is defined (on the driver; ts-morph is loaded
 * lazily, once), rejects what cannot travel to an executor, lists the row fields it reads and,
 * when it can, compiles it to a logical expression that runs vectorized.
 *
 * Rejected with an AnalysisError (message quotes the line with a caret and says how to fix):
 * a free identifier that is not a parameter, a local, a JavaScript global or a capture;
 * `this`, `arguments`, `super`, `import()`, `import.meta`, `require`, `await` outside an async
 * function; native and bound functions, classes, async functions, generators outside
 * mapPartitions/flatMap; captures that are not plain JSON values (functions, class instances,
 * Map/Set/Date, bigint, non-finite numbers, undefined, cycles, holes).
 *
 * Compiled shapes (map, filter and groupBy keys; every other kind runs row by row), each exact
 * against the row-by-row JavaScript result on every row, nulls included:
 * - field reads `r.a`, `r['a']`, `({ a }) =>`, `const x = …` locals; literals; captures as
 *   literals (also `cfg.x`, `arr[0]`, `arr.length`); constant sub-expressions are folded in JS.
 * - `+ - * / % **` and unary `- +`: JavaScript computes on ToNumber of each side in float64, and
 *   ToNumber(null) is 0, so each operand is `cast(coalesce(x, 0) as float64)`; results are
 *   float64 and never null. `/` and `%` compile only by a non-zero constant (JavaScript gives
 *   ±Infinity/NaN for 0, the engine null).
 * - `+` with a string side, and template literals: concat of ToString of each part; a null part
 *   is 'null' (coalesce) and numbers/booleans print as String(x) does (the engine's cast to
 *   utf8 is String(x)).
 * - `< <= > >=`: on numbers, the same ToNumber (null → 0) operands; on strings, only against a
 *   constant with no unit ≥ U+D800 (there JavaScript's code-unit order is the engine's UTF-8 byte
 *   order), with a null side replaced by the constant JavaScript gives for it (e.g. `null < 'b'`
 *   is false).
 * - `=== == !== !=`: `x === null`/`x == null` → isNull; otherwise eq, made null-aware:
 *   coalesce(eq, false) when one side may be null, and null === null is true when both may be.
 *   Both sides must have one JavaScript type (so == and === agree).
 * - boolean contexts (a filter's result, a condition, `!`, `&&`/`||` between conditions):
 *   JavaScript truthiness, which is never null: coalesce(b, false), coalesce(n != 0, false),
 *   coalesce(s != '', false). `a && b` → and, `a || b` → or, both never null, so SQL's
 *   three-valued logic never shows. Guards are honoured: after `r.s !== null &&` (or `r.s &&`),
 *   r.s is known non-null on the right.
 * - `&&`, `||` as values → CASE returning the same operand; `??` → coalesce; `c ? a : b` → CASE
 *   on the truthiness of c (branches of one JavaScript type).
 * - `Math.abs floor ceil sqrt exp pow min max` over ToNumber operands (→ abs floor ceil sqrt exp
 *   pow least greatest); `Math.round(x)` → CASE WHEN x − floor(x) ≥ 0.5 THEN ceil(x) ELSE floor(x)
 *   (JavaScript rounds half toward +∞; x − floor(x) is exact in float64). Math.log is declined
 *   (-Infinity/NaN in JavaScript, null in the engine).
 * - `s.toLowerCase() toUpperCase() includes(x) startsWith(x) endsWith(x)` (one argument, turned
 *   to a string like JavaScript does). JavaScript throws on a null receiver, so the field must be
 *   non-nullable in the schema (requirement nonNull) unless guarded or written `r.s?.m()`, which
 *   compiles in boolean contexts (undefined is falsy).
 * - `[…literals].includes(r.a)` (or a captured array) → in, with null handled like includes.
 * Declined: other calls, loops, statements other than const/return, assignments, regex, `new`,
 * `.length` (UTF-16 units vs characters), `.trim()` (all white space vs spaces), substring/slice.
 * NaN: JavaScript semantics win inside a lambda (the column API keeps Spark's, where NaN = NaN
 * and NaN sorts above every number). Each number comparison carries a guard `NOT isNaN(side)` on
 * the one side whose NaN the engine would order wrongly (`a < b`: b; `a > b`: a; `a === b`:
 * either), truthiness of a number is `x != 0 AND NOT isNaN(x)`, `Math.min` returns a NaN
 * argument first (`Math.max` is greatest, NaN already on top). `compiledFor` drops the guards
 * over columns that cannot hold NaN (int32, int64), so integer filters keep the plain shape.
 * −0 is falsy and equals 0 alike in both; the engine may store a −0 result as 0.
 *
 * The analysis does not see the schema, so each field read by the compiled form carries a
 * requirement (`requires`): use `compiledFor(analyzed, schema)` to get the compiled form only
 * when the schema meets them (a string column used as a number, a date used in arithmetic, a
 * nullable column under a string method → row by row).
 */
export type { AnalyzedLambda, CompiledLambda, FieldRequirement, JsonValue, LambdaKind, ResultShape, ShapeType } from './types.js';
export { analyzeLambda } from './analyze.js';
export { compiledFor, whyNotCompiledFor } from './compiled-for.js';
export { preloadTsMorph } from './ts-morph-loader.js';
