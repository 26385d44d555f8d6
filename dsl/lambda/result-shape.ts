/**
 * The shape of a row function's result read from its source, without running it: what an
 * object literal's keys are and what JavaScript type each value has, or that a field of the
 * input passes through. It gives the output schema of a map or flatMap whose sample saw no
 * rows (an empty input), so the schema does not depend on whether rows arrived.
 *
 * Readable: an object literal (or, for flatMap, an array of them) or a plain value; keys
 * from properties, shorthands and `...row` (every input column, in order, a later key taking
 * an earlier one's place as in JavaScript); values that are literals, templates, captures,
 * field reads (the column's type passes through), arithmetic (number; `+` is a string when a
 * side is), comparisons, `!`, `in`, `typeof`, ternaries, `&&`/`||`/`??` of one type,
 * `Math.*`, `Number()`/`String()`/`Boolean()`, `parseInt`/`parseFloat`, `new Date()` and the
 * common string methods. Anything else: null (the schema must be given).
 */
import type { Node, Identifier } from 'ts-morph';
import type { Resolution } from './scope.js';
import { tsMorph } from './ts-morph-loader.js';
import type { JsonValue, LambdaKind, ResultShape, ShapeType } from './types.js';

class Unreadable extends Error {}
const fail = (): never => {
  throw new Unreadable();
};

