/**
 * Compiles simple row functions to logical expressions, so they run vectorized and a filter
 * can be pushed down. The compiled form must give exactly what the function gives in
 * JavaScript on every row, nulls included, so every construct is translated with JavaScript's
 * own semantics (module doc of index.ts lists the shapes and why each is exact):
 *
 * - a field `r.a` is a column; a null in it is JavaScript's `null`;
 * - arithmetic runs in float64 (JavaScript numbers) on ToNumber of each operand, which turns
 *   null into 0: `r.a + 1` → `cast(coalesce(a, 0) as float64) + 1`;
 * - `+` with a string side concatenates ToString of each side (null → 'null');
 * - `< <= > >=` on numbers compare ToNumber of each side; on strings, a null side gives the
 *   value JavaScript gives for it against the constant on the other side;
 * - `=== !== == !=` compare with null-aware shapes (null === null is true);
 * - NaN compares false and is falsy, as in JavaScript (the engine's comparisons order NaN like
 *   Spark, so number comparisons and truthiness carry an isNaN guard);
 * - in a boolean context (a filter, a condition, `!`, `&&`/`||` between conditions) each value
 *   becomes its JavaScript truthiness, which is never null;
 * - `&&`, `||`, `??` and `?:` used as values become CASE/COALESCE that return the same operand
 *   JavaScript returns.
 * Anything else is declined with a reason, and the function runs row by row.
 *
 * The analysis does not know the schema: each field gets a requirement (its JavaScript type,
 * and non-null where a null would throw in JavaScript), checked later by `compiledFor`.
 */
import type { Node, Identifier } from 'ts-morph';
import type { LExpr } from '../../planner/logical.js';
import type { ScalarFn } from '../../engine/expr.js';
import { hasHighUnits } from '../../engine/kernels/string-order.js';
import { call, caseWhen, cast, col, lit } from './lexpr-build.js';
import type { Resolution } from './scope.js';
import { tsMorph } from './ts-morph-loader.js';
import type { CompiledLambda, FieldRequirement, JsonValue, LambdaKind } from './types.js';

type JsT = 'number' | 'string' | 'boolean' | 'null' | 'any' | 'scalar';
/** A compiled value: a compile-time constant, the row object, the Math namespace, or an expression. */
type Val =
  | { readonly k: 'const'; readonly v: unknown }
  | { readonly k: 'row' }
  | { readonly k: 'math' }
  /** `nullable`: the expression may be null (JavaScript null, or undefined when `undef`). `field`: a plain column read. `float`: already float64. */
  | { readonly k: 'x'; readonly e: LExpr; readonly t: JsT; readonly nullable: boolean; readonly field?: string; readonly float?: boolean; readonly undef?: boolean };
type X = Extract<Val, { k: 'x' }>;

/** Thrown inside the compiler when a construct has no exact compiled form. */
class NotCompiled extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
const no = (reason: string): never => {
  throw new NotCompiled(reason);
};
const cst = (v: unknown): Val => ({ k: 'const', v });
const xv = (e: LExpr, t: JsT, nullable: boolean, extra: { float?: boolean; undef?: boolean } = {}): X => ({ k: 'x', e, t, nullable, ...extra });
const short = (n: Node): string => {
  const t = n.getText().replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
};
/** Not NaN (null stays null): the guard that gives JavaScript's NaN on top of the engine's comparisons. */
const notNaN = (e: LExpr): LExpr => call('not', call('isNaN', e));
/**
 * A comparison of numbers with JavaScript's NaN: false when a side is NaN. The engine orders NaN
 * above every number and equal to itself (Spark), so `a < b` and `a <= b` can only be wrongly
 * true when b is NaN, `a > b` and `a >= b` when a is, and `a == b` when a is: one guard each.
 * (a == b: either side). A literal (always a finite number here) needs none.
 */
function jsCompare(fn: ScalarFn, a: LExpr, b: LExpr): LExpr {
  const risky = fn === 'lt' || fn === 'lte' ? [b] : fn === 'gt' || fn === 'gte' ? [a] : [a, b];
  const g = risky.find((x) => x.kind !== 'lit');
  return g === undefined ? call(fn, a, b) : call('and', call(fn, a, b), notNaN(g));
}
const isPrimitive = (v: unknown): boolean => v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';

/** The result of compiling one function. */
export interface CompileResult {
  readonly compiled: CompiledLambda | null;
  readonly notCompiledBecause: string | null;
  readonly requires: Record<string, FieldRequirement>;
}

const MATH_1: Record<string, ScalarFn> = { abs: 'abs', floor: 'floor', ceil: 'ceil', sqrt: 'sqrt', exp: 'exp' };
const STR_FN: Record<string, ScalarFn> = { toLowerCase: 'lower', toUpperCase: 'upper' };
const STR_PRED: Record<string, ScalarFn> = { includes: 'contains', startsWith: 'startsWith', endsWith: 'endsWith' };
const STR_DECLINED: Record<string, string> = {
  trim: 'calls .trim() (JavaScript trims all white space, the engine only spaces)',
  substring: 'calls .substring()',
  slice: 'calls .slice()',
  substr: 'calls .substr()',
};
const REL: Record<string, ScalarFn> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const ARITH: Record<string, ScalarFn> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '**': 'pow' };

/** JavaScript's own result of a binary operator over constants. */
function foldBinary(op: string, a: unknown, b: unknown): unknown {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const x = a as any;
  const y = b as any;
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    case '%': return x % y;
    case '**': return x ** y;
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    case '>=': return x >= y;
    case '===': return x === y;
    case '!==': return x !== y;
    case '==': return x == y;
    case '!=': return x != y;
    case '&&': return x && y;
    case '||': return x || y;
    case '??': return x ?? y;
    default: return no(`uses the ${op} operator`);
  }
}

