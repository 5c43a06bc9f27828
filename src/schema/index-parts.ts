/**
 * What a model lists as the keys of `t.index([...])`: a column, a column's `.asc()` /
 * `.desc()` (the ORDER BY items of queries), or an expression from `t.expr('lower(email)')`.
 */
import type { OrderBy } from '../query/ast.js';
import type { ColumnRef } from './column-ref.js';
import { isColumnRef } from './column-ref.js';
import type { IndexKey, IndexOrder } from './ir.js';

const BRAND = Symbol.for('ormkit.IndexExpression');

/** An expression key of an index: SQL text, ascending unless `.desc()`. */
export interface IndexExpression {
  readonly [BRAND]: true;
  readonly sql: string;
  readonly order: IndexOrder;
  asc(): IndexExpression;
  desc(): IndexExpression;
}

export type IndexPart = ColumnRef | OrderBy | IndexExpression;

/** `t.expr('lower(email)')`: an expression key, written in the database's SQL. */
export function indexExpression(sql: string, order: IndexOrder = 'asc'): IndexExpression {
  if (typeof sql !== 'string' || sql.trim() === '') throw new TypeError(`t.expr() needs the expression's SQL, a non-empty string, e.g. t.expr('lower(email)')`);
  return Object.freeze({
    [BRAND]: true as const,
    sql: sql.trim(),
    order,
    asc: () => indexExpression(sql, 'asc'),
    desc: () => indexExpression(sql, 'desc'),
  });
}

export const isIndexExpression = (part: unknown): part is IndexExpression =>
  typeof part === 'object' && part !== null && (part as Record<symbol, unknown>)[BRAND] === true;

/** `column.asc()` / `column.desc()`: an ORDER BY item over a column. */
const isOrderBy = (part: unknown): part is OrderBy =>
  typeof part === 'object' && part !== null && 'direction' in part && 'expr' in part && isColumnRef((part as { expr: unknown }).expr);

/**
 * The IR keys of an index's parts; `columnOf` checks a column reference (and throws as
 * toSchema does), `fail` reports anything that is no index part.
 */
export function indexPartsToKeys(parts: readonly unknown[], columnOf: (ref: unknown) => string, fail: (message: string) => never): IndexKey[] {
  if (!Array.isArray(parts) || parts.length === 0) return fail('an index needs a non-empty array of keys (t.c.<name>, t.c.<name>.desc(), t.expr(sql))');
  return parts.map((part): IndexKey => {
    if (isIndexExpression(part)) return { kind: 'expression', sql: part.sql, order: part.order };
    if (isOrderBy(part)) return { kind: 'column', column: columnOf(part.expr), order: part.direction };
    return { kind: 'column', column: columnOf(part), order: 'asc' };
  });
}
