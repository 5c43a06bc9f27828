import { sqliteIndex } from './normalize.js';
import { indexKeyList } from '../../schema/index-keys.js';
import { DialectError } from '../../errors.js';
import type { Column, ForeignKey, Index, LiteralValue, Table } from '../../schema/ir.js';
import type { DdlCompiler } from '../dialect.js';
import { sqlString } from '../shared/normalize.js';
import { sqliteColumnType } from './types.js';

export const quoteSqlite = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A SQL literal as SQLite reads it: booleans are 0/1, objects and arrays are JSON text. */
export function sqliteLiteral(value: LiteralValue): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new DialectError(`cannot write ${value} as a SQLite literal`);
      return String(value);
    case 'boolean':
      return value ? '1' : '0';
    case 'string':
      return sqlString(value);
    default:
      return sqlString(JSON.stringify(value));
  }
}

const q = quoteSqlite;
const cols = (names: readonly string[]): string => names.map(q).join(', ');

export function sqliteColumnDefinition(c: Column, table: Table): string {
  const pk = table.primaryKey;
  // A lone INTEGER PRIMARY KEY is SQLite's rowid alias, its auto-increment key:
  // https://www.sqlite.org/lang_createtable.html#rowid
  const rowid = c.autoIncrement && pk?.columns.length === 1 && pk.columns[0] === c.name;
  let sql = `${q(c.name)} ${rowid ? 'INTEGER' : sqliteColumnType(c.type)}`;
  if (!c.nullable) sql += ' NOT NULL';
  if (c.default) sql += ` DEFAULT ${c.default.kind === 'literal' ? sqliteLiteral(c.default.value) : `(${c.default.sql})`}`;
  if (c.type.kind === 'enum') {
    sql += ` CONSTRAINT ${q(enumConstraintName(c.type.name))} CHECK (${q(c.name)} IN (${c.type.values.map(sqlString).join(', ')}))`;
  }
  return sql;
}

/** SQLite has no enum types: the enum is a CHECK whose name carries the enum's name. */
export const enumConstraintName = (enumName: string): string => `enum_${enumName}`;

function foreignKeyClause(fk: ForeignKey): string {
  let sql = `CONSTRAINT ${q(fk.name)} FOREIGN KEY (${cols(fk.columns)}) REFERENCES ${q(fk.refTable)} (${cols(fk.refColumns)})`;
  if (fk.onDelete !== 'no action') sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.onUpdate !== 'no action') sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  return sql;
}

/** The CREATE TABLE statement alone (used by create-all and by table rebuilds). */
export function sqliteCreateTable(table: Table, omitForeignKeys: readonly string[] = [], name = table.name): string {
  const parts = table.columns.map((c) => sqliteColumnDefinition(c, table));
  if (table.primaryKey) parts.push(`PRIMARY KEY (${cols(table.primaryKey.columns)})`);
  for (const u of table.uniques) parts.push(`CONSTRAINT ${q(u.name)} UNIQUE (${cols(u.columns)})`);
  for (const c of table.checks) parts.push(`CONSTRAINT ${q(c.name)} CHECK (${c.expression})`);
  for (const fk of table.foreignKeys) if (!omitForeignKeys.includes(fk.name)) parts.push(foreignKeyClause(fk));
  return `CREATE TABLE ${q(name)} (\n  ${parts.join(',\n  ')}\n)`;
}

export function sqliteCreateIndex(table: string, declared: Index): string {
  const index = sqliteIndex(table, declared);
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${q(table)} (${indexKeyList(index.keys, q)})${index.where ? ` WHERE ${index.where}` : ''}`;
}

export const sqliteDdl: DdlCompiler = {
  createTable: (table, options) => [sqliteCreateTable(table, options?.omitForeignKeys)],
  // Deferring foreign key checks to commit lets tables that reference each other (a
  // cycle) be dropped in one transaction: https://www.sqlite.org/pragma.html#pragma_defer_foreign_keys
  dropTable: (table) => ['PRAGMA defer_foreign_keys = ON', `DROP TABLE ${q(table.name)}`],
  createIndex: (table, index) => [sqliteCreateIndex(table, index)],
  dropIndex: (_table, index) => [`DROP INDEX ${q(index.name)}`],
  addForeignKey: (table, fk) => {
    throw new DialectError(`SQLite cannot add foreign key '${fk.name}' to existing table '${table}' in place; the table must be rebuilt`);
  },
};