class Compiler {
  private readonly N = tsMorph().Node;
  private readonly K = tsMorph().SyntaxKind;
  readonly reqs = new Map<string, { type: FieldRequirement['type']; nonNull: boolean }>();
  /** Pairs of fields that must share one JavaScript type. */
  readonly pairs: [string, string][] = [];
  private guards = new Set<string>();
  readonly rowDecls = new Set<Identifier>();
  readonly fieldDecls = new Map<Identifier, string>();
  readonly constDecls = new Map<Identifier, Node>();
  private depth = 0;

  constructor(
    private readonly res: Resolution,
    private readonly captures: Record<string, JsonValue>,
    /** First pass: a field's truthiness does not fix its type (other uses will). */
    private readonly lenient: boolean,
    preset?: ReadonlyMap<string, { type: FieldRequirement['type']; nonNull: boolean }>,
  ) {
    // Only concrete types carry over: 'scalar' came from pairing fields whose type was unknown then.
    if (preset) for (const [k, v] of preset) this.reqs.set(k, { type: v.type === 'scalar' ? 'any' : v.type, nonNull: false });
  }

  // ---- requirements and JavaScript conversions ----

  private typeOf(v: Val): JsT {
    if (v.k === 'const') return v.v === null ? 'null' : typeof v.v === 'number' ? 'number' : typeof v.v === 'string' ? 'string' : typeof v.v === 'boolean' ? 'boolean' : no('uses a constant that is not a plain value');
    if (v.k !== 'x') return no(v.k === 'row' ? 'uses the whole row as a value' : 'uses Math as a value');
    return v.field !== undefined ? this.reqs.get(v.field)!.type : v.t;
  }

  private require(field: string, type: FieldRequirement['type'], nonNull = false): void {
    const cur = this.reqs.get(field) ?? { type: 'any' as const, nonNull: false };
    let t = cur.type;
    if (type !== t && type !== 'any') {
      if (t === 'any' || (t === 'scalar' && type !== 'scalar')) t = type;
      else if (type !== 'scalar') no(`uses field "${field}" both as a ${t} and as a ${type}`);
    }
    this.reqs.set(field, { type: t, nonNull: cur.nonNull || nonNull });
  }

  /** Constrains `v` to the JavaScript type `t` (a field gets the requirement). */
  private want(v: Val, t: 'number' | 'string' | 'boolean' | 'scalar'): void {
    if (v.k === 'x' && v.undef) no('uses a value that may be undefined (optional chaining)');
    const cur = this.typeOf(v);
    if (cur === t || cur === 'null') return;
    if (v.k === 'x' && v.field !== undefined) return this.require(v.field, t);
    if (t === 'scalar' && (cur === 'number' || cur === 'string' || cur === 'boolean')) return;
    no(`uses a ${cur} where a ${t} is expected`);
  }

  /** Two fields of unknown type that must have the same JavaScript type (checked against the schema). */
  private sameKind(a: Val, b: Val): JsT {
    if (a.k !== 'x' || b.k !== 'x' || a.field === undefined || b.field === undefined) return no('uses two values of unknown types together');
    this.want(a, 'scalar');
    this.want(b, 'scalar');
    this.pairs.push([a.field, b.field]);
    return 'scalar';
  }

  private column(name: string): X {
    if (!this.reqs.has(name)) this.reqs.set(name, { type: 'any', nonNull: false });
    return { k: 'x', e: col(name), t: 'any', nullable: !this.guards.has(name), field: name };
  }

  /** JavaScript's ToNumber, as float64 (null → 0). */
  private num(v: Val): LExpr {
    if (v.k === 'const') {
      const x = Number(v.v);
      // NaN and ±Infinity have no literal (JSON carries neither).
      if ((v.v === null || typeof v.v === 'number' || typeof v.v === 'boolean') && Number.isFinite(x)) return lit(x, 'float64');
      return no(`uses ${typeof v.v === 'number' ? String(v.v) : JSON.stringify(v.v)} as a number`);
    }
    this.want(v, 'number');
    const x = v as X;
    const e = x.float ? x.e : cast(x.e, 'float64');
    return x.nullable ? call('coalesce', e, lit(0, 'float64')) : e;
  }

  /** JavaScript's ToString (null → 'null'). */
  private str(v: Val): LExpr {
    if (v.k === 'const') return isPrimitive(v.v) ? lit(String(v.v)) : no('converts a constant object to a string');
    this.want(v, 'scalar');
    const x = v as X;
    const e = this.typeOf(x) === 'string' ? x.e : cast(x.e, 'utf8');
    return x.nullable ? call('coalesce', e, lit('null')) : e;
  }

  /** JavaScript's truthiness, never null. */
  private truthy(v: Val): LExpr {
    if (v.k === 'const') {
      if (typeof v.v === 'number' && Number.isNaN(v.v)) return lit(false);
      return lit(Boolean(v.v));
    }
    if (v.k !== 'x') return lit(true);
    let t = this.typeOf(v);
    // The first pass only learns the types other uses give each field: `r.s && r.s.trim() …`.
    if (t === 'any' && this.lenient) return lit(true);
    if (t === 'any') {
      this.want(v, 'boolean');
      t = 'boolean';
    }
    const test = t === 'boolean' ? v.e : t === 'number' ? call('and', call('neq', v.e, lit(0)), notNaN(v.e)) : t === 'string' ? call('neq', v.e, lit('')) : t === 'null' ? lit(false) : no('tests the truthiness of a value of unknown type');
    return v.nullable ? call('coalesce', test, lit(false)) : test;
  }

