import { ModelError } from '../../errors.js';
import { hasExpressionKey, mapKeyExpressions } from '../../schema/index-keys.js';
import type { Column, ColumnType, Index, Schema, Table } from '../../schema/ir.js';
import { withLowNulls } from '../shared/low-nulls.js';
import { expressionKeyOf, mapTables, normalizeColumnCommon } from '../shared/normalize.js';
import { canonicalExpression } from '../shared/tokens.js';
import { parseSqliteType } from './types.js';

/**
 * Makes model IR and introspected SQLite IR comparable. SQLite keeps no comments and no
 * primary key names; a lone INTEGER primary key is always the rowid alias (auto-increment),
 * and custom type names are read as SQLite would read them.
 */
export function normalizeSqlite(schema: Schema): Schema {
  return mapTables(schema, normalizeTable);
}

/**
 * SQLite has one kind of index: a model asking for another fails here, before any
 * migration is written, rather than be silently built as a B-tree. Likewise for operator
 * classes and NULLs placed other than low; NULLs placed low are the index without the
 * option (see withLowNulls), which is what this returns.
 */
export function sqliteIndex(table: string, index: Index): Index {
  if (index.using !== undefined) {
    throw new ModelError(`table '${table}', index '${index.name}': SQLite has no index access methods (using '${index.using}'); remove using`, { table, index: index.name });
  }
  return withLowNulls(table, index, 'SQLite');
}

const INTEGER: ColumnType = Object.freeze({ kind: 'integer' });

function normalizeTable(t: Table): Table {
  const pk = t.primaryKey;
  const single = pk && pk.columns.length === 1 ? pk.columns[0] : null;
  const columns = t.columns.map((c): Column => {
    // Custom type text may name a portable type under an alias (NVARCHAR(10), DATETIME).
    let type = c.type.kind === 'custom' ? parseSqliteType(c.type.sql) : c.type;
    const integerish = type.kind === 'integer' || type.kind === 'bigint';
    const rowid = single === c.name && integerish && (c.autoIncrement || type.kind === 'integer');
    if (rowid) type = INTEGER;
    const nullable = c.nullable && !pk?.columns.includes(c.name);
    // Most columns are normal already (introspected ones always): keep them, copy no more.
    const col = type === c.type && c.comment === null && nullable === c.nullable && rowid === c.autoIncrement ? c : { ...c, type, comment: null, nullable, autoIncrement: rowid };
    return normalizeColumnCommon(col);
  });
  return {
    ...t,
    comment: null,
    columns,
    primaryKey: pk ? (pk.name === null ? pk : { name: null, columns: pk.columns }) : null,
    checks: t.checks.map((c) => {
      const expression = canonicalExpression(c.expression);
      return expression === c.expression ? c : { ...c, expression };
    }),
    indexes: t.indexes.map((index) => {
      const i = sqliteIndex(t.name, index);
      const where = i.where === null ? null : canonicalExpression(i.where);
      const keys = hasExpressionKey(i) ? mapKeyExpressions(i, (sql) => expressionKeyOf(sql, t, canonicalExpression)).keys : i.keys;
      return where === i.where && keys === i.keys ? i : { ...i, keys, where };
    }),
  };
}
