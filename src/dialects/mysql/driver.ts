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

/** https://dev.mysql.com/doc/dev/mysql-server/latest/mysql__com_8h.html — SERVER_STATUS_IN_TRANS. */
const SERVER_STATUS_IN_TRANS = 1;

/** mysql2 behind the async Connection interface; one physical connection per `connect()`. */
export function createMysqlDriver(url: DatabaseUrl, _options: DriverOptions): Driver {
  // Built now, so a bad URL parameter fails at createEngine rather than at first use.
  const config = mysqlConnectionOptions(url);
  return {
    // No limit of its own: the engine's pool size decides.
    maxConnections: 0,
    async connect(): Promise<Connection> {
      const mysql = await import('mysql2/promise');
      let conn: Mysql2Connection;
      try {
        conn = await mysql.createConnection(config);
      } catch (err) {
        throw connectionFailure(config, err);
      }
      const connection = new MysqlConnection(conn);
      try {
        await connection.query(SESSION_SETUP);
      } catch (err) {
        await connection.close();
        throw err;
      }
      return connection;
    },
  };
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

class MysqlConnection implements Connection {
  private transaction = false;
  /** Set when the server or network dropped the connection; every later call fails fast. */
  private lost: Error | null = null;

  constructor(private readonly conn: Mysql2Connection) {
    // Without a listener, an 'error' on an idle connection (server restart, wait_timeout)
    // would crash the process; it is reported on the next use instead.
    conn.on('error', (err: Error) => {
      this.lost = err;
      this.transaction = false;
    });
  }

  get inTransaction(): boolean {
    return this.transaction;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<QueryResult> {
    if (this.lost) throw new ConnectionError(`the MySQL connection was lost: ${driverReason(this.lost)}; borrow a new connection`, {}, { cause: this.lost });
    let result: unknown;
    try {
      [result] = params.length === 0 ? await this.conn.query(sql) : await this.conn.query(sql, params.map(toMysql));
    } catch (err) {
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
