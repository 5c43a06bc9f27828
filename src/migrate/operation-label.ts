import type { Operation } from '../ops/operations.js';
import { assertNever } from '../ops/operations.js';

/**
 * A short name for an operation inside an error line (`addColumn users.email`): which
 * `op.*` call of the migration failed. The user-facing summary of an operation is
 * `describeOperation`; this only has to point at the call.
 */
export function operationLabel(op: Operation): string {
  switch (op.kind) {
    case 'createTable':
    case 'dropTable':
      return `${op.kind} ${op.table.name}`;
    case 'renameTable':
      return `renameTable ${op.from} → ${op.to}`;
    case 'addColumn':
    case 'dropColumn':
      return `${op.kind} ${op.table}.${op.column.name}`;
    case 'alterColumn':
      return `alterColumn ${op.table}.${op.before.name}`;
    case 'renameColumn':
      return `renameColumn ${op.table}.${op.from} → ${op.to}`;
    case 'createIndex':
    case 'dropIndex':
      return `${op.kind} ${op.index.name} on ${op.table}`;
    case 'renameIndex':
      return `renameIndex ${op.from} → ${op.to} on ${op.table}`;
    case 'renameConstraint':
      return `renameConstraint ${op.constraint.name} → ${op.to} on ${op.table}`;
    case 'addConstraint':
    case 'dropConstraint':
      return `${op.kind} ${op.constraint.name ?? op.constraint.type} on ${op.table}`;
    case 'setTableComment':
      return `setTableComment ${op.table}`;
    case 'createEnum':
    case 'dropEnum':
      return `${op.kind} ${op.enum.name}`;
    case 'alterEnum':
      return `alterEnum ${op.before.name}`;
    case 'execute':
      return 'execute';
    case 'bulkInsert':
      return `bulkInsert ${op.table} (${op.rows.length} row${op.rows.length === 1 ? '' : 's'})`;
    default:
      return assertNever(op);
  }
}

/** SQL on one line (whitespace runs collapsed), cut to `max` characters, for error lines. */
export function oneLineSql(sql: string, max = 400): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