  /** The expression of a value that is output (a predicate's operand, a field of the result). */
  outExpr(v: Val): LExpr {
    if (v.k === 'const') {
      if (v.v === undefined) return no('returns undefined');
      if (typeof v.v === 'number' && !Number.isFinite(v.v)) return no(`returns ${v.v}`);
      return isPrimitive(v.v) ? lit(v.v as string | number | boolean | null) : no('returns a constant object or array');
    }
    if (v.k === 'row') return no('returns the whole row');
    if (v.k === 'math') return no('returns Math');
    if (v.undef) return no('may return undefined (optional chaining)');
    return v.e;
  }

  private withGuards<T>(extra: ReadonlySet<string>, f: () => T): T {
    if (extra.size === 0) return f();
    const saved = this.guards;
    this.guards = new Set([...saved, ...extra]);
    try {
      return f();
    } finally {
      this.guards = saved;
    }
  }

  // ---- guards: fields known non-null in a branch ----

  /** The field a node reads directly (r.a, r['a'], a destructured name), or null. */
  private fieldOf(n: Node): string | null {
    const N = this.N;
    if (N.isParenthesizedExpression(n)) return this.fieldOf(n.getExpression());
    if (N.isPropertyAccessExpression(n) || N.isElementAccessExpression(n)) {
      const obj = n.getExpression();
      if (!N.isIdentifier(obj)) return null;
      const b = this.res.refs.get(obj);
      if (!b || !this.rowDecls.has(b.decl)) return null;
      if (N.isPropertyAccessExpression(n)) return n.getName();
      const arg = n.getArgumentExpression();
      return arg && (N.isStringLiteral(arg) || N.isNoSubstitutionTemplateLiteral(arg)) ? arg.getLiteralText() : null;
    }
    if (N.isIdentifier(n)) {
      const b = this.res.refs.get(n);
      if (!b) return null;
      const f = this.fieldDecls.get(b.decl);
      if (f !== undefined) return f;
      const init = this.constDecls.get(b.decl);
      return init ? this.fieldOf(init) : null;
    }
    return null;
  }

  /** Fields known non-null when `n` is truthy (`whenTrue`) or falsy. */
  private nonNullWhen(n: Node, whenTrue: boolean): Set<string> {
    const N = this.N;
    const K = this.K;
    if (N.isParenthesizedExpression(n)) return this.nonNullWhen(n.getExpression(), whenTrue);
    if (N.isPrefixUnaryExpression(n) && n.getOperatorToken() === K.ExclamationToken) return this.nonNullWhen(n.getOperand(), !whenTrue);
    if (N.isBinaryExpression(n)) {
      const op = n.getOperatorToken().getText();
      const [a, b] = [n.getLeft(), n.getRight()];
      if (op === '&&') return whenTrue ? new Set([...this.nonNullWhen(a, true), ...this.nonNullWhen(b, true)]) : new Set();
      if (op === '||') return whenTrue ? new Set() : new Set([...this.nonNullWhen(a, false), ...this.nonNullWhen(b, false)]);
      if (op === '===' || op === '!==' || op === '==' || op === '!=') {
        const isNullish = (x: Node): boolean => x.getKind() === K.NullKeyword || (op.length === 2 && N.isIdentifier(x) && x.getText() === 'undefined' && this.res.refs.get(x) === null);
        const other = isNullish(b) ? a : isNullish(a) ? b : null;
        const f = other ? this.fieldOf(other) : null;
        const eq = op === '===' || op === '==';
        return f !== null && (eq ? !whenTrue : whenTrue) ? new Set([f]) : new Set();
      }
      return new Set();
    }
    const f = whenTrue ? this.fieldOf(n) : null;
    return f !== null ? new Set([f]) : new Set();
  }

  // ---- expressions ----

  /** A value of the node, with JavaScript's semantics. */
  value(n: Node): Val {
    const N = this.N;
    const K = this.K;
    if (++this.depth > 200) no('is too deeply nested');
    try {
      if (N.isParenthesizedExpression(n)) return this.value(n.getExpression());
      if (N.isNumericLiteral(n)) return cst(n.getLiteralValue());
      if (N.isStringLiteral(n) || N.isNoSubstitutionTemplateLiteral(n)) return cst(n.getLiteralValue());
      if (n.getKind() === K.TrueKeyword) return cst(true);
      if (n.getKind() === K.FalseKeyword) return cst(false);
      if (n.getKind() === K.NullKeyword) return cst(null);
      if (N.isIdentifier(n)) return this.ident(n);
      if (N.isTemplateExpression(n)) {
        let acc: Val = cst(n.getHead().getLiteralText());
        for (const span of n.getTemplateSpans()) {
          acc = this.concat(this.concat(acc, this.value(span.getExpression())), cst(span.getLiteral().getLiteralText()));
        }
        return acc;
      }
      if (N.isPropertyAccessExpression(n)) return this.prop(this.value(n.getExpression()), n.getName());
      if (N.isElementAccessExpression(n)) {
        const arg = n.getArgumentExpression();
        const key = arg ? this.value(arg) : no('uses an empty element access');
        if (key.k !== 'const' || (typeof key.v !== 'string' && typeof key.v !== 'number')) return no(`reads a computed property ${short(n)}`);
        return this.prop(this.value(n.getExpression()), String(key.v));
      }
      if (N.isCallExpression(n)) return this.call(n);
      if (N.isBinaryExpression(n)) return this.binary(n);
      if (N.isPrefixUnaryExpression(n)) return this.prefix(n);
      if (N.isConditionalExpression(n)) return this.ternary(n);
      if (N.isArrayLiteralExpression(n)) {
        const els = n.getElements().map((e) => (N.isSpreadElement(e) ? no('spreads an array') : this.value(e)));
        return els.every((e) => e.k === 'const') ? cst(els.map((e) => (e as { v: unknown }).v)) : no('builds an array');
      }
      return no(this.reasonFor(n));
    } finally {
      this.depth--;
    }
  }

