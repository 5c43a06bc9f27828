/**
 * Plans schema operations for SQLite: native ALTER TABLE where it suffices, the table
 * rebuild (rebuild.ts) otherwise. Pure: reads only the operation and the plan context.
 */
import { MigrationError } from '../../errors.js';
import { applyOperation } from '../../ops/apply.js';
import type { Operation, PlannedStatement } from '../../ops/operations.js';
import { assertNever } from '../../ops/operations.js';
import type { Schema, Table } from '../../schema/ir.js';
import { findTable } from '../../schema/ir.js';
import type { PlanContext } from '../dialect.js';
import { canAddColumnInPlace, canDropColumnInPlace } from './alter-in-place.js';
import { planBulkInsert } from './bulk-insert.js';
import { quoteSqlite as q, sqliteColumnDefinition, sqliteCreateIndex, sqliteCreateTable } from './ddl.js';
import { foreignKeyChecks, rebuildTable } from './rebuild.js';

/** SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
const MAX_PARAMETERS = 32766;

/** Plans one operation for SQLite. */
export function planSqlite(op: Operation, context: PlanContext): PlannedStatement[] {
  const sql = (...statements: string[]): PlannedStatement[] => statements.map((s) => ({ sql: s }));
  switch (op.kind) {
    case 'createTable':
      return sql(sqliteCreateTable(op.table), ...op.table.indexes.map((i) => sqliteCreateIndex(op.table.name, i)));
    case 'dropTable':
      return planDropTable(op.table.name, context);
    case 'renameTable':
      // Since SQLite 3.26 this also rewrites foreign keys, triggers and views naming the table.
      return sql(`ALTER TABLE ${q(op.from)} RENAME TO ${q(op.to)}`);
    case 'addColumn': {
      const after = tableAfter(op, context);
      if (canAddColumnInPlace(op.column)) return sql(`ALTER TABLE ${q(op.table)} ADD COLUMN ${sqliteColumnDefinition(op.column, after)}`);
      return rebuildTable(tableBefore(op.table, context), after, context);
    }
    case 'dropColumn': {
      const before = tableBefore(op.table, context);
      if (canDropColumnInPlace(context.schema, before, op.column.name)) return sql(`ALTER TABLE ${q(op.table)} DROP COLUMN ${q(op.column.name)}`);
      return rebuildTable(before, tableAfter(op, context), context);
    }
    case 'renameColumn':
      // Rewrites indexes, checks, triggers, views and referencing foreign keys too.
      return sql(`ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)}`);
    case 'createIndex':
      // `concurrently` has no meaning here: one writer at a time, in the migration's transaction.
      return sql(sqliteCreateIndex(op.table, op.index));
    case 'dropIndex':
      return sql(`DROP INDEX ${q(op.index.name)}`);
    case 'renameIndex': {
      // SQLite has no ALTER INDEX: the index is built again under its new name.
      const index = tableBefore(op.table, context).indexes.find((i) => i.name === op.from);
      if (!index) throw new MigrationError(`renameIndex: no index '${op.from}' on '${op.table}'`);
      return sql(`DROP INDEX ${q(op.from)}`, sqliteCreateIndex(op.table, { ...index, name: op.to }));
    }
    case 'alterColumn':
    case 'addConstraint':
    case 'dropConstraint':
    case 'renameConstraint':
      // SQLite alters no column and no constraint in place. A change invisible to SQLite
      // (a comment) leaves the table as it is: rebuildTable returns nothing then.
      return rebuildTable(tableBefore(op.table, context), tableAfter(op, context), context);
    case 'alterEnum': {
      // Hand-written only: with namedEnums false, autogenerate makes enum changes
      // alterColumn. The values live in a CHECK on each column of that enum.
      const after = applyOperation(context.schema, op);
      return context.schema.tables
        .filter((t) => t.columns.some((c) => c.type.kind === 'enum' && c.type.name === op.before.name))
        .flatMap((t) => rebuildTable(t, findTable(after, t.name)!, context));
    }
    case 'createEnum':
    case 'dropEnum':
      // SQLite has no enum types: an enum is a CHECK on each column using it, created and
      // dropped with that column, so there is no type to create or drop.
      return [];
    case 'setTableComment':
      // SQLite has nowhere to keep a comment (capabilities.comments is false).
      return [];
    case 'execute':
      return sql(op.sql);
    case 'bulkInsert':
      return planBulkInsert(tableBefore(op.table, context), op.rows, MAX_PARAMETERS);
    default:
      return assertNever(op);
  }
}

/**
 * DROP TABLE. With foreign keys enforced, dropping a table that others still reference
 * would empty their ON DELETE CASCADE rows; enforcement goes off around it and the
 * referencing tables are checked instead (autogenerate drops such keys first anyway).
 */
function planDropTable(name: string, context: PlanContext): PlannedStatement[] {
  const drop: PlannedStatement = { sql: `DROP TABLE ${q(name)}` };
  const checks = foreignKeyChecks(name, context).slice(1);
  if (checks.length === 0) return [drop];
  return [
    { sql: 'PRAGMA foreign_keys=OFF', phase: 'before', transactional: false },
    drop,
    ...checks.map((sql): PlannedStatement => ({ sql })),
    { sql: 'PRAGMA foreign_keys=ON', phase: 'after', transactional: false },
  ];
}

function tableBefore(name: string, context: PlanContext): Table {
  const t = findTable(context.schema, name);
  if (!t) throw new MigrationError(`table '${name}' does not exist at this point of the migration`);
  return t;
}

function tableAfter(op: Operation & { readonly table: string }, context: PlanContext): Table {
  const after: Schema = applyOperation(context.schema, op);
  return findTable(after, op.table)!;
}
