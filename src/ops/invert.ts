/**
 * Inversion of operations: the downgrade of a migration is its upgrade inverted and
 * reversed. Drops carry their before-state, so almost every operation has an exact
 * inverse; raw SQL without a `reverse` and bulk inserts have none, and say why.
 */
import type { Operation } from './operations.js';
import { assertNever } from './operations.js';
import { classifyTypeChange, removedEnumValues, typeChangeLabel } from './type-change.js';

/**
 * The inverse of one operation, or an explanation of why there is none. `dataLoss` is a
 * sentence naming what the inverse cannot give back (rows of a dropped table, values of a
 * dropped column, values cut by a narrowing change), or null.
 */
export type Inversion = { readonly ok: true; readonly operation: Operation; readonly dataLoss: string | null } | { readonly ok: false; readonly reason: string };

const exact = (operation: Operation): Inversion => ({ ok: true, operation, dataLoss: null });
const lossy = (operation: Operation, dataLoss: string | null): Inversion => ({ ok: true, operation, dataLoss });

/**
 * The inverse of one operation: exact where the operation carries its before-state
 * (drops, alters), `dataLoss` naming what cannot come back, `{ ok: false }` for raw SQL
 * without a reverse and for bulk inserts.
 */
export function invert(op: Operation): Inversion {
  switch (op.kind) {
    case 'createTable':
      return exact({ kind: 'dropTable', table: op.table });
    case 'dropTable':
      return lossy({ kind: 'createTable', table: op.table }, `The rows of table '${op.table.name}' deleted by the upgrade are not restored.`);
    case 'renameTable':
      return exact({ kind: 'renameTable', from: op.to, to: op.from });
    case 'addColumn':
      return exact({ kind: 'dropColumn', table: op.table, column: op.column });
    case 'dropColumn':
      return lossy(
        { kind: 'addColumn', table: op.table, column: op.column },
        `The values of column '${op.table}.${op.column.name}' deleted by the upgrade are not restored${op.column.default ? ' (rows get the default)' : ''}.`,
      );
    case 'alterColumn': {
      const where = `'${op.table}.${op.before.name}'`;
      const notes: string[] = [];
      if (classifyTypeChange(op.before.type, op.after.type) === 'narrowing') {
        notes.push(`Values of column ${where} changed by the narrowing ${typeChangeLabel(op.before.type, op.after.type)} are not restored.`);
      }
      if (classifyTypeChange(op.after.type, op.before.type) === 'narrowing') {
        notes.push(`The downgrade narrows column ${where} (${typeChangeLabel(op.after.type, op.before.type)}): values that do not fit are cut or refused.`);
      }
      // Making a column NOT NULL loses nothing (NULLs are refused, not changed); undoing
      // that is fine too. Only the way back to NOT NULL can fail.
      if (!op.before.nullable && op.after.nullable) {
        notes.push(`The downgrade makes column ${where} NOT NULL again: it fails if rows written since hold NULL.`);
      }
      return lossy({ kind: 'alterColumn', table: op.table, before: op.after, after: op.before }, notes.length ? notes.join(' ') : null);
    }
    case 'renameColumn':
      return exact({ kind: 'renameColumn', table: op.table, from: op.to, to: op.from });
    case 'createIndex':
      return exact({ kind: 'dropIndex', table: op.table, index: op.index, ...(op.concurrently ? { concurrently: true } : {}) });
    case 'dropIndex':
      return exact({ kind: 'createIndex', table: op.table, index: op.index, ...(op.concurrently ? { concurrently: true } : {}) });
    case 'renameIndex':
      return exact({ kind: 'renameIndex', table: op.table, from: op.to, to: op.from });
    case 'addConstraint':
      return exact({ kind: 'dropConstraint', table: op.table, constraint: op.constraint });
    case 'dropConstraint':
      return exact({ kind: 'addConstraint', table: op.table, constraint: op.constraint });
    case 'renameConstraint':
      return exact({ kind: 'renameConstraint', table: op.table, constraint: { ...op.constraint, name: op.to }, to: op.constraint.name });
    case 'setTableComment':
      return exact({ kind: 'setTableComment', table: op.table, before: op.after, after: op.before });
    case 'createEnum':
      return exact({ kind: 'dropEnum', enum: op.enum });
    case 'dropEnum':
      return exact({ kind: 'createEnum', enum: op.enum });
    case 'alterEnum': {
      const removed = removedEnumValues(op.before.values, op.after.values);
      const removedByDowngrade = removedEnumValues(op.after.values, op.before.values);
      const notes: string[] = [];
      if (removed.length) notes.push(`Rows that held the values ${removed.map((v) => `'${v}'`).join(', ')} removed from enum '${op.before.name}' are not restored.`);
      if (removedByDowngrade.length) {
        notes.push(`The downgrade removes ${removedByDowngrade.map((v) => `'${v}'`).join(', ')} from enum '${op.before.name}': it fails if rows hold them.`);
      }
      return lossy({ kind: 'alterEnum', before: op.after, after: op.before }, notes.length ? notes.join(' ') : null);
    }
    case 'execute':
      if (op.reverse === null) {
        return { ok: false, reason: 'raw SQL (op.execute) without a reverse statement cannot be reversed automatically' };
      }
      return exact({ kind: 'execute', sql: op.reverse, reverse: op.sql });
    case 'bulkInsert':
      return { ok: false, reason: `the rows inserted into '${op.table}' (op.bulkInsert) cannot be deleted automatically: nothing identifies them` };
    default:
      return assertNever(op);
  }
}

/**
 * Downgrade = upgrade inverted and reversed: the inversions in the order the downgrade
 * runs them (the inverse of the last operation first).
 */
export function invertAll(ops: readonly Operation[]): Inversion[] {
  return ops.map(invert).reverse();
}