  private reasonFor(n: Node): string {
    const N = this.N;
    if (N.isArrowFunction(n) || N.isFunctionExpression(n)) return 'defines a function';
    if (N.isNewExpression(n)) return `uses new (${short(n)})`;
    if (N.isRegularExpressionLiteral(n)) return 'uses a regular expression';
    if (N.isObjectLiteralExpression(n)) return 'builds an object other than its result';
    if (N.isTypeOfExpression(n)) return 'uses typeof';
    if (N.isPostfixUnaryExpression(n)) return 'assigns a value';
    if (N.isSpreadElement(n)) return 'spreads a value';
    return `uses ${short(n)}`;
  }

  private ident(id: Identifier): Val {
    const name = id.getText();
    const b = this.res.refs.get(id);
    if (b === undefined) return no(`uses ${name}`);
    if (b === null) {
      if (Object.prototype.hasOwnProperty.call(this.captures, name)) return cst(this.captures[name]);
      if (name === 'Math') return { k: 'math' };
      if (name === 'undefined') return cst(undefined);
      if (name === 'NaN') return cst(NaN);
      if (name === 'Infinity') return cst(Infinity);
      return no(`uses ${name}`);
    }
    if (this.rowDecls.has(b.decl)) return { k: 'row' };
    const f = this.fieldDecls.get(b.decl);
    if (f !== undefined) return this.column(f);
    const init = this.constDecls.get(b.decl);
    if (init !== undefined) return this.value(init);
    return no(`uses the variable ${name}`);
  }

