import { ConnectionError, DatabaseError, IntegrityError, LockError, OrmError } from '../../errors.js';

/**
 * Maps better-sqlite3 errors to typed errors. SQLite names the table and columns of a
 * failed UNIQUE/NOT NULL constraint and the name of a failed CHECK, but nothing for a
 * failed foreign key (https://www.sqlite.org/rescode.html#constraint_foreignkey).
 */
export function translateSqliteError(err: unknown, sql: string): OrmError {
  if (err instanceof OrmError) return err;
  const e = err as { code?: string; message?: string };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = e.message ?? String(err);
  const detail = /constraint failed: (.*)$/.exec(message)?.[1];
  const columns = detail?.split(',').map((s) => s.trim());
  const table = columns?.[0]?.split('.')[0];
  const cols = columns?.map((c) => c.split('.').slice(1).join('.'));
  switch (code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
      return new IntegrityError(`unique constraint failed on ${detail}`, { kind: 'unique', table, columns: cols, sql }, { cause: err });
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return new IntegrityError(`primary key constraint failed on ${detail}`, { kind: 'primary_key', table, columns: cols, sql }, { cause: err });
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return new IntegrityError(`NOT NULL constraint failed on ${detail}`, { kind: 'not_null', table, columns: cols, sql }, { cause: err });
    case 'SQLITE_CONSTRAINT_CHECK':
      return new IntegrityError(`check constraint '${detail}' failed`, { kind: 'check', constraint: detail, sql }, { cause: err });
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new IntegrityError(`foreign key constraint failed${tableOf(sql) ? ` (writing ${tableOf(sql)})` : ''}`, { kind: 'foreign_key', table: tableOf(sql), sql }, { cause: err });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new LockError(`the SQLite database is locked by another connection (${message}); retry, or raise the busy timeout`, { sql });
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_NOTADB':
      return new ConnectionError(`cannot open the SQLite database: ${message}`, {}, { cause: err });
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) return new IntegrityError(message, { kind: 'unknown', sql }, { cause: err });
  return new DatabaseError(message, { sql, driverCode: code || undefined }, { cause: err });
}

function tableOf(sql: string): string | undefined {
  return /^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+("(?:[^"]|"")+"|\S+)/i.exec(sql)?.[1]?.replace(/^"|"$/g, '').replace(/""/g, '"');
}
