import type { Connection as Mysql2Connection, ConnectionOptions, ResultSetHeader } from 'mysql2/promise';
import type { DatabaseUrl } from '../../engine/url.js';
import { ConnectionError, ValidationError } from '../../errors.js';
import type { Connection, Driver, DriverOptions, QueryResult } from '../dialect.js';
import { toSafeInteger } from '../shared/values.js';
import { mysqlConnectionOptions } from './connect-options.js';
import { driverReason, translateMysqlError } from './errors.js';
import { splitMysqlScript } from './split-script.js';

/**
 * Every session runs in UTC, so CURRENT_TIMESTAMP defaults agree with the UTC values the
 * driver writes; NO_BACKSLASH_ESCAPES is switched off because mysql2 escapes bound values
 * with backslashes (and `mysqlLiteral` does too).
 */
const SESSION_SETUP =
  "SET time_zone = '+00:00', sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','))";

/**
 * Whether a multi-row INSERT's auto-increment keys are consecutive from LAST_INSERT_ID():
 * only with the "traditional" (0) or "consecutive" (1) lock mode — MariaDB's default;
 * MySQL 8 defaults to "interleaved" (2) — and a step of 1
 * (https://dev.mysql.com/doc/refman/8.0/en/innodb-auto-increment-handling.html).
 */
const KEY_SETTINGS = 'SELECT @@innodb_autoinc_lock_mode AS lock_mode, @@auto_increment_increment AS step';

/** https://dev.mysql.com/doc/dev/mysql-server/latest/mysql__com_8h.html — SERVER_STATUS_IN_TRANS. */
const SERVER_STATUS_IN_TRANS = 1;

/** mysql2 behind the async Connection interface; one physical connection per `connect()`. */
export function createMysqlDriver(url: DatabaseUrl, _options: DriverOptions): Driver {
  // Built now, so a bad URL parameter fails at createEngine rather than at first use.
  const config = mysqlConnectionOptions(url);
  const open = () => openSession(config);
  return {
    // No limit of its own: the engine's pool size decides.
    maxConnections: 0,
    connect: async () => new MysqlConnection(await open(), open),
  };
}

/** An open, prepared mysql2 connection and what its server settings allow. */
interface MysqlSession {
  readonly conn: Mysql2Connection;
  readonly consecutiveInsertIds: boolean;
}

/** Connects and prepares the session (UTC, backslash escapes on), and reads its key settings. */
async function openSession(config: ConnectionOptions): Promise<MysqlSession> {
  const mysql = await import('mysql2/promise');
  let conn: Mysql2Connection;
  try {
    conn = await mysql.createConnection(config);
  } catch (err) {
    throw connectionFailure(config, err);
  }
  try {
    await conn.query(SESSION_SETUP);
  } catch (err) {
    conn.destroy();
    throw translateMysqlError(err, SESSION_SETUP);
  }
  return { conn, consecutiveInsertIds: await readsConsecutiveIds(conn) };
}

/** True when the server guarantees consecutive keys per statement (see KEY_SETTINGS); false when unsure. */
async function readsConsecutiveIds(conn: Mysql2Connection): Promise<boolean> {
  try {
    const [rows] = await conn.query(KEY_SETTINGS);
    const row = (rows as Record<string, unknown>[])[0];
    return row !== undefined && Number(row.lock_mode) <= 1 && Number(row.step) === 1;
  } catch {
    // No InnoDB variables (another engine, a proxy): rows go in one by one.
    return false;
  }
}

/** One line naming host, port, database and the driver's reason; never the password. */
function connectionFailure(config: ConnectionOptions, err: unknown): ConnectionError {
  let reason = driverReason(err);
  if (config.password) reason = reason.split(config.password).join('***');
  return new ConnectionError(
    `cannot connect to MySQL at ${config.host}:${config.port}, database '${config.database}': ${reason.replace(/\s+/g, ' ').trim()}`,
    { host: config.host, port: config.port, database: config.database, driverCode: (err as { code?: string })?.code },
    { cause: err },
  );
}

/**
 * One session. When the server drops it (restart, wait_timeout, KILL), the next use opens
 * a new one, so a pooled connection heals; except that losing an open transaction is
 * reported once as a ConnectionError, since its work is gone.
 */
class MysqlConnection implements Connection {
  private transaction = false;
  private conn!: Mysql2Connection;
  consecutiveInsertIds = false;
  /** Why the session ended, when the server or network ended it. */
  private lost: { readonly error: unknown; readonly inTransaction: boolean } | null = null;