  private prop(obj: Val, name: string): Val {
    if (obj.k === 'row') return this.column(name);
    if (obj.k === 'math') {
      const m = (Math as unknown as Record<string, unknown>)[name];
      return typeof m === 'number' ? cst(m) : no(`uses Math.${name}`);
    }
    if (obj.k === 'const') {
      const v = obj.v;
      if (typeof v === 'string' || Array.isArray(v)) {
        if (name === 'length') return cst(v.length);
        if (Array.isArray(v) && /^\d+$/.test(name)) return Number(name) < v.length ? cst(v[Number(name)]) : no('reads past the end of an array');
        return no(`reads .${name} of a constant`);
      }
      if (v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, name)) return cst((v as Record<string, unknown>)[name]);
      return no(`reads .${name} of a constant that has no such property`);
    }
    if (name === 'length') return no('uses .length (JavaScript counts UTF-16 code units, the engine counts characters)');
    return no(`reads .${name} of a field value`);
  }

  private call(n: Node): Val {
    const N = this.N;
    if (!N.isCallExpression(n)) return no('calls a function');
    const callee = n.getExpression();
    const args = n.getArguments();
    if (args.some((a) => N.isSpreadElement(a))) return no('passes arguments with a spread');
    if (!N.isPropertyAccessExpression(callee)) return no(`calls ${short(callee)}`);
    const name = callee.getName();
    const recv = this.value(callee.getExpression());
    if (recv.k === 'math') return this.math(name, args.map((a) => this.value(a)), short(callee));
    if (recv.k === 'const' && Array.isArray(recv.v)) {
      if (name === 'includes' && args.length === 1) return this.inList(recv.v, this.value(args[0]!));
      return no(`calls ${short(callee)}`);
    }
    const isStr = (recv.k === 'const' && typeof recv.v === 'string') || (recv.k === 'x' && ['string', 'any'].includes(this.typeOf(recv)));
    if (isStr && (name in STR_FN || name in STR_PRED)) return this.strMethod(recv, name, args.map((a) => this.value(a)), callee.hasQuestionDotToken());
    if (isStr && name in STR_DECLINED) return no(STR_DECLINED[name]!);
    return no(`calls ${short(callee)}`);
  }

  private math(name: string, args: Val[], text: string): Val {
    if (name === 'log') return no('calls Math.log (JavaScript gives -Infinity or NaN for x ≤ 0, the engine null)');
    if (name === 'random') return no('calls Math.random, which is not deterministic');
    const arity: Record<string, [number, number]> = { abs: [1, 1], floor: [1, 1], ceil: [1, 1], sqrt: [1, 1], exp: [1, 1], round: [1, 1], pow: [2, 2], min: [1, 8], max: [1, 8] };
    const ar = arity[name];
    if (ar === undefined) return no(`calls ${text}`);
    if (args.length < ar[0] || args.length > ar[1]) return no(`calls ${text} with ${args.length} argument(s)`);
    if (args.every((a) => a.k === 'const')) {
      if (!args.every((a) => isPrimitive((a as { v: unknown }).v))) return no(`calls ${text} on a constant object`);
      return cst((Math as unknown as Record<string, (...x: unknown[]) => number>)[name]!(...args.map((a) => (a as { v: unknown }).v)));
    }
    const xs = args.map((a) => this.num(a));
    const float = { float: true };
    if (name in MATH_1) return xv(call(MATH_1[name]!, xs[0]!), 'number', false, float);
    if (name === 'pow') return xv(call('pow', xs[0]!, xs[1]!), 'number', false, float);
    if ((name === 'min' || name === 'max') && xs.length === 1) return xv(xs[0]!, 'number', false, float);
    // JavaScript's min and max are NaN when any argument is. greatest already is (NaN sorts above
    // every number); least needs the NaN argument picked first.
    if (name === 'max') return xv(call('greatest', ...xs), 'number', false, float);
    if (name === 'min') {
      const nanFirst = xs.filter((x) => x.kind !== 'lit').map((x) => ({ when: call('isNaN', x), then: x }));
      return xv(caseWhen(nanFirst, call('least', ...xs)), 'number', false, float);
    }
    // Math.round rounds half toward +∞; the engine's round goes away from zero. x − floor(x) is
    // exact in float64, so this picks ceil exactly when JavaScript does.
    const x = xs[0]!;
    return xv(caseWhen([{ when: call('gte', call('sub', x, call('floor', x)), lit(0.5, 'float64')), then: call('ceil', x) }], call('floor', x)), 'number', false, float);
  }

  private inList(list: unknown[], v: Val): Val {
    if (!list.every(isPrimitive)) return no('calls .includes on a list of non-plain values');
    const types = new Set(list.filter((x) => x !== null).map((x) => typeof x));
    if (types.size > 1) return no('calls .includes on a list of mixed types');
    if (v.k === 'const') return cst(list.includes(v.v));
    if (v.k !== 'x' || v.undef) return no('calls .includes with a value that is not a field');
    const hasNull = list.includes(null);
    const vals = list.filter((x) => x !== null) as (string | number | boolean)[];
    if (vals.length > 0) this.want(v, [...types][0] as 'number' | 'string' | 'boolean');
    const inE = vals.length > 0 ? call('in', v.e, ...vals.map((x) => lit(x))) : lit(false);
    const e = v.nullable ? caseWhen([{ when: call('isNull', v.e), then: lit(hasNull) }], inE) : inE;
    return xv(e, 'boolean', false);
  }

  private strMethod(recv: Val, name: string, args: Val[], optional: boolean): Val {
    const pred = name in STR_PRED;
    if (args.length !== (pred ? 1 : 0)) return no(`calls .${name}() with ${args.length} argument(s)`);
    if (recv.k === 'const' && args.every((a) => a.k === 'const' && isPrimitive(a.v))) {
      return cst((String.prototype as unknown as Record<string, (...x: unknown[]) => unknown>)[name]!.call(recv.v, ...args.map((a) => (a as { v: unknown }).v)));
    }
    let r: LExpr;
    let nullable = false;
    if (recv.k === 'const') r = lit(recv.v as string);
    else {
      const x = recv as X;
      if (x.undef) return no(`calls .${name}() on a value that may be undefined`);
      this.want(x, 'string');
      r = x.e;
      if (x.nullable) {
        if (optional) nullable = true;
        else if (x.field !== undefined) this.require(x.field, 'string', true);
        else return no(`calls .${name}() on a value that may be null`);
      }
    }
    if (!pred) return xv(call(STR_FN[name]!, r), 'string', nullable, { undef: nullable });
    const needle = args[0]!;
    if (needle.k === 'x' && this.typeOf(needle) === 'any') this.want(needle, 'string');
    return xv(call(STR_PRED[name]!, r, this.str(needle)), 'boolean', nullable, { undef: nullable });
  }

  private concat(a: Val, b: Val): Val {
    if (a.k === 'const' && b.k === 'const' && isPrimitive(a.v) && isPrimitive(b.v)) return cst(String(a.v) + String(b.v));
    const parts: LExpr[] = [];
    for (const e of [this.str(a), this.str(b)]) {
      if (e.kind === 'call' && e.fn === 'concat') parts.push(...e.args);
      else if (!(e.kind === 'lit' && e.value === '')) parts.push(e);
    }
    return xv(parts.length === 1 ? parts[0]! : call('concat', ...parts), 'string', false);
  }

  private binary(n: Node): Val {
    const N = this.N;
    if (!N.isBinaryExpression(n)) return no('uses an operator');
    const op = n.getOperatorToken().getText();
    const [ln, rn] = [n.getLeft(), n.getRight()];
    if (op === '&&' || op === '||') return this.logical(op, ln, rn);
    if (op === '??') return this.nullish(ln, rn);
    if (!(op in ARITH) && !(op in REL) && !['===', '!==', '==', '!='].includes(op)) {
      return no(op.endsWith('=') && op !== '<=' && op !== '>=' ? 'assigns a value' : `uses the ${op} operator`);
    }
    const a = this.value(ln);
    const b = this.value(rn);
    if (a.k === 'const' && b.k === 'const') {
      if (!isPrimitive(a.v) && a.v !== undefined) return no(`uses ${op} on a constant object`);
      if (!isPrimitive(b.v) && b.v !== undefined) return no(`uses ${op} on a constant object`);
      return cst(foldBinary(op, a.v, b.v));
    }
    if (op in ARITH) return this.arith(op, a, b);
    if (op in REL) return this.relational(op, a, b);
    return this.equality(op, a, b);
  }

  private isStr(v: Val): boolean {
    return (v.k === 'const' && typeof v.v === 'string') || (v.k === 'x' && this.typeOf(v) === 'string');
  }

  private arith(op: string, a: Val, b: Val): Val {
    if (op === '+' && (this.isStr(a) || this.isStr(b))) return this.concat(a, b);
    if ((op === '/' || op === '%') && !(b.k === 'const' && typeof b.v === 'number' && b.v !== 0 && Number.isFinite(b.v))) {
      return no(`uses ${op} by a value that may be 0 (JavaScript gives Infinity or NaN, the engine null)`);
    }
    return xv(call(ARITH[op]!, this.num(a), this.num(b)), 'number', false, { float: true });
  }

  private relational(op: string, a: Val, b: Val): Val {
    const fn = REL[op]!;
    if (this.isStr(a) || this.isStr(b)) {
      this.want(a, 'string');
      this.want(b, 'string');
      const ae = this.outExpr(a);
      const be = this.outExpr(b);
      const an = a.k === 'x' && a.nullable;
      const bn = b.k === 'x' && b.nullable;
      if ((a.k === 'const' && a.v === null) || (b.k === 'const' && b.v === null)) return no(`compares a string with null using ${op}`);
      // JavaScript orders UTF-16 code units, the engine UTF-8 bytes (Spark): they agree whenever
      // one side has no unit ≥ U+D800, which only a constant can promise.
      const low = (v: Val): boolean => v.k === 'const' && typeof v.v === 'string' && !hasHighUnits(v.v);
      if (!low(a) && !low(b)) return no(`compares strings with ${op} other than against a constant below U+D800 (JavaScript orders UTF-16 code units, the engine UTF-8 bytes)`);
      if (!an && !bn) return xv(call(fn, ae, be), 'boolean', false);
      if (an && b.k === 'const') return xv(caseWhen([{ when: call('isNull', ae), then: lit(foldBinary(op, null, b.v) as boolean) }], call(fn, ae, be)), 'boolean', false);
      if (bn && a.k === 'const') return xv(caseWhen([{ when: call('isNull', be), then: lit(foldBinary(op, a.v, null) as boolean) }], call(fn, ae, be)), 'boolean', false);
      return no(`compares two strings that may be null using ${op}`);
    }
    // Numbers compare by value in the engine whatever their types, so columns need no cast; only
    // a null (ToNumber 0 in JavaScript) needs care.
    const an = a.k === 'x' && a.nullable;
    const bn = b.k === 'x' && b.nullable;
    if (an && bn) return xv(jsCompare(fn, this.num(a), this.num(b)), 'boolean', false);
    const side = (v: Val): LExpr => {
      if (v.k !== 'const') {
        this.want(v, 'number');
        return (v as X).e;
      }
      const x = Number(v.v);
      return (v.v === null || typeof v.v === 'number' || typeof v.v === 'boolean') && Number.isFinite(x) ? lit(x, 'float64') : no(`compares with ${String(v.v)}`);
    };
    const [ae, be] = [side(a), side(b)];
    if (!an && !bn) return xv(jsCompare(fn, ae, be), 'boolean', false);
    const other = an ? b : a;
    if (other.k !== 'const') return xv(jsCompare(fn, this.num(a), this.num(b)), 'boolean', false);
    const whenNull = an ? foldBinary(op, null, other.v) : foldBinary(op, other.v, null);
    // A null side makes the comparison (and its guard) null: coalesce gives JavaScript's answer.
    return xv(call('coalesce', jsCompare(fn, ae, be), lit(whenNull as boolean)), 'boolean', false);
  }

  private equality(op: string, a: Val, b: Val): Val {
    const neg = op === '!==' || op === '!=';
    const loose = op.length === 2;
    const isNullish = (v: Val): boolean => v.k === 'const' && (v.v === null || (loose && v.v === undefined));
    const wrap = (e: LExpr): Val => xv(neg ? call('not', e) : e, 'boolean', false);
    if (isNullish(a) || isNullish(b)) {
      const other = isNullish(a) ? b : a;
      if (other.k !== 'x' || other.undef) return no(`compares ${other.k === 'x' ? 'a value that may be undefined' : 'a non-field'} with null`);
      return xv(call(neg ? 'isNotNull' : 'isNull', other.e), 'boolean', false);
    }
    if ((a.k === 'const' && a.v === undefined) || (b.k === 'const' && b.v === undefined)) return no('compares with undefined');
    const ta = this.typeOf(a);
    const tb = this.typeOf(b);
    const concrete = [ta, tb].filter((t) => t === 'number' || t === 'string' || t === 'boolean') as ('number' | 'string' | 'boolean')[];
    if (concrete.length === 2 && concrete[0] !== concrete[1]) return no(`compares a ${concrete[0]} with a ${concrete[1]}`);
    if (concrete.length === 0) this.sameKind(a, b);
    else {
      this.want(a, concrete[0]!);
      this.want(b, concrete[0]!);
    }
    const ae = this.outExpr(a);
    const be = this.outExpr(b);
    const an = a.k === 'x' && a.nullable;
    const bn = b.k === 'x' && b.nullable;
    // Numbers (or fields that may be numbers): NaN === NaN is false in JavaScript.
    const eq = concrete[0] === 'string' || concrete[0] === 'boolean' ? call('eq', ae, be) : jsCompare('eq', ae, be);
    if (!an && !bn) return wrap(eq);
    if (an !== bn) return wrap(call('coalesce', eq, lit(false)));
    return wrap(caseWhen([
      { when: call('isNull', ae), then: call('isNull', be) },
      { when: call('isNull', be), then: lit(false) },
    ], eq));
  }

  /** The common JavaScript type of two values a CASE or COALESCE returns. */
  private unify(a: Val, b: Val): JsT {
    for (const v of [a, b]) if (v.k === 'x' && v.undef) no('returns a value that may be undefined (optional chaining)');
    const ta = this.typeOf(a);
    const tb = this.typeOf(b);
    if (ta === 'null') return tb;
    if (tb === 'null') return ta;
    const unknown = (t: JsT): boolean => t === 'any' || t === 'scalar';
    // Two fields of unknown types: they must share one (checked against the schema).
    if (unknown(ta) && unknown(tb)) return this.sameKind(a, b);
    if (unknown(ta)) {
      this.want(a, tb as 'number');
      return tb;
    }
    if (unknown(tb)) {
      this.want(b, ta as 'number');
      return ta;
    }
    return ta === tb ? ta : no(`returns a ${ta} or a ${tb}`);
  }

  private logical(op: '&&' | '||', ln: Node, rn: Node): Val {
    const a = this.value(ln);
    const b = this.withGuards(this.nonNullWhen(ln, op === '&&'), () => this.value(rn));
    if (a.k === 'const') return (op === '&&') === Boolean(a.v) ? b : a;
    // Truthiness first: it fixes the type of a bare field, which the other operand then shares.
    const ta = this.truthy(a);
    const t = this.unify(a, b);
    const [ea, eb] = [this.outExpr(a), this.outExpr(b)];
    const e = op === '&&' ? caseWhen([{ when: ta, then: eb }], ea) : caseWhen([{ when: ta, then: ea }], eb);
    const bn = b.k === 'x' ? b.nullable : b.k === 'const' && b.v === null;
    return xv(e, t, op === '&&' ? (a as X).nullable || bn : bn);
  }

  private nullish(ln: Node, rn: Node): Val {
    const a = this.value(ln);
    const b = this.value(rn);
    if (a.k === 'const') return a.v === null || a.v === undefined ? b : a;
    const a2: Val = a.k === 'x' ? { ...a, undef: false } : a;
    const t = this.unify(a2, b);
    const bn = b.k === 'x' ? b.nullable : b.k === 'const' && b.v === null;
    return xv(call('coalesce', this.outExpr(a2), this.outExpr(b)), t, bn);
  }

  private prefix(n: Node): Val {
    const N = this.N;
    const K = this.K;
    if (!N.isPrefixUnaryExpression(n)) return no('uses an operator');
    const op = n.getOperatorToken();
    if (op === K.ExclamationToken) return xv(call('not', this.bool(n.getOperand())), 'boolean', false);
    const v = this.value(n.getOperand());
    if (op === K.MinusToken) return v.k === 'const' ? cst(-(v.v as number)) : xv(call('neg', this.num(v)), 'number', false, { float: true });
    if (op === K.PlusToken) return v.k === 'const' ? cst(+(v.v as number)) : xv(this.num(v), 'number', false, { float: true });
    return no(op === K.PlusPlusToken || op === K.MinusMinusToken ? 'assigns a value' : `uses the ${short(n).slice(0, 1)} operator`);
  }

  private ternary(n: Node): Val {
    const N = this.N;
    if (!N.isConditionalExpression(n)) return no('uses a condition');
    const c = n.getCondition();
    const cond = this.bool(c);
    const a = this.withGuards(this.nonNullWhen(c, true), () => this.value(n.getWhenTrue()));
    const b = this.withGuards(this.nonNullWhen(c, false), () => this.value(n.getWhenFalse()));
    const t = this.unify(a, b);
    const nullable = (v: Val): boolean => (v.k === 'x' ? v.nullable : v.k === 'const' && v.v === null);
    return xv(caseWhen([{ when: cond, then: this.outExpr(a) }], this.outExpr(b)), t, nullable(a) || nullable(b));
  }

  /** The JavaScript truthiness of `n` as a never-null boolean expression. */
  bool(n: Node): LExpr {
    const N = this.N;
    const K = this.K;
    if (N.isParenthesizedExpression(n)) return this.bool(n.getExpression());
    if (N.isPrefixUnaryExpression(n) && n.getOperatorToken() === K.ExclamationToken) return call('not', this.bool(n.getOperand()));
    if (N.isBinaryExpression(n)) {
      const op = n.getOperatorToken().getText();
      if (op === '&&' || op === '||') {
        const a = this.bool(n.getLeft());
        const b = this.withGuards(this.nonNullWhen(n.getLeft(), op === '&&'), () => this.bool(n.getRight()));
        return call(op === '&&' ? 'and' : 'or', a, b);
      }
    }
    if (N.isConditionalExpression(n)) {
      const c = n.getCondition();
      const cond = this.bool(c);
      const a = this.withGuards(this.nonNullWhen(c, true), () => this.bool(n.getWhenTrue()));
      const b = this.withGuards(this.nonNullWhen(c, false), () => this.bool(n.getWhenFalse()));
      return caseWhen([{ when: cond, then: a }], b);
    }
    return this.truthy(this.value(n));
  }
}

