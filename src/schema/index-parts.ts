/**
 * What a model lists as the keys of `t.index([...])`: a column, a column's `.asc()` /
 * `.desc()` (the ORDER BY items of queries), an expression from `t.expr('lower(email)')`,
 * or a column from `t.key(t.c.name)`; the last two also take `.nullsFirst()`,
 * `.nullsLast()` and `.opclass('text_pattern_ops')`.
 */
import type { OrderBy } from '../query/ast.js';
import type { ColumnRef } from './column-ref.js';
import { isColumnRef } from './column-ref.js';
import { isOpclassName, keyOptions } from './index-keys.js';
import type { IndexKey, IndexKeyOptions, IndexOrder } from './ir.js';

const BRAND = Symbol.for('ormkit.IndexExpression');

/** A key of an index with options: a column (`t.key(t.c.name)`) or an expression (`t.expr(sql)`). */
export interface IndexKeyPart {
  readonly [BRAND]: true;
  /** The key's column, or its expression's SQL. */
  readonly target: { readonly column: unknown } | { readonly sql: string };
  readonly order: IndexOrder;
  readonly options: IndexKeyOptions;
  asc(): IndexKeyPart;
  desc(): IndexKeyPart;
  /** NULLS FIRST (PostgreSQL; SQLite and MySQL only where NULLs go first anyway: ascending keys). */
  nullsFirst(): IndexKeyPart;
  /** NULLS LAST (PostgreSQL; SQLite and MySQL only where NULLs go last anyway: descending keys). */
  nullsLast(): IndexKeyPart;
  /** An operator class (PostgreSQL): `opclass('text_pattern_ops')`, `opclass('gin_trgm_ops')`. */
  opclass(name: string): IndexKeyPart;
}

/** An expression key of an index (`t.expr('lower(email)')`). */
export type IndexExpression = IndexKeyPart;

export type IndexPart = ColumnRef | OrderBy | IndexKeyPart;

function keyPart(target: IndexKeyPart['target'], order: IndexOrder, options: IndexKeyOptions): IndexKeyPart {
  const with_ = (changes: IndexKeyOptions) => keyPart(target, order, { ...options, ...changes });
  return Object.freeze({
    [BRAND]: true as const,
    target,
    order,
    options,
    asc: () => keyPart(target, 'asc', options),
    desc: () => keyPart(target, 'desc', options),
    nullsFirst: () => with_({ nulls: 'first' }),
    nullsLast: () => with_({ nulls: 'last' }),
    opclass: (name: string) => {
      const opclass = typeof name === 'string' ? name.trim().toLowerCase() : '';
      if (!isOpclassName(opclass)) throw new TypeError(`opclass() needs an operator class name such as 'text_pattern_ops', got ${JSON.stringify(name)}`);
      return with_({ opclass });
    },
  });
}

/** `t.expr('lower(email)')`: an expression key, written in the database's SQL. */
export function indexExpression(sql: string): IndexKeyPart {
  if (typeof sql !== 'string' || sql.trim() === '') throw new TypeError(`t.expr() needs the expression's SQL, a non-empty string, e.g. t.expr('lower(email)')`);
  return keyPart({ sql: sql.trim() }, 'asc', {});
}

/** `t.key(t.c.name)` or `t.key(t.c.name.desc())`: a column key that takes options. */
export function indexColumnKey(column: ColumnRef | OrderBy): IndexKeyPart {
  if (isColumnRef(column)) return keyPart({ column }, 'asc', {});
  if (isOrderBy(column)) return keyPart({ column: column.expr }, column.direction, {});
  throw new TypeError('t.key() takes a column of the table: t.key(t.c.<name>)');
}

export const isIndexKeyPart = (part: unknown): part is IndexKeyPart =>
  typeof part === 'object' && part !== null && (part as Record<symbol, unknown>)[BRAND] === true;

/** `column.asc()` / `column.desc()`: an ORDER BY item over a column. */
const isOrderBy = (part: unknown): part is OrderBy =>
  typeof part === 'object' && part !== null && 'direction' in part && 'expr' in part && isColumnRef((part as { expr: unknown }).expr);

/**
 * The IR keys of an index's parts; `columnOf` checks a column reference (and throws as
 * toSchema does), `fail` reports anything that is no index part.
 */
export function indexPartsToKeys(parts: readonly unknown[], columnOf: (ref: unknown) => string, fail: (message: string) => never): IndexKey[] {
  if (!Array.isArray(parts) || parts.length === 0) return fail('an index needs a non-empty array of keys (t.c.<name>, t.c.<name>.desc(), t.expr(sql), t.key(t.c.<name>))');
  return parts.map((part): IndexKey => {
    if (isIndexKeyPart(part)) {
      const options = keyOptions(part.options);
      const target = part.target;
      return 'sql' in target ? { kind: 'expression', sql: target.sql, order: part.order, ...options } : { kind: 'column', column: columnOf(target.column), order: part.order, ...options };
    }
    if (isOrderBy(part)) return { kind: 'column', column: columnOf(part.expr), order: part.direction };
    return { kind: 'column', column: columnOf(part), order: 'asc' };
  });
}
