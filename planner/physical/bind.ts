/**
 * Binding: logical expressions (columns by name) become physical ones (columns by index,
 * every node typed) over the output attributes of the physical input.
 */
import { InternalError } from '../../engine/errors.js';
import type { Expr, SortKey } from '../../engine/expr.js';
import type { DataType, Field } from '../../engine/types.js';
import type { LExpr, LSortKey } from '../logical.js';
import { describeLExpr } from '../names.js';
import { Lineage, resolveColumn, type Attr } from '../resolve.js';
import { analyzeExpr } from '../typing.js';

/** A substitution consulted before binding each node (e.g. an aggregate call → its column). */
export type Subst = (e: LExpr) => Expr | undefined;

/** Binds an analyzed expression over `attrs`. */
export function bindExpr(e: LExpr, attrs: readonly Attr[], subst?: Subst): Expr {
  const s = subst?.(e);
  if (s !== undefined) return s;
  const go = (x: LExpr): Expr => bindExpr(x, attrs, subst);
  switch (e.kind) {
    case 'col': {
      const i = resolveColumn(attrs, e);
      return { kind: 'col', index: i, type: attrs[i]!.type, name: attrs[i]!.name };
    }
    case 'lit':
      return { kind: 'lit', value: e.value, type: e.type ?? analyzeExpr(e, [], { where: 'bind' }).type };
    case 'alias':
      return go(e.expr);
    case 'cast':
      return { kind: 'cast', expr: go(e.expr), type: e.type };
    case 'call': {
      const args = e.args.map(go);
      return { kind: 'call', fn: e.fn, args, type: typeOfBound(e, args) };
    }
    case 'case': {
      const branches = e.branches.map((b) => ({ when: go(b.when), then: go(b.then) }));
      const otherwise = e.otherwise ? go(e.otherwise) : null;
      let type: DataType = 'null';
      for (const t of [...branches.map((b) => b.then.type), ...(otherwise ? [otherwise.type] : [])]) if (t !== 'null') type = type === 'null' ? t : widen(type, t);
      return { kind: 'case', branches, otherwise, type };
    }
    default:
      throw new InternalError(`cannot bind ${describeLExpr(e)} as a scalar expression`);
  }
}

function widen(a: DataType, b: DataType): DataType {
  const rank: Partial<Record<DataType, number>> = { int32: 1, int64: 2, float64: 3, date: 1, timestamp: 2 };
  return (rank[b] ?? 0) > (rank[a] ?? 0) ? b : a;
}

/** The type of a call given its bound arguments (reuses the analyzer over stand-in columns). */
function typeOfBound(e: Extract<LExpr, { kind: 'call' }>, args: readonly Expr[]): DataType {
  const attrs: Attr[] = args.map((a, i) => ({ name: `#${i}`, type: a.type, nullable: true, origin: -1, lineage: Lineage.of(-1) }));
  const probe: LExpr = { kind: 'call', fn: e.fn, args: args.map((_, i) => ({ kind: 'col', name: `#${i}` })) };
  return analyzeExpr(probe, attrs, { where: 'bind' }).type;
}

/** Binds a sort key. */
export function bindSortKey(k: LSortKey, attrs: readonly Attr[]): SortKey {
  return { expr: bindExpr(k.expr, attrs), asc: k.asc, nullsFirst: k.nullsFirst };
}

/** A bound reference to column `index` of `schema`. */
export function colRef(schema: readonly Field[], index: number): Expr {
  const f = schema[index]!;
  return { kind: 'col', index, type: f.type, name: f.name };
}

/** The schema of attributes. */
export function fieldsOf(attrs: readonly Attr[]): Field[] {
  return attrs.map((a) => ({ name: a.name, type: a.type, nullable: a.nullable }));
}

/** Attributes standing for the columns of a physical schema (for binding over it by name). */
export function attrsOfFields(fields: readonly Field[]): Attr[] {
  return fields.map((f) => ({ name: f.name, type: f.type, nullable: f.nullable, origin: -1, lineage: Lineage.of(-1) }));
}