/**
 * A filter keeps the rows where its predicate is true, so null counts as false: the outer
 * `coalesce(p, false)` of a predicate (and of the operands of its top and/or, where
 * null and false also decide alike) can go, which leaves the plain shapes a scan can use.
 */
function forFilter(e: LExpr): LExpr {
  if (e.kind !== 'call') return e;
  if (e.fn === 'coalesce' && e.args.length === 2 && e.args[1]!.kind === 'lit' && e.args[1]!.value === false) return forFilter(e.args[0]!);
  if (e.fn === 'and' || e.fn === 'or') return { ...e, args: e.args.map(forFilter) };
  return e;
}

/** The expression a function returns: its expression body, or the `return` after `const`s of a block. */
function bodyExpression(fn: Node, c: Compiler): Node {
  const { Node: N } = tsMorph();
  const body = (fn as unknown as { getBody(): Node | undefined }).getBody();
  if (body === undefined) return no('has no body');
  if (!N.isBlock(body)) return body;
  const stmts = body.getStatements();
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    if (N.isReturnStatement(s)) {
      if (i !== stmts.length - 1) return no('has statements after return');
      return s.getExpression() ?? no('returns undefined');
    }
    if (N.isVariableStatement(s)) {
      if (s.getDeclarationKind() !== 'const') return no(`declares a variable with ${s.getDeclarationKind()}`);
      for (const d of s.getDeclarations()) {
        const name = d.getNameNode();
        const init = d.getInitializer();
        if (!N.isIdentifier(name) || init === undefined) return no('destructures a local variable');
        c.constDecls.set(name, init);
      }
      continue;
    }
    if (N.isForStatement(s) || N.isForOfStatement(s) || N.isForInStatement(s) || N.isWhileStatement(s) || N.isDoStatement(s)) return no('uses a loop');
    if (N.isIfStatement(s)) return no('uses an if statement');
    if (N.isTryStatement(s)) return no('uses try');
    if (N.isThrowStatement(s)) return no('throws');
    if (N.isSwitchStatement(s)) return no('uses switch');
    if (N.isFunctionDeclaration(s)) return no('defines a function');
    return no(`has a statement other than const and return (${short(s)})`);
  }
  return no('returns nothing');
}

