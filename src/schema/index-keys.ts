/**
 * Helpers over index keys (IR `Index.keys`), so that code asking "which columns does this
 * index use" never has to know the kinds of key there are.
 */
import type { Index, IndexKey, IndexKeyOptions } from './ir.js';

/** Ascending column keys: what an index over plain column names is. */
export const columnKeys = (columns: readonly string[]): IndexKey[] => columns.map((column) => ({ kind: 'column', column, order: 'asc' }));

/** The columns of the index's column keys, in key order (expression keys left out). */
export const keyColumns = (index: Pick<Index, 'keys'>): string[] => index.keys.flatMap((k) => (k.kind === 'column' ? [k.column] : []));

/** The column keys before the first expression key: the columns a lookup can use the index for. */
export function leadingColumns(index: Pick<Index, 'keys'>): string[] {
  const end = index.keys.findIndex((k) => k.kind !== 'column');
  return keyColumns({ keys: end < 0 ? index.keys : index.keys.slice(0, end) });
}

/** True when an index has an expression key. */
export const hasExpressionKey = (index: Pick<Index, 'keys'>): boolean => index.keys.some((k) => k.kind === 'expression');

/** The key's options (NULLs placement, operator class) that are present, and nothing else. */
export const keyOptions = (key: IndexKeyOptions): IndexKeyOptions => ({
  ...(key.nulls !== undefined ? { nulls: key.nulls } : {}),
  ...(key.opclass !== undefined ? { opclass: key.opclass } : {}),
});

/** True for an operator class name, which SQL takes unquoted (`text_pattern_ops`): letters, digits, `_`, `$`. */
export const isOpclassName = (name: unknown): name is string => typeof name === 'string' && /^[a-z_][a-z0-9_$]*$/i.test(name);

/** True when a key says nothing beyond its column or expression and its order. */
export const hasNoKeyOptions = (key: IndexKeyOptions): boolean => key.nulls === undefined && key.opclass === undefined;

/** True when every key is an ascending column without options: the index is its column list and nothing more. */
export const isPlainIndex = (index: Pick<Index, 'keys'>): boolean => index.keys.every((k) => k.kind === 'column' && k.order === 'asc' && hasNoKeyOptions(k));

/** The index with each column key's name passed through `rename` (expression text is kept). */
export function renameKeyColumns<T extends Pick<Index, 'keys'>>(index: T, rename: (column: string) => string): T {
  return { ...index, keys: index.keys.map((k) => (k.kind === 'column' ? { ...k, column: rename(k.column) } : k)) };
}

/** The index with each expression key's text passed through `rewrite` (a dialect's canonical form). */
export function mapKeyExpressions<T extends Pick<Index, 'keys'>>(index: T, rewrite: (sql: string) => IndexKey): T {
  return { ...index, keys: index.keys.map((k) => (k.kind === 'expression' ? { ...rewrite(k.sql), order: k.order, ...keyOptions(k) } : k)) };
}

/**
 * One key as SQL writes it, the column name through `quote`: `name`, `name DESC`,
 * `(lower(email))`, `name text_pattern_ops DESC NULLS LAST` (PostgreSQL's order of clauses).
 */
function keySql(key: IndexKey, quote: (name: string) => string): string {
  const target = key.kind === 'column' ? quote(key.column) : `(${key.sql})`;
  const opclass = key.opclass !== undefined ? ` ${key.opclass}` : '';
  const nulls = key.nulls !== undefined ? ` NULLS ${key.nulls.toUpperCase()}` : '';
  return `${target}${opclass}${key.order === 'desc' ? ' DESC' : ''}${nulls}`;
}

/** One key as people write it in SQL, for messages: `name`, `name DESC`, `(lower(email))`, `name NULLS FIRST`. */
export const keyLabel = (key: IndexKey): string => keySql(key, (name) => name);

const sameKey = (a: IndexKey, b: IndexKey): boolean =>
  a.order === b.order &&
  a.nulls === b.nulls &&
  a.opclass === b.opclass &&
  (a.kind === 'column' ? b.kind === 'column' && a.column === b.column : b.kind === 'expression' && a.sql === b.sql);

/** Same keys in the same order. */
export const sameKeys = (a: readonly IndexKey[], b: readonly IndexKey[]): boolean => a.length === b.length && a.every((k, i) => sameKey(k, b[i]!));

/** The key list of CREATE INDEX (`"a", "b" DESC NULLS LAST, (lower("c"))`), names quoted by the dialect, expressions in parentheses. */
export const indexKeyList = (keys: readonly IndexKey[], quote: (name: string) => string): string => keys.map((k) => keySql(k, quote)).join(', ');