const STR_TO_STR = new Set(['toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd', 'slice', 'substring', 'substr', 'padStart', 'padEnd', 'replace', 'replaceAll', 'repeat', 'charAt', 'concat', 'toLocaleLowerCase', 'toLocaleUpperCase', 'normalize', 'at']);
const STR_TO_BOOL = new Set(['includes', 'startsWith', 'endsWith']);
const TO_NUM = new Set(['indexOf', 'lastIndexOf', 'charCodeAt', 'codePointAt', 'localeCompare', 'getTime', 'valueOf', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds', 'getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getUTCDay', 'getUTCHours']);
const TO_STR = new Set(['toFixed', 'toString', 'toISOString', 'toPrecision', 'toJSON', 'toDateString', 'toLocaleString']);

class Shaper {
  private readonly N = tsMorph().Node;
  private readonly K = tsMorph().SyntaxKind;
  readonly rowDecls = new Set<Identifier>();
  readonly fieldDecls = new Map<Identifier, string>();
  readonly constDecls = new Map<Identifier, Node>();
  private depth = 0;

  constructor(private readonly res: Resolution, private readonly captures: Record<string, JsonValue>) {}

  /** Is `n` the row parameter itself? */
  isRow(n: Node): boolean {
    const N = this.N;
    if (N.isParenthesizedExpression(n)) return this.isRow(n.getExpression());
    if (!N.isIdentifier(n)) return false;
    const b = this.res.refs.get(n);
    return b !== undefined && b !== null && this.rowDecls.has(b.decl);
  }

  private constType(v: unknown): ShapeType {
    if (v === null) return { t: 'null' };
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return { t: typeof v as 'number' | 'string' | 'boolean' };
    return fail();
  }

  /** The JavaScript type of the value of `n`. */
  type(n: Node): ShapeType {
    const N = this.N;
    const K = this.K;
    if (++this.depth > 200) fail();
    try {
      if (N.isParenthesizedExpression(n) || N.isAsExpression(n) || N.isNonNullExpression(n)) return this.type(n.getExpression());
      if (N.isNumericLiteral(n)) return { t: 'number' };
      if (N.isStringLiteral(n) || N.isNoSubstitutionTemplateLiteral(n) || N.isTemplateExpression(n) || N.isTypeOfExpression(n)) return { t: 'string' };
      if (n.getKind() === K.TrueKeyword || n.getKind() === K.FalseKeyword) return { t: 'boolean' };
      if (n.getKind() === K.NullKeyword) return { t: 'null' };
      if (N.isIdentifier(n)) return this.ident(n);
      if (N.isPropertyAccessExpression(n)) {
        const obj = n.getExpression();
        if (this.isRow(obj)) return { field: n.getName() };
        if (n.getName() === 'length') return { t: 'number' };
        if (N.isIdentifier(obj) && obj.getText() === 'Math' && this.res.refs.get(obj) === null) return { t: 'number' };
        if (N.isIdentifier(obj) && this.res.refs.get(obj) === null && Object.prototype.hasOwnProperty.call(this.captures, obj.getText())) {
          const v = this.captures[obj.getText()];
          if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, n.getName())) return this.constType(v[n.getName()]);
        }
        return fail();
      }
      if (N.isElementAccessExpression(n)) {
        const arg = n.getArgumentExpression();
        if (this.isRow(n.getExpression()) && arg && (N.isStringLiteral(arg) || N.isNoSubstitutionTemplateLiteral(arg))) return { field: arg.getLiteralText() };
        return fail();
      }
      if (N.isPrefixUnaryExpression(n)) {
        const op = n.getOperatorToken();
        if (op === K.ExclamationToken) return { t: 'boolean' };
        if (op === K.MinusToken || op === K.PlusToken || op === K.TildeToken) return { t: 'number' };
        return fail();
      }
      if (N.isBinaryExpression(n)) return this.binary(n);
      if (N.isConditionalExpression(n)) return this.unify(this.type(n.getWhenTrue()), this.type(n.getWhenFalse()));
      if (N.isCallExpression(n)) return this.call(n);
      if (N.isNewExpression(n)) {
        const e = n.getExpression();
        return N.isIdentifier(e) && e.getText() === 'Date' && this.res.refs.get(e) === null ? { t: 'Date' } : fail();
      }
      return fail();
    } finally {
      this.depth--;
    }
  }

  private ident(id: Identifier): ShapeType {
    const b = this.res.refs.get(id);
    if (b === undefined) return fail();
    if (b === null) {
      const name = id.getText();
      if (Object.prototype.hasOwnProperty.call(this.captures, name)) return this.constType(this.captures[name]);
      if (name === 'NaN' || name === 'Infinity') return { t: 'number' };
      return fail();
    }
    if (this.rowDecls.has(b.decl)) return { t: 'row' };
    const f = this.fieldDecls.get(b.decl);
    if (f !== undefined) return { field: f };
    const init = this.constDecls.get(b.decl);
    return init !== undefined ? this.type(init) : fail();
  }

  private binary(n: Node): ShapeType {
    const N = this.N;
    if (!N.isBinaryExpression(n)) return fail();
    const op = n.getOperatorToken().getText();
    if (['<', '<=', '>', '>=', '===', '!==', '==', '!=', 'in', 'instanceof'].includes(op)) return { t: 'boolean' };
    if (['-', '*', '/', '%', '**', '&', '|', '^', '<<', '>>', '>>>'].includes(op)) return { t: 'number' };
    const a = this.type(n.getLeft());
    const b = this.type(n.getRight());
    if (op === '+') return { plus: [a, b] };
    if (op === '&&' || op === '||' || op === '??') return this.unify(a, b);
    return fail();
  }

  private call(n: Node): ShapeType {
    const N = this.N;
    if (!N.isCallExpression(n)) return fail();
    const callee = n.getExpression();
    const global = (name: string): boolean => N.isIdentifier(callee) && callee.getText() === name && this.res.refs.get(callee) === null;
    if (global('Number') || global('parseInt') || global('parseFloat')) return { t: 'number' };
    if (global('String')) return { t: 'string' };
    if (global('Boolean') || global('isNaN') || global('isFinite')) return { t: 'boolean' };
    if (!N.isPropertyAccessExpression(callee)) return fail();
    const obj = callee.getExpression();
    const name = callee.getName();
    if (N.isIdentifier(obj) && this.res.refs.get(obj) === null) {
      if (obj.getText() === 'Math') return { t: 'number' };
      if (obj.getText() === 'Number' && ['isInteger', 'isFinite', 'isNaN', 'isSafeInteger'].includes(name)) return { t: 'boolean' };
      if (obj.getText() === 'Date' && name === 'now') return { t: 'number' };
    }
    if (STR_TO_BOOL.has(name)) return { t: 'boolean' };
    if (STR_TO_STR.has(name) || TO_STR.has(name)) return { t: 'string' };
    if (TO_NUM.has(name)) return { t: 'number' };
    return fail();
  }

  private unify(a: ShapeType, b: ShapeType): ShapeType {
    if ('t' in a && a.t === 'null') return b;
    if ('t' in b && b.t === 'null') return a;
    if ('t' in a && 't' in b && a.t === b.t) return a;
    // Different or schema-dependent types: resolved (or refused) against the schema.
    return { either: [a, b] };
  }

  /** The keys and value types of an object literal, in JavaScript's key order. */
  record(n: Node): [string, ShapeType | 'row'][] {
    const N = this.N;
    if (!N.isObjectLiteralExpression(n)) return fail();
    const out: [string, ShapeType | 'row'][] = [];
    for (const p of n.getProperties()) {
      if (N.isSpreadAssignment(p)) {
        if (!this.isRow(p.getExpression())) fail();
        out.push(['...', 'row']);
      } else if (N.isPropertyAssignment(p)) {
        const nn = p.getNameNode();
        const name = N.isIdentifier(nn) ? nn.getText() : N.isStringLiteral(nn) || N.isNumericLiteral(nn) || N.isNoSubstitutionTemplateLiteral(nn) ? nn.getLiteralText() : fail();
        out.push([name, this.type(p.getInitializerOrThrow())]);
      } else if (N.isShorthandPropertyAssignment(p)) {
        out.push([p.getName(), this.type(p.getNameNode())]);
      } else fail();
    }
    return out;
  }

  /** The result of `n`: an object literal (record) or a plain value. */
  result(n: Node): ResultShape {
    const N = this.N;
    while (N.isParenthesizedExpression(n)) n = n.getExpression();
    if (N.isObjectLiteralExpression(n)) return { kind: 'record', entries: this.record(n) };
    return { kind: 'value', type: this.type(n) };
  }
}

