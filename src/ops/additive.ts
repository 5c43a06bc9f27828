import type { Operation } from './operations.js';
import { assertNever } from './operations.js';

/**
 * Operations that only create something new (a table, an index, a column, an enum type)
 * and change nothing that exists: no rows are touched, no existing trigger or view is
 * rewritten, and the SQL they plan to leaves no session state (a PRAGMA, a deferred
 * check) behind for the rest of the transaction. The runner lets migrations made only
 * of these share one transaction, and knows they leave the dependent objects it has
 * read unchanged.
 */
export function isAdditive(op: Operation): boolean {
  switch (op.kind) {
    case 'createTable':
    case 'createIndex':
    case 'addColumn':
    case 'createEnum':
      return true;
    case 'dropTable':
    case 'renameTable':
    case 'dropColumn':
    case 'alterColumn':
    case 'renameColumn':
    case 'dropIndex':
    case 'renameIndex':
    case 'addConstraint':
    case 'dropConstraint':
    case 'renameConstraint':
    case 'setTableComment':
    case 'dropEnum':
    case 'alterEnum':
    case 'execute':
    case 'bulkInsert':
      return false;
    default:
      return assertNever(op);
  }
}
