import type { Constraint, Operation, PlannedStatement } from '../../ops/operations.js';
import { assertNever } from '../../ops/operations.js';
import type { PlanContext } from '../dialect.js';
import {
  pgColumnComment,
  pgColumnDefinition,
  pgCreateEnum,
  pgCreateIndex,
  pgCreateTable,
  pgForeignKeyClause,
  pgPrimaryKeyClause,
  pgTableComment,
  pgTableComments,
} from './ddl.js';
import { defaultPrimaryKeyName, quotePg, shortenPg } from './identifiers.js';
import { planAlterColumn } from './plan-alter-column.js';
import { planBulkInsert } from './plan-bulk-insert.js';
import { planAlterEnum } from './plan-enum.js';
import { createEnumTypes, dropEnumTypes } from './plan-enum-types.js';
import { liveTable } from './plan-support.js';

const q = quotePg;
const stmts = (...sql: string[]): PlannedStatement[] => sql.map((s) => ({ sql: s }));

/**
 * Plans one operation for PostgreSQL: everything alters in place and DDL is
 * transactional, except CONCURRENTLY index builds and enum values added, which must run
 * outside a transaction. Enum types are separate operations here (`namedEnums`), and
 * columns also bring the types they need and take away the ones they were the last to use.
 */
export function planPostgres(op: Operation, context: PlanContext): PlannedStatement[] {
  switch (op.kind) {
    case 'createTable':
      return [
        ...createEnumTypes(op.table.columns, context.schema),
        ...stmts(pgCreateTable(op.table), ...op.table.indexes.map((i) => pgCreateIndex(op.table.name, i)), ...pgTableComments(op.table)),
      ];
    case 'dropTable': {
      const gone = shortenPg(op.table.name);
      return [...stmts(`DROP TABLE ${q(op.table.name)}`), ...dropEnumTypes(op.table.columns, context.schema, (t) => shortenPg(t) === gone)];
    }
    case 'renameTable': {
      const out = stmts(`ALTER TABLE ${q(op.from)} RENAME TO ${q(op.to)}`);
      // Keep the primary key's name in step with the table (`<table>_pkey`), as a
      // freshly created table would have it; other names are the user's.
      const pk = liveTable(context.schema, op.from)?.primaryKey;
      if (pk && (pk.name === null || shortenPg(pk.name) === defaultPrimaryKeyName(op.from)) && defaultPrimaryKeyName(op.from) !== defaultPrimaryKeyName(op.to)) {
        out.push(...stmts(`ALTER TABLE ${q(op.to)} RENAME CONSTRAINT ${q(defaultPrimaryKeyName(op.from))} TO ${q(defaultPrimaryKeyName(op.to))}`));
      }
      return out;
    }
    case 'addColumn':
      return [
        ...createEnumTypes([op.column], context.schema),
        ...stmts(`ALTER TABLE ${q(op.table)} ADD COLUMN ${pgColumnDefinition(op.column)}`, ...(op.column.comment ? [pgColumnComment(op.table, op.column.name, op.column.comment)] : [])),
      ];
    case 'dropColumn':
      return [...stmts(`ALTER TABLE ${q(op.table)} DROP COLUMN ${q(op.column.name)}`), ...dropEnumTypes([op.column], context.schema, sameColumn(op.table, op.column.name))];
    case 'alterColumn': {
      const retyped = op.before.type.kind === 'enum' && (op.after.type.kind !== 'enum' || shortenPg(op.after.type.name) !== shortenPg(op.before.type.name));
      return [
        ...createEnumTypes([op.after], context.schema),
        ...planAlterColumn(op.table, op.before, op.after),
        ...(retyped ? dropEnumTypes([op.before], context.schema, sameColumn(op.table, op.before.name)) : []),
      ];
    }
    case 'renameColumn':
      return stmts(`ALTER TABLE ${q(op.table)} RENAME COLUMN ${q(op.from)} TO ${q(op.to)}`);
    case 'createIndex':
      return [{ sql: pgCreateIndex(op.table, op.index, op.concurrently), ...(op.concurrently ? { transactional: false } : {}) }];
    case 'dropIndex':
      return [{ sql: `DROP INDEX ${op.concurrently ? 'CONCURRENTLY ' : ''}${q(op.index.name)}`, ...(op.concurrently ? { transactional: false } : {}) }];
    case 'renameIndex':
      return stmts(`ALTER INDEX ${q(op.from)} RENAME TO ${q(op.to)}`);
    case 'addConstraint':
      return stmts(`ALTER TABLE ${q(op.table)} ADD ${constraintClause(op.table, op.constraint)}`);
    case 'dropConstraint':
      return stmts(`ALTER TABLE ${q(op.table)} DROP CONSTRAINT ${q(constraintName(op.table, op.constraint, context))}`);
    case 'renameConstraint':
      // A unique constraint's index is renamed with it; no index is rebuilt, nothing is re-validated.
      return stmts(`ALTER TABLE ${q(op.table)} RENAME CONSTRAINT ${q(op.constraint.name)} TO ${q(op.to)}`);
    case 'setTableComment':
      return stmts(pgTableComment(op.table, op.after || null));
    case 'createEnum':
      return stmts(pgCreateEnum(op.enum.name, op.enum.values));
    case 'dropEnum':
      // Gone already when the last column using it went (see plan-enum-types.ts).
      return stmts(`DROP TYPE IF EXISTS ${q(op.enum.name)}`);
    case 'alterEnum':
      return planAlterEnum(op.before, op.after, context.schema);
    case 'execute':
      return stmts(op.sql);
    case 'bulkInsert':
      return planBulkInsert(op.table, op.rows, context.schema);
    default:
      return assertNever(op);
  }
}

/** Matches one column of one table, by stored (shortened) names. */
const sameColumn = (table: string, column: string) => (t: string, c: string) => shortenPg(t) === shortenPg(table) && shortenPg(c) === shortenPg(column);

function constraintClause(table: string, c: Constraint): string {
  switch (c.type) {
    case 'unique':
      return `CONSTRAINT ${q(c.name)} UNIQUE (${c.columns.map(q).join(', ')})`;
    case 'check':
      return `CONSTRAINT ${q(c.name)} CHECK (${c.expression})`;
    case 'foreignKey':
      return pgForeignKeyClause(c);
    case 'primaryKey':
      return pgPrimaryKeyClause(table, c);
    default:
      return assertNever(c, 'constraint');
  }
}

/** A primary key without a name is dropped by the name the database has for it. */
function constraintName(table: string, c: Constraint, context: PlanContext): string {
  if (c.type !== 'primaryKey' || c.name !== null) return c.name!;
  return liveTable(context.schema, table)?.primaryKey?.name ?? defaultPrimaryKeyName(table);
}