/** The expression a function returns: its expression body, or the `return` after `const`s. */
function returned(fn: Node, s: Shaper): Node {
  const N = tsMorph().Node;
  const body = (fn as unknown as { getBody(): Node | undefined }).getBody();
  if (body === undefined) return fail();
  if (!N.isBlock(body)) return body;
  const stmts = body.getStatements();
  for (let i = 0; i < stmts.length; i++) {
    const st = stmts[i]!;
    if (N.isReturnStatement(st) && i === stmts.length - 1) return st.getExpression() ?? fail();
    if (!N.isVariableStatement(st) || st.getDeclarationKind() !== 'const') return fail();
    for (const d of st.getDeclarations()) {
      const name = d.getNameNode();
      const init = d.getInitializer();
      if (!N.isIdentifier(name) || init === undefined) return fail();
      s.constDecls.set(name, init);
    }
  }
  return fail();
}

/**
 * The result shape of `fn` given to a call of `kind` (map: its result; flatMap: the elements
 * of the array literal it returns, which must share one shape), or null when the source does
 * not tell.
 */
export function resultShape(fn: Node, kind: LambdaKind, res: Resolution, captures: Record<string, JsonValue>): ResultShape | null {
  if (kind !== 'map' && kind !== 'flatMap') return null;
  const N = tsMorph().Node;
  const s = new Shaper(res, captures);
  try {
    if ((fn as unknown as { isGenerator?: () => boolean }).isGenerator?.()) return null;
    const p = (fn as unknown as { getParameters(): Node[] }).getParameters()[0];
    if (p !== undefined && N.isParameterDeclaration(p)) {
      const name = p.getNameNode();
      if (N.isIdentifier(name)) s.rowDecls.add(name);
      else if (N.isObjectBindingPattern(name)) {
        for (const el of name.getElements()) {
          const id = el.getNameNode();
          const prop = el.getPropertyNameNode();
          if (el.getDotDotDotToken() || !N.isIdentifier(id)) return null;
          const field = prop === undefined ? id.getText() : N.isIdentifier(prop) ? prop.getText() : N.isStringLiteral(prop) ? prop.getLiteralText() : fail();
          s.fieldDecls.set(id, field);
        }
      } else return null;
    }
    let body = returned(fn, s);
    if (kind === 'map') return s.result(body);
    while (N.isParenthesizedExpression(body)) body = body.getExpression();
    if (!N.isArrayLiteralExpression(body)) return null;
    const els = body.getElements().map((e) => s.result(e));
    if (els.length === 0) return null;
    const first = JSON.stringify(els[0]);
    return els.every((e) => JSON.stringify(e) === first) ? els[0]! : null;
  } catch (e) {
    if (e instanceof Unreadable) return null;
    throw e;
  }
}
