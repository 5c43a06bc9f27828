import { DialectError } from '../../errors.js';
import type { Constraint, Operation, PlannedStatement } from '../../ops/operations.js';
import { assertNever } from '../../ops/operations.js';
import type { Column, Table } from '../../schema/ir.js';
import { findTable } from '../../schema/ir.js';
import type { PlanContext } from '../dialect.js';
import { planMysqlBulkInsert } from './bulk-insert.js';
import { checkClause, columnList, foreignKeyClause, mysqlColumnDefinition, mysqlCreateIndex, mysqlCreateTable, mysqlDropIndex, uniqueClause } from './ddl.js';
import { hasImplicitIndex, keepForeignKeysIndexed } from './foreign-key-indexes.js';
import { mysqlString, quoteMysql } from './literal.js';
import { assertNameFits, shortName } from './names.js';

const q = quoteMysql;
const statements = (...sql: string[]): PlannedStatement[] => sql.map((s) => ({ sql: s }));
const alter = (table: string, clauses: readonly string[]): PlannedStatement[] => statements(`ALTER TABLE ${q(table)} ${clauses.join(', ')}`);

/**
 * Plans one operation for MySQL/MariaDB: everything alters in place. DDL commits
 * implicitly here (capabilities.transactionalDdl is false), so each operation is as few
 * statements as possible: where two changes must happen together they share one ALTER TABLE.
 */
export function planMysql(op: Operation, context: PlanContext): PlannedStatement[] {
  switch (op.kind) {
    case 'createTable':
      return statements(mysqlCreateTable(op.table), ...op.table.indexes.map((i) => mysqlCreateIndex(op.table.name, i)));
    case 'dropTable':
      return statements(`DROP TABLE ${q(op.table.name)}`);
    case 'renameTable':
      assertNameFits('table', op.to);
      return statements(`RENAME TABLE ${q(op.from)} TO ${q(op.to)}`);
    case 'addColumn':
      // AUTO_INCREMENT needs a key, which a new column cannot have yet: the primary key
      // that follows (addConstraint) sets it, in the same statement as the key.
      return alter(op.table, [`ADD COLUMN ${mysqlColumnDefinition({ ...op.column, autoIncrement: false }, op.table)}`]);
    case 'dropColumn':
      return alter(op.table, [`DROP COLUMN ${q(op.column.name)}`]);
    case 'alterColumn':
      // MODIFY restates the whole column: type, nullability, default, AUTO_INCREMENT, comment.
      return alter(op.table, [`MODIFY COLUMN ${mysqlColumnDefinition(op.after, op.table)}`]);
    case 'renameColumn': {
      assertNameFits('column', op.to, op.table);
      // MariaDB's JSON is LONGTEXT with a CHECK (json_valid(col)) named after the column;
      // RENAME COLUMN keeps the old name on the check, CHANGE with the definition renames it.
      const column = tableOf(context, op.table)?.columns.find((c) => c.name === op.from);
      if (column?.type.kind === 'json') return alter(op.table, [`CHANGE COLUMN ${q(op.from)} ${mysqlColumnDefinition({ ...column, name: op.to }, op.table)}`]);
      return alter(op.table, [`RENAME COLUMN ${q(op.from)} TO ${q(op.to)}`]);
    }
    case 'createIndex':
      // `concurrently` is PostgreSQL's; InnoDB builds secondary indexes online (writes go on) anyway:
      // https://mariadb.com/kb/en/innodb-online-ddl-operations-with-the-inplace-alter-algorithm/
      return statements(mysqlCreateIndex(op.table, op.index));
    case 'dropIndex': {
      const keep = keepForeignKeysIndexed(tableOf(context, op.table), op.index.name);
      return keep.length === 0 ? statements(mysqlDropIndex(op.table, op.index.name)) : alter(op.table, [`DROP INDEX ${q(shortName(op.index.name))}`, ...keep]);
    }
    case 'renameIndex':
      // In place, no rebuild (MySQL 5.7, MariaDB 10.5.2).
      return alter(op.table, [`RENAME INDEX ${q(shortName(op.from))} TO ${q(shortName(op.to))}`]);
    case 'addConstraint':
      return alter(op.table, addConstraint(op.constraint, tableOf(context, op.table)));
    case 'dropConstraint':
      return alter(op.table, dropConstraint(op.constraint, tableOf(context, op.table)));
    case 'renameConstraint': {
      // A unique constraint is an index, renamed in place. A check or foreign key cannot
      // be renamed: dropped and added in one ALTER TABLE (a foreign key is checked again).
      if (op.constraint.type === 'unique') return alter(op.table, [`RENAME INDEX ${q(shortName(op.constraint.name))} TO ${q(shortName(op.to))}`]);
      const table = tableOf(context, op.table);
      return alter(op.table, [...dropConstraint(op.constraint, table), ...addConstraint({ ...op.constraint, name: op.to }, table)]);
    }
    case 'setTableComment':
      return alter(op.table, [`COMMENT = ${mysqlString(op.after ?? '')}`]);
    case 'createEnum':
    case 'dropEnum':
      // Enums are inline column types here (capabilities.namedEnums is false): there is no
      // type to create or drop; columns bring their ENUM(...) with them.
      return [];
    case 'alterEnum':
      throw new DialectError(
        `MySQL has no named enum types, so enum '${op.before.name}' cannot be altered on its own: change the values with alterColumn on each column that uses it`,
      );
    case 'execute':
      return statements(op.sql);
    case 'bulkInsert':
      return planMysqlBulkInsert(op.table, op.rows, context.schema);
    default:
      return assertNever(op);
  }
}

