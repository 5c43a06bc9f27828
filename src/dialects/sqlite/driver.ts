import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { ConnectionError, ValidationError } from '../../errors.js';
import { toSafeInteger } from '../shared/values.js';
import type { DatabaseUrl } from '../../engine/url.js';
import type { Connection, Driver, DriverOptions, QueryResult } from '../dialect.js';
import { translateSqliteError } from './errors.js';
import { sqliteTimestamp } from './values.js';

const require = createRequire(import.meta.url);
/** A lower() that folds every letter, registered on each connection (see `ilike` in index.ts). */
export const UNICODE_LOWER = 'ormkit_lower';
const STATEMENT_CACHE_SIZE = 256;
/** CREATE / DROP / ALTER without a `;` anywhere: one DDL statement, which returns no rows. */
const ONE_DDL_STATEMENT = /^\s*(?:CREATE|DROP|ALTER)\s[^;]*$/i;

/**
 * better-sqlite3 behind the async Connection interface. Statements are prepared once
 * and cached; values are converted to what SQLite can bind (booleans → 0/1, Dates → UTC
 * text in SQLite's own `YYYY-MM-DD HH:MM:SS.SSS` form).
 */
export function createSqliteDriver(url: DatabaseUrl, options: DriverOptions): Driver {
  return {
    // better-sqlite3 is synchronous: one connection per engine serializes everything
    // and avoids a process deadlocking against its own write lock.
    maxConnections: 1,
    async connect(): Promise<Connection> {
      const Database = require('better-sqlite3') as typeof BetterSqlite3;
      let db: BetterSqlite3.Database;
      try {
        db = new Database(url.database, { timeout: options.busyTimeoutMs ?? 5000, fileMustExist: url.params.mode === 'ro' });
      } catch (err) {
        throw new ConnectionError(`cannot open SQLite database '${url.database}': ${(err as Error).message}`, { database: url.database }, { cause: err });
      }
      // https://www.sqlite.org/foreignkeys.html#fk_enable — off by default, per connection.
      db.pragma('foreign_keys = ON');
      // SQLite's lower() folds ASCII only; ILIKE elsewhere folds every letter ('É' is 'é').
      db.function(UNICODE_LOWER, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
      if (url.database !== ':memory:' && url.params.journal_mode) db.pragma(`journal_mode = ${url.params.journal_mode.replace(/[^A-Za-z]/g, '')}`);
      return new SqliteConnection(db);
    },
  };
}

/** A prepared statement, and whether it reads BIGINT columns (integers then come back as bigints, narrowed where safe). */
interface Prepared {
  readonly stmt: BetterSqlite3.Statement;
  readonly wide: boolean;
}

class SqliteConnection implements Connection {
  private readonly cache = new Map<string, Prepared>();
  /** Statements in raw (array-row) mode, kept apart so neither mode is toggled per call. */
  private readonly arrayCache = new Map<string, Prepared>();

  constructor(readonly db: BetterSqlite3.Database) {}

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  private prepare(sql: string, cache = this.cache, arrays = false): Prepared {
    let prepared = cache.get(sql);
    if (prepared) return prepared;
    let stmt: BetterSqlite3.Statement;
    try {
      stmt = this.db.prepare(sql);
    } catch (err) {
      throw translateSqliteError(err, sql);
    }
    if (arrays) {
      if (!stmt.reader) throw translateSqliteError(new Error('queryArrays() needs a statement that returns rows'), sql);
      stmt.raw(true);
    }
    const wide = stmt.reader && readsBigint(stmt);
    // Read every integer of the statement as a bigint, so none past 2^53 is rounded; safe ones become numbers again.
    if (wide) stmt.safeIntegers(true);
    prepared = { stmt, wide };
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(sql, prepared);
    return prepared;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<QueryResult> {
    return this.querySync(sql, params);
  }

  querySync(sql: string, params: readonly unknown[] = []): QueryResult {
    if (params.length === 0 && ONE_DDL_STATEMENT.test(sql)) {
      // DDL runs once: a prepared statement object (and a cache slot) would only be
      // thrown away. No `;` anywhere, so exec() runs exactly this one statement, as
      // prepare() would insist.
      try {
        this.db.exec(sql);
      } catch (err) {
        throw translateSqliteError(err, sql);
      }
      return { rows: [], rowsAffected: 0, lastInsertId: null };
    }
    const { stmt, wide } = this.prepare(sql);
    const bound = bindable(params);
    try {
      if (stmt.reader) {
        const rows = stmt.all(...bound) as Record<string, unknown>[];
        if (wide) for (const row of rows) for (const key in row) row[key] = narrow(row[key]);
        // A write with RETURNING also returns rows; its count is the connection's changes().
        return { rows, rowsAffected: stmt.readonly ? 0 : this.changes(), lastInsertId: null };
      }
      const info = stmt.run(...bound);
      return { rows: [], rowsAffected: info.changes, lastInsertId: info.lastInsertRowid };
    } catch (err) {
      throw translateSqliteError(err, sql);
    }
  }

  private changesStatement: BetterSqlite3.Statement | null = null;

  /** Rows the last INSERT, UPDATE or DELETE changed (https://www.sqlite.org/c3ref/changes.html). */
  private changes(): number {
    this.changesStatement ??= this.db.prepare('SELECT changes()').pluck();
    return Number(this.changesStatement.get());
  }

  async queryArrays(sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
    const { stmt, wide } = this.prepare(sql, this.arrayCache, true);
    const bound = bindable(params);
    let rows: unknown[][];
    try {
      rows = stmt.all(...bound) as unknown[][];
    } catch (err) {
      throw translateSqliteError(err, sql);
    }
    if (wide) for (const row of rows) for (let i = 0; i < row.length; i++) row[i] = narrow(row[i]);
    return rows;
  }

  queryRowSync(sql: string, params: readonly unknown[] = []): unknown[] | null {
    const { stmt, wide } = this.prepare(sql, this.arrayCache, true);
    const bound = bindable(params);
    let row: unknown[] | undefined;
    try {
      row = stmt.get(...bound) as unknown[] | undefined;
    } catch (err) {
      throw translateSqliteError(err, sql);
    }
    if (row === undefined) return null;
    if (wide) for (let i = 0; i < row.length; i++) row[i] = narrow(row[i]);
    return row;
  }

  async queryMany(sql: string, paramSets: readonly (readonly unknown[])[]): Promise<number> {
    const { stmt } = this.prepare(sql);
    let total = 0;
    try {
      for (const params of paramSets) total += stmt.run(...bindable(params)).changes;
    } catch (err) {
      throw translateSqliteError(err, sql);
    }
    return total;
  }

  async exec(script: string): Promise<void> {
    try {
      this.db.exec(script);
    } catch (err) {
      throw translateSqliteError(err, script);
    }
  }

  async begin(options: { immediate?: boolean } = {}): Promise<void> {
    // BEGIN IMMEDIATE takes the write lock up front, so two writers queue on the
    // busy timeout instead of failing mid-transaction.
    await this.query(options.immediate ? 'BEGIN IMMEDIATE' : 'BEGIN');
  }
  async commit(): Promise<void> {
    await this.query('COMMIT');
  }
  async rollback(): Promise<void> {
    if (this.db.inTransaction) await this.query('ROLLBACK');
  }
  async close(): Promise<void> {
    this.cache.clear();
    this.arrayCache.clear();
    this.changesStatement = null;
    if (this.db.open) this.db.close();
  }
}

/**
 * True when a result column is a column declared BIGINT (or INT8, BIG INT): better-sqlite3
 * reads INTEGER values as doubles unless told otherwise, rounding those past 2^53.
 * Expressions (say `max(big)`) have no declared type and are read as doubles.
 */
function readsBigint(stmt: BetterSqlite3.Statement): boolean {
  return stmt.columns().some((c) => c.type !== null && /BIG ?INT|INT8/i.test(c.type));
}

/** A bigint read by a wide statement as a number when that is exact; anything else as it is. */
function narrow(value: unknown): unknown {
  return typeof value === 'bigint' ? toSafeInteger(value) : value;
}

/** The parameters as better-sqlite3 binds them; copied only when a value needs converting. */
function bindable(params: readonly unknown[]): readonly unknown[] {
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    const t = typeof v;
    if (t !== 'string' && t !== 'number' && t !== 'bigint' && v !== null) return params.map(toSqlite);
  }
  return params;
}

/** Converts a JS value to something better-sqlite3 binds; refuses what SQLite cannot store. */
function toSqlite(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'undefined':
      return null;
    case 'object':
      if (value === null || Buffer.isBuffer(value)) return value;
      if (value instanceof Date) return sqliteTimestamp(value);
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      break;
  }
  throw new ValidationError(`cannot bind a ${value === null ? 'null' : typeof value === 'object' ? 'plain object' : typeof value} as a SQL parameter; serialize it first`);
}
