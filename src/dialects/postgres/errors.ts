import { ConnectionError, DatabaseError, IntegrityError, LockError, OrmError } from '../../errors.js';

/** The fields pg copies from the server's ErrorResponse (https://www.postgresql.org/docs/current/protocol-error-fields.html). */
interface PgErrorFields {
  code?: string;
  message?: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  hint?: string;
}

/** Node socket errors that mean the server cannot be reached or went away. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * Maps pg errors by SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 * Integrity errors name the constraint and table from the error fields. The server's
 * DETAIL line is left out of messages on purpose: it quotes the offending values.
 */
export function translatePostgresError(err: unknown, sql: string): OrmError {
  if (err instanceof OrmError) return err;
  const e = (err ?? {}) as PgErrorFields;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = e.message ?? String(err);
  const on = e.table ? ` on table '${e.table}'` : '';
  const base = { constraint: e.constraint, table: e.table, sql };
  switch (code) {
    case '23505': {
      // Our DDL and PostgreSQL both name primary keys `<table>_pkey`.
      const pk = e.constraint?.endsWith('_pkey') ?? false;
      return new IntegrityError(`${pk ? 'primary key' : 'unique constraint'} '${e.constraint}' violated${on}`, { ...base, kind: pk ? 'primary_key' : 'unique' }, { cause: err });
    }
    case '23503':
      return new IntegrityError(`foreign key constraint '${e.constraint}' violated${on}`, { ...base, kind: 'foreign_key' }, { cause: err });
    case '23502':
      return new IntegrityError(`NOT NULL constraint failed on ${e.table ? `${e.table}.` : ''}${e.column ?? '?'}`, { ...base, kind: 'not_null', columns: e.column ? [e.column] : undefined }, { cause: err });
    case '23514':
      return new IntegrityError(`check constraint '${e.constraint}' violated${on}`, { ...base, kind: 'check' }, { cause: err });
    case '55P03':
      return new LockError(`could not obtain a lock: ${message}`, { sql });
    case '3F000':
      return new DatabaseError(`${message}: the schema named by ?schema= (or search_path) does not exist; create it with CREATE SCHEMA`, { sql, driverCode: code }, { cause: err });
  }
  if (code.startsWith('23')) return new IntegrityError(message, { ...base, kind: 'unknown' }, { cause: err });
  if (isConnectionFailure(err)) return new ConnectionError(`lost the PostgreSQL connection: ${message}`, { driverCode: code || undefined }, { cause: err });
  return new DatabaseError(message, { sql, driverCode: code || undefined, hint: e.hint }, { cause: err });
}

/** Connection-class SQLSTATEs (08, 57P0x, 28 auth, 3D000 unknown database) and socket errors. */
export function isConnectionFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return /Connection terminated|Client has encountered a connection error|not queryable/i.test(String((err as Error | null)?.message));
  return code.startsWith('08') || code.startsWith('28') || code === '3D000' || code === '57P01' || code === '57P02' || code === '57P03' || SOCKET_CODES.has(code);
}
