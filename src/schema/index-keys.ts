/**
 * Helpers over index keys (IR `Index.keys`), so that code asking "which columns does this
 * index use" never has to know the kinds of key there are.
 */
import type { Index, IndexKey } from './ir.js';

/** Ascending column keys: what an index over plain column names is. */
export const columnKeys = (columns: readonly string[]): IndexKey[] => columns.map((column) => ({ kind: 'column', column, order: 'asc' }));

/** The columns an index uses, in key order. */
export const keyColumns = (index: Pick<Index, 'keys'>): string[] => index.keys.map((k) => k.column);

/** True when every key is an ascending column: the index is its column list and nothing more. */
export const isPlainIndex = (index: Pick<Index, 'keys'>): boolean => index.keys.every((k) => k.order === 'asc');

/** The index with each column key's name passed through `rename`. */
export function renameKeyColumns<T extends Pick<Index, 'keys'>>(index: T, rename: (column: string) => string): T {
  return { ...index, keys: index.keys.map((k) => ({ ...k, column: rename(k.column) })) };
}

/** One key as people write it in SQL: `name`, `name DESC`. */
export const keyLabel = (key: IndexKey): string => (key.order === 'desc' ? `${key.column} DESC` : key.column);

/** Same keys in the same order. */
export const sameKeys = (a: readonly IndexKey[], b: readonly IndexKey[]): boolean =>
  a.length === b.length && a.every((k, i) => k.column === b[i]!.column && k.order === b[i]!.order);

/** The key list of CREATE INDEX (`"a", "b" DESC`), names quoted by the dialect. */
export const indexKeyList = (keys: readonly IndexKey[], quote: (name: string) => string): string =>
  keys.map((k) => `${quote(k.column)}${k.order === 'desc' ? ' DESC' : ''}`).join(', ');