/** Compiles `fn` given to a call of `kind`, or says why it runs row by row. */
export function compileLambda(fn: Node, kind: LambdaKind, res: Resolution, captures: Record<string, JsonValue>): CompileResult {
  if (kind !== 'map' && kind !== 'filter' && kind !== 'key') {
    return { compiled: null, notCompiledBecause: `${kind} functions run row by row`, requires: {} };
  }
  let preset: Map<string, { type: FieldRequirement['type']; nonNull: boolean }> | undefined;
  for (const lenient of [true, false]) {
    const r = compileOnce(fn, kind, res, captures, lenient, preset);
    if (!lenient || r.compiled === null) return r.result;
    preset = r.reqs;
  }
  return { compiled: null, notCompiledBecause: 'internal: no pass ran', requires: {} };
}

function compileOnce(
  fn: Node, kind: LambdaKind, res: Resolution, captures: Record<string, JsonValue>, lenient: boolean,
  preset: ReadonlyMap<string, { type: FieldRequirement['type']; nonNull: boolean }> | undefined,
): { result: CompileResult; compiled: CompiledLambda | null; reqs: Map<string, { type: FieldRequirement['type']; nonNull: boolean }> } {
  const { Node: N } = tsMorph();
  const c = new Compiler(res, captures, lenient, preset);
  const done = (result: CompileResult) => ({ result, compiled: result.compiled, reqs: c.reqs });
  try {
    if ((fn as unknown as { isGenerator?: () => boolean }).isGenerator?.()) no('is a generator');
    const params = (fn as unknown as { getParameters(): Node[] }).getParameters();
    const p = params[0];
    if (p !== undefined && N.isParameterDeclaration(p)) {
      if (p.getDotDotDotToken()) no('takes a rest parameter');
      const name = p.getNameNode();
      if (N.isIdentifier(name)) c.rowDecls.add(name);
      else if (N.isObjectBindingPattern(name)) {
        for (const el of name.getElements()) {
          if (el.getDotDotDotToken()) no('takes the rest of the row (...rest)');
          const id = el.getNameNode();
          if (!N.isIdentifier(id)) no('destructures a field of the row');
          const prop = el.getPropertyNameNode();
          const field = prop === undefined ? (id as Identifier).getText()
            : N.isIdentifier(prop) ? prop.getText()
              : N.isStringLiteral(prop) || N.isNumericLiteral(prop) ? prop.getLiteralText() : no('destructures a computed property');
          c.fieldDecls.set(id as Identifier, field);
        }
      } else no('destructures the row as an array');
    }
    const body = bodyExpression(fn, c);
    let compiled: CompiledLambda;
    if (kind === 'filter') compiled = { kind: 'predicate', expr: forFilter(c.bool(body)) };
    else {
      let inner = body;
      while (N.isParenthesizedExpression(inner)) inner = inner.getExpression();
      if (kind === 'map' && N.isObjectLiteralExpression(inner)) {
        const fields: { name: string; expr: LExpr }[] = [];
        for (const prop of inner.getProperties()) {
          let name: string;
          let v: Val;
          if (N.isPropertyAssignment(prop)) {
            const nn = prop.getNameNode();
            if (N.isIdentifier(nn)) name = nn.getText();
            else if (N.isStringLiteral(nn) || N.isNumericLiteral(nn) || N.isNoSubstitutionTemplateLiteral(nn)) name = nn.getLiteralText();
            else return done({ compiled: null, notCompiledBecause: 'returns an object with a computed key', requires: {} });
            v = c.value(prop.getInitializerOrThrow());
          } else if (N.isShorthandPropertyAssignment(prop)) {
            name = prop.getName();
            v = c.value(prop.getNameNode());
          } else {
            return done({ compiled: null, notCompiledBecause: N.isSpreadAssignment(prop) ? 'spreads into its result' : 'returns an object with a method', requires: {} });
          }
          if (fields.some((f) => f.name === name)) no(`returns an object with the key "${name}" twice`);
          fields.push({ name, expr: c.outExpr(v) });
        }
        if (fields.length === 0) no('returns an empty object');
        compiled = { kind: 'record', fields };
      } else {
        compiled = { kind: 'value', expr: c.outExpr(c.value(body)) };
      }
    }
    const requires: Record<string, FieldRequirement> = {};
    for (const [k, v] of c.reqs) {
      const same = [...new Set(c.pairs.flatMap(([x, y]) => (x === k && y !== k ? [y] : y === k && x !== k ? [x] : [])))];
      requires[k] = same.length > 0 ? { type: v.type, nonNull: v.nonNull, sameTypeAs: same } : { type: v.type, nonNull: v.nonNull };
    }
    return done({ compiled, notCompiledBecause: null, requires });
  } catch (e) {
    if (e instanceof NotCompiled) return done({ compiled: null, notCompiledBecause: e.reason, requires: {} });
    throw e;
  }
}
