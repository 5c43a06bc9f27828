import { ConnectionError, DatabaseError, IntegrityError, LockError, OrmError } from '../../errors.js';

/** The fields of a mysql2 error that matter here. */
interface DriverError {
  readonly code?: string;
  readonly errno?: number;
  readonly sqlMessage?: string;
  readonly message?: string;
  readonly fatal?: boolean;
}

/** Error codes that mean the connection itself is gone or was never made. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'HANDSHAKE_SSL_ERROR',
  'HANDSHAKE_NO_SSL_SUPPORT',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_CON_COUNT_ERROR',
  'ER_HOST_NOT_PRIVILEGED',
]);

/** True when `err` is a driver error about reaching the server rather than about a statement. */
function isConnectionFailure(err: unknown): boolean {
  const e = err as DriverError;
  return (typeof e?.code === 'string' && CONNECTION_CODES.has(e.code)) || e?.fatal === true;
}

/** The driver's own words for an error: MySQL's message without mysql2's prefixes. */
export function driverReason(err: unknown): string {
  const e = err as DriverError;
  const text = e?.sqlMessage ?? e?.message ?? String(err);
  return text || (e?.code ?? 'unknown error');
}

/**
 * Maps mysql2 errors to typed errors by server error number
 * (https://mariadb.com/kb/en/mariadb-error-code-reference/), reading constraint and table
 * names out of the server's message, the only place MySQL reports them.
 */
export function translateMysqlError(err: unknown, sql: string): OrmError {
  if (err instanceof OrmError) return err;
  const e = err as DriverError;
  const message = driverReason(err);
  const table = tableOf(sql);
  switch (e?.errno) {
    case 1062: {
      // MariaDB: Duplicate entry 'x' for key 'uq_name'; MySQL 8: … for key 't.uq_name'.
      const key = /for key '(.*)'$/.exec(message)?.[1];
      const qualified = key?.includes('.') && (table === undefined || key.startsWith(`${table}.`));
      const [keyTable, constraint] = qualified ? splitOnce(key!) : [table, key];
      const kind = constraint === 'PRIMARY' ? 'primary_key' : 'unique';
      const what = kind === 'primary_key' ? 'primary key' : `unique key '${constraint}'`;
      // The duplicate value stays out of the message (it may be personal data); it is in `cause`.
      return new IntegrityError(`duplicate value for ${what}${keyTable ? ` on table '${keyTable}'` : ''}`, { kind, constraint, table: keyTable, sql }, { cause: err });
    }
    case 1451:
    case 1452: {
      // (`db`.`child`, CONSTRAINT `fk` FOREIGN KEY (`c`) REFERENCES `parent` (`id`) …)
      const m = /\(`(?:[^`]|``)*`\.`((?:[^`]|``)*)`, CONSTRAINT `((?:[^`]|``)*)` FOREIGN KEY .* REFERENCES `((?:[^`]|``)*)`/.exec(message);
      const child = m?.[1]?.replace(/``/g, '`');
      const constraint = m?.[2]?.replace(/``/g, '`');
      const parent = m?.[3]?.replace(/``/g, '`');
      const text =
        e.errno === 1451
          ? `foreign key '${constraint ?? '?'}' on table '${child ?? '?'}' still references the row of '${parent ?? table ?? '?'}' being deleted or updated`
          : `foreign key '${constraint ?? '?'}' on table '${child ?? table ?? '?'}' failed: no matching row in '${parent ?? '?'}'`;
      return new IntegrityError(text, { kind: 'foreign_key', constraint, table: child ?? table, sql }, { cause: err });
    }
    case 1216:
    case 1217:
      return new IntegrityError(`foreign key constraint failed${table ? ` (writing '${table}')` : ''}`, { kind: 'foreign_key', table, sql }, { cause: err });
    case 1048:
    case 1364: {
      // Column 'x' cannot be null / Field 'x' doesn't have a default value.
      const column = /^(?:Column|Field) '(.*)' (?:cannot be null|doesn't have a default value)/.exec(message)?.[1];
      return new IntegrityError(`NOT NULL constraint failed on ${table ?? '?'}.${column ?? '?'}`, { kind: 'not_null', table, columns: column ? [column] : undefined, sql }, { cause: err });
    }
    case 3819: {
      // MySQL 8: Check constraint 'ck' is violated.
      const constraint = /constraint '(.*)' is violated/i.exec(message)?.[1];
      return checkFailed(constraint, table, sql, err);
    }
    case 4025: {
      // MariaDB: CONSTRAINT `ck` failed for `db`.`t` (4025 is another error on MySQL).
      const m = /^CONSTRAINT `((?:[^`]|``)*)` failed for `(?:[^`]|``)*`\.`((?:[^`]|``)*)`/.exec(message);
      if (m) return checkFailed(m[1]!.replace(/``/g, '`'), m[2]!.replace(/``/g, '`'), sql, err);
      break;
    }
    case 1005:
    case 1215:
      // MariaDB: Can't create table `t` (errno: 150 "Foreign key constraint is incorrectly formed");
      // MySQL 5.7: Cannot add foreign key constraint. The server says nothing of why.
      if (/errno: 150|cannot add foreign key/i.test(message)) {
        return new DatabaseError(
          `${message}: a foreign key's columns need exactly the types of the columns they reference (the same integer type and signedness, the same character set and collation), and the referenced columns a unique or primary key`,
          { sql, driverCode: e.code, errno: e.errno },
          { cause: err },
        );
      }
      break;
    case 1205:
      return new LockError(`gave up waiting for a row or table lock (${message}); retry, or raise innodb_lock_wait_timeout`, { sql });
  }
  if (isConnectionFailure(err)) return new ConnectionError(`lost the connection to the MySQL server: ${message}`, { code: e?.code }, { cause: err });
  return new DatabaseError(message, { sql, driverCode: e?.code, errno: e?.errno }, { cause: err });
}

function checkFailed(constraint: string | undefined, table: string | undefined, sql: string, cause: unknown): IntegrityError {
  return new IntegrityError(`check constraint '${constraint ?? '?'}'${table ? ` on table '${table}'` : ''} failed`, { kind: 'check', constraint, table, sql }, { cause });
}

function splitOnce(key: string): [string, string] {
  const i = key.indexOf('.');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** The table an INSERT/REPLACE/UPDATE/DELETE writes, for errors whose message names none. */
function tableOf(sql: string): string | undefined {
  const m = /^\s*(?:INSERT\s+(?:IGNORE\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+IGNORE)?|DELETE\s+FROM)\s+(`(?:[^`]|``)+`|[^\s(]+)/i.exec(sql)?.[1];
  if (!m) return undefined;
  return m.startsWith('`') ? m.slice(1, -1).replace(/``/g, '`') : m;
}
