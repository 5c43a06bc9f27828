import { DialectError } from '../../errors.js';
import type { Operation, PlannedStatement } from '../../ops/operations.js';
import type { PlanContext } from '../dialect.js';
import { quoteSqlite, sqliteCreateIndex, sqliteCreateTable } from './ddl.js';

const q = quoteSqlite;

/** Plans one operation for SQLite. */
export function planSqlite(op: Operation, _context: PlanContext): PlannedStatement[] {
  switch (op.kind) {
    case 'createTable':
      return [{ sql: sqliteCreateTable(op.table) }, ...op.table.indexes.map((i) => ({ sql: sqliteCreateIndex(op.table.name, i) }))];
    case 'dropTable':
      return [{ sql: `DROP TABLE ${q(op.table.name)}` }];
    case 'createIndex':
      return [{ sql: sqliteCreateIndex(op.table, op.index) }];
    case 'dropIndex':
      return [{ sql: `DROP INDEX ${q(op.index.name)}` }];
    case 'execute':
      return [{ sql: op.sql }];
    default:
      throw new DialectError(`the SQLite planner cannot plan '${op.kind}' yet`);
  }
}