  constructor(session: MysqlSession, private readonly reopen: () => Promise<MysqlSession>) {
    this.attach(session);
  }

  private attach({ conn, consecutiveInsertIds }: MysqlSession): void {
    this.conn = conn;
    this.consecutiveInsertIds = consecutiveInsertIds;
    this.lost = null;
    // Without a listener, an 'error' on an idle connection would crash the process.
    conn.on('error', (err: unknown) => {
      if (this.conn === conn) this.markLost(err);
    });
  }

  private markLost(error: unknown): void {
    this.lost ??= { error, inTransaction: this.transaction };
    this.transaction = false;
  }

  get inTransaction(): boolean {
    return this.transaction;
  }

  /** The live session, reopened first if the old one was dropped outside a transaction. */
  private async session(): Promise<Mysql2Connection> {
    const lost = this.lost;
    if (lost) {
      this.conn.destroy();
      if (lost.inTransaction) {
        this.lost = { ...lost, inTransaction: false };
        throw new ConnectionError(`the MySQL connection was lost during a transaction (${driverReason(lost.error)}); the server rolled it back`, {}, { cause: lost.error });
      }
      this.attach(await this.reopen());
    }
    return this.conn;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<QueryResult> {
    const conn = await this.session();
    let result: unknown;
    try {
      [result] = params.length === 0 ? await conn.query(sql) : await conn.query(sql, params.map(toMysql));
    } catch (err) {
      if ((err as { fatal?: boolean }).fatal) this.markLost(err);
      throw translateMysqlError(err, sql);
    }
    if (Array.isArray(result)) {
      // A CALL returns several result sets: the first is the one a caller asked for.
      const rows = Array.isArray(result[0]) ? (result[0] as Record<string, unknown>[]) : (result as Record<string, unknown>[]);
      return { rows, rowsAffected: 0, lastInsertId: null };
    }
    const header = result as ResultSetHeader;
    // The server says whether a transaction is open after every statement: DDL commits implicitly.
    this.transaction = (header.serverStatus & SERVER_STATUS_IN_TRANS) !== 0;
    const id = toSafeInteger(header.insertId) as number | bigint;
    return { rows: [], rowsAffected: header.affectedRows, lastInsertId: id ? id : null };
  }

  async queryArrays(sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
    const conn = await this.session();
    try {
      // Arrays in select-list order: mysql2 builds no object per row.
      const [rows] = await conn.query({ sql, rowsAsArray: true }, params.length === 0 ? undefined : params.map(toMysql));
      return rows as unknown[][];
    } catch (err) {
      if ((err as { fatal?: boolean }).fatal) this.markLost(err);
      throw translateMysqlError(err, sql);
    }
  }

  async queryMany(sql: string, paramSets: readonly (readonly unknown[])[]): Promise<number> {
    let total = 0;
    for (const params of paramSets) total += (await this.query(sql, params)).rowsAffected;
    return total;
  }

  async exec(script: string): Promise<void> {
    for (const statement of splitMysqlScript(script)) await this.query(statement);
  }

  async begin(): Promise<void> {
    // MySQL has no BEGIN IMMEDIATE: InnoDB locks rows as statements touch them.
    await this.query('START TRANSACTION');
    this.transaction = true;
  }
  async commit(): Promise<void> {
    await this.query('COMMIT');
  }
  async rollback(): Promise<void> {
    if (this.transaction && !this.lost) await this.query('ROLLBACK');
    this.transaction = false;
  }
  async close(): Promise<void> {
    if (this.lost) return this.conn.destroy();
    try {
      await this.conn.end();
    } catch {
      this.conn.destroy();
    }
  }
}

/** Converts a JS value to something mysql2 binds as one scalar; refuses what would not be one. */
function toMysql(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'bigint':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw new ValidationError(`cannot bind ${value} as a SQL parameter: MySQL has no NaN or Infinity`);
    case 'undefined':
      return null;
    case 'object':
      if (value === null || Buffer.isBuffer(value) || value instanceof Date) return value;
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      break;
  }
  // mysql2 would expand arrays into lists and objects into `a = 1, b = 2`: never a value.
  throw new ValidationError(`cannot bind ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'a plain object' : `a ${typeof value}`} as a SQL parameter; serialize it first`);
}