function tableOf(context: PlanContext, name: string): Table | undefined {
  return findTable(context.schema, name);
}

function addConstraint(c: Constraint, table: Table | undefined): string[] {
  switch (c.type) {
    case 'unique':
      return [`ADD ${uniqueClause(c.name, c.columns)}`];
    case 'check':
      return [`ADD ${checkClause(c.name, c.expression)}`];
    case 'foreignKey':
      return [`ADD ${foreignKeyClause(c)}`];
    case 'primaryKey':
      // MySQL names every primary key PRIMARY. An AUTO_INCREMENT column waits for its key.
      return [`ADD PRIMARY KEY (${columnList(c.columns)})`, ...autoIncrementColumns(table, c.columns).map((col) => `MODIFY COLUMN ${mysqlColumnDefinition(col, table!.name)}`)];
    default:
      return assertNever(c, 'constraint');
  }
}

function dropConstraint(c: Constraint, table: Table | undefined): string[] {
  switch (c.type) {
    case 'unique':
      // A UNIQUE constraint is an index.
      return [`DROP INDEX ${q(shortName(c.name))}`, ...keepForeignKeysIndexed(table, c.name)];
    case 'check':
      // DROP CONSTRAINT: MariaDB has no DROP CHECK; MySQL has both since 8.0.19.
      return [`DROP CONSTRAINT ${q(shortName(c.name))}`];
    case 'foreignKey': {
      // The index InnoDB made for the foreign key would outlive it as a stray index.
      const implicit = hasImplicitIndex(table, c) ? [`DROP INDEX ${q(shortName(c.name))}`] : [];
      return [`DROP FOREIGN KEY ${q(shortName(c.name))}`, ...implicit];
    }
    case 'primaryKey': {
      // An AUTO_INCREMENT column must stay a key: it loses AUTO_INCREMENT with the key.
      const plain = autoIncrementColumns(table, c.columns).map((col) => `MODIFY COLUMN ${mysqlColumnDefinition({ ...col, autoIncrement: false }, table!.name)}`);
      return [...plain, 'DROP PRIMARY KEY', ...keepForeignKeysIndexed(table, 'PRIMARY')];
    }
    default:
      return assertNever(c, 'constraint');
  }
}

function autoIncrementColumns(table: Table | undefined, names: readonly string[]): Column[] {
  return table?.columns.filter((col) => col.autoIncrement && names.includes(col.name)) ?? [];
}
