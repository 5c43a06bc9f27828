/**
 * Helpers over index keys (IR `Index.keys`), so that code asking "which columns does this
 * index use" never has to know the kinds of key there are.
 */
import type { Index, IndexKey } from './ir.js';

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

/** True when every key is an ascending column: the index is its column list and nothing more. */
export const isPlainIndex = (index: Pick<Index, 'keys'>): boolean => index.keys.every((k) => k.kind === 'column' && k.order === 'asc');

/** The index with each column key's name passed through `rename` (expression text is kept). */
export function renameKeyColumns<T extends Pick<Index, 'keys'>>(index: T, rename: (column: string) => string): T {
  return { ...index, keys: index.keys.map((k) => (k.kind === 'column' ? { ...k, column: rename(k.column) } : k)) };
}

/** The index with each expression key's text passed through `rewrite` (a dialect's canonical form). */
export function mapKeyExpressions<T extends Pick<Index, 'keys'>>(index: T, rewrite: (sql: string) => IndexKey): T {
  return { ...index, keys: index.keys.map((k) => (k.kind === 'expression' ? { ...rewrite(k.sql), order: k.order } : k)) };
}

/** One key as SQL writes it, the column name through `quote`: `name`, `name DESC`, `(lower(email))`. */
const keySql = (key: IndexKey, quote: (name: string) => string): string => `${key.kind === 'column' ? quote(key.column) : `(${key.sql})`}${key.order === 'desc' ? ' DESC' : ''}`;

/** One key as people write it in SQL, for messages: `name`, `name DESC`, `(lower(email))`. */
export const keyLabel = (key: IndexKey): string => keySql(key, (name) => name);

const sameKey = (a: IndexKey, b: IndexKey): boolean =>
  a.order === b.order && (a.kind === 'column' ? b.kind === 'column' && a.column === b.column : b.kind === 'expression' && a.sql === b.sql);

/** Same keys in the same order. */
export const sameKeys = (a: readonly IndexKey[], b: readonly IndexKey[]): boolean => a.length === b.length && a.every((k, i) => sameKey(k, b[i]!));

/** The key list of CREATE INDEX (`"a", "b" DESC, (lower("c"))`), names quoted by the dialect, expressions in parentheses. */
export const indexKeyList = (keys: readonly IndexKey[], quote: (name: string) => string): string => keys.map((k) => keySql(k, quote)).join(', ');
