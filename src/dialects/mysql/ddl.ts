import { indexKeyList } from '../../schema/index-keys.js';
import { DialectError, ModelError } from '../../errors.js';
import type { Column, ForeignKey, Index, ReferentialAction, Table } from '../../schema/ir.js';
import type { DdlCompiler } from '../dialect.js';
import { withLowNulls } from '../shared/low-nulls.js';
import { mysqlDefaultSql } from './defaults.js';
import { mysqlString, quoteMysql } from './literal.js';
import { assertNameFits, assertNoShortNameCollision, shortName } from './names.js';
import { mysqlColumnType } from './types.js';

const q = quoteMysql;
/** `` `a`, `b` `` for a column list. */
export const columnList = (names: readonly string[]): string => names.map(q).join(', ');

/**
 * Every table gets the same engine and character set, so that a table created here and
 * one created by another tool compare alike. InnoDB is the engine with foreign keys and
 * transactions; utf8mb4_unicode_ci is the full-Unicode collation both MySQL 8 and MariaDB have.
 */
const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci';

/** `name TYPE [NOT NULL] [DEFAULT …] [AUTO_INCREMENT] [COMMENT '…']`, as in CREATE TABLE and MODIFY COLUMN. */
export function mysqlColumnDefinition(c: Column, table: string): string {
  assertNameFits('column', c.name, table);
  let sql = `${q(c.name)} ${mysqlColumnType(c.type)}`;
  if (!c.nullable) sql += ' NOT NULL';
  const def = mysqlDefaultSql(c);
  if (def !== null) sql += ` DEFAULT ${def}`;
  if (c.autoIncrement) sql += ' AUTO_INCREMENT';
  if (c.comment) sql += ` COMMENT ${mysqlString(c.comment)}`;
  return sql;
}

function action(a: ReferentialAction, fk: ForeignKey): string {
  if (a === 'set default') {
    // https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html#foreign-key-referential-actions
    throw new DialectError(`foreign key '${fk.name}': InnoDB rejects SET DEFAULT; use 'set null', 'cascade', 'restrict' or 'no action'`);
  }
  return a.toUpperCase();
}

/** `CONSTRAINT name FOREIGN KEY (…) REFERENCES t (…) [ON DELETE …] [ON UPDATE …]`. */
export function foreignKeyClause(fk: ForeignKey): string {
  let sql = `CONSTRAINT ${q(shortName(fk.name))} FOREIGN KEY (${columnList(fk.columns)}) REFERENCES ${q(fk.refTable)} (${columnList(fk.refColumns)})`;
  if (fk.onDelete !== 'no action') sql += ` ON DELETE ${action(fk.onDelete, fk)}`;
  if (fk.onUpdate !== 'no action') sql += ` ON UPDATE ${action(fk.onUpdate, fk)}`;
  return sql;
}

/** `CONSTRAINT name UNIQUE (…)`, for CREATE TABLE and ALTER TABLE … ADD. */
export const uniqueClause = (name: string, columns: readonly string[]): string => `CONSTRAINT ${q(shortName(name))} UNIQUE (${columnList(columns)})`;
/** `CONSTRAINT name CHECK (…)`; the expression is the model's SQL, verbatim. */
export const checkClause = (name: string, expression: string): string => `CONSTRAINT ${q(shortName(name))} CHECK (${expression})`;

/** CREATE TABLE with columns and constraints inline; indexes are separate statements. */
export function mysqlCreateTable(table: Table, omitForeignKeys: readonly string[] = []): string {
  assertNameFits('table', table.name);
  assertNoShortNameCollision([table]);
  const parts = table.columns.map((c) => mysqlColumnDefinition(c, table.name));
  // MySQL names every primary key PRIMARY: a model's name for it has nowhere to go.
  if (table.primaryKey) parts.push(`PRIMARY KEY (${columnList(table.primaryKey.columns)})`);
  for (const u of table.uniques) parts.push(uniqueClause(u.name, u.columns));
  for (const c of table.checks) parts.push(checkClause(c.name, c.expression));
  for (const fk of table.foreignKeys) if (!omitForeignKeys.includes(fk.name)) parts.push(foreignKeyClause(fk));
  const comment = table.comment ? ` COMMENT=${mysqlString(table.comment)}` : '';
  return `CREATE TABLE ${q(table.name)} (\n  ${parts.join(',\n  ')}\n) ${TABLE_OPTIONS}${comment}`;
}

/** CREATE [UNIQUE] INDEX; MySQL has no partial indexes, so a WHERE is a DialectError. */
export function mysqlCreateIndex(table: string, declared: Index): string {
  if (declared.where !== null) {
    throw new DialectError(`index '${declared.name}' on '${table}' is partial (WHERE ${declared.where}); MySQL has no partial indexes: drop the condition or index all rows`);
  }
  const index = mysqlIndexKeys(table, declared);
  const using = index.using !== undefined ? ` USING ${mysqlIndexMethod(table, index)}` : '';
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${q(shortName(index.name))} ON ${q(table)} (${indexKeyList(index.keys, q)})${using}`;
}

/**
 * The index's keys as MySQL builds them. Expression keys are refused: MariaDB (10.11
 * included) has none, and MySQL 8.0.13's functional key parts are not read back here yet,
 * so they could not be compared. NULLs placements are kept only where they are InnoDB's
 * own, operator classes not at all (see withLowNulls).
 */
export function mysqlIndexKeys(table: string, index: Index): Index {
  const expression = index.keys.find((k) => k.kind === 'expression');
  if (expression?.kind === 'expression') {
    throw new ModelError(
      `table '${table}', index '${index.name}': expression keys such as (${expression.sql}) are not supported on MySQL/MariaDB; index a generated column instead`,
      { table, index: index.name },
    );
  }
  return withLowNulls(table, index, 'MySQL/MariaDB');
}

/**
 * The index's access method as MySQL spells it: BTREE or HASH, nothing else (a
 * ModelError). InnoDB accepts HASH and builds a B-tree, so normalization drops both.
 */
export function mysqlIndexMethod(table: string, index: Index): string {
  const using = (index.using ?? 'btree').toUpperCase();
  if (using !== 'BTREE' && using !== 'HASH') {
    throw new ModelError(`table '${table}', index '${index.name}': MySQL indexes use BTREE or HASH, not '${index.using}'; remove using or pick one of those`, { table, index: index.name });
  }
  return using;
}

/** MySQL drops an index by name within its table. */
export const mysqlDropIndex = (table: string, name: string): string => `DROP INDEX ${q(shortName(name))} ON ${q(table)}`;

/** The DDL compiler create-all and drop-all use. */
export const mysqlDdl: DdlCompiler = {
  createTable: (table, options) => [mysqlCreateTable(table, options?.omitForeignKeys)],
  dropTable: (table) => [`DROP TABLE ${q(table.name)}`],
  createIndex: (table, index) => [mysqlCreateIndex(table, index)],
  dropIndex: (table, index) => [mysqlDropIndex(table, index.name)],
  addForeignKey: (table, fk) => [`ALTER TABLE ${q(table)} ADD ${foreignKeyClause(fk)}`],
};
