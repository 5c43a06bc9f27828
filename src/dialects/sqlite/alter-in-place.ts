/**
 * When SQLite's own ALTER TABLE suffices (https://www.sqlite.org/lang_altertable.html);
 * everything else is a table rebuild.
 */
import { keyColumns } from '../../schema/index-keys.js';
import type { Column, Index, Schema, Table } from '../../schema/ir.js';
import { tokenize } from '../shared/tokens.js';

/**
 * ADD COLUMN refuses a PRIMARY KEY or UNIQUE column (those come as their own operations
 * here), a default that is an expression (CURRENT_TIMESTAMP, anything in parentheses
 * that is not constant), and NOT NULL without a non-null default. An auto-increment
 * column must be filled with values, which only a rebuild can do.
 */
export function canAddColumnInPlace(column: Column): boolean {
  if (column.autoIncrement) return false;
  if (column.default?.kind === 'expression') return false;
  const hasValue = column.default?.kind === 'literal' && column.default.value !== null;
  return column.nullable || hasValue;
}

/**
 * DROP COLUMN fails when the column is in the primary key, a unique constraint, an
 * index (its columns, key expressions or WHERE), a foreign key (of this table or referencing it), or
 * a table CHECK. Our enum CHECKs belong to their column and do not count. Triggers and
 * views that name the column make SQLite refuse it too, loudly, which is what we want.
 */
export function canDropColumnInPlace(schema: Schema, table: Table, column: string): boolean {
  const name = column.toLowerCase();
  const named = (cols: readonly string[]) => cols.some((c) => c.toLowerCase() === name);
  if (table.primaryKey && named(table.primaryKey.columns)) return false;
  if (table.uniques.some((u) => named(u.columns))) return false;
  const inKeys = (i: Index) => named(keyColumns(i)) || i.keys.some((k) => k.kind === 'expression' && mentions(k.sql, name));
  if (table.indexes.some((i) => inKeys(i) || (i.where !== null && mentions(i.where, name)))) return false;
  if (table.foreignKeys.some((f) => named(f.columns))) return false;
  if (table.checks.some((c) => mentions(c.expression, name))) return false;
  return !schema.tables.some((t) => t.foreignKeys.some((f) => f.refTable === table.name && named(f.refColumns)));
}

/** True when an SQL expression names the identifier (conservatively: any word or quoted name equal to it). */
function mentions(sql: string, lowerName: string): boolean {
  try {
    return tokenize(sql).some((t) => (t.kind === 'word' || t.kind === 'ident') && t.value.toLowerCase() === lowerName);
  } catch {
    return true;
  }
}
