import type pg from 'pg';
import { ConnectionError, ValidationError } from '../../errors.js';
import type { DatabaseUrl } from '../../engine/url.js';
import type { Connection, Driver, DriverOptions, QueryResult } from '../dialect.js';
import { postgresTarget } from './client-config.js';
import { translatePostgresError } from './errors.js';
import { loadPg } from './load-pg.js';
import { quotePg } from './identifiers.js';
import { postgresTypeParsers } from './type-parsers.js';

/** Commands whose row count is rows written (pg also counts SELECT rows, which we report as 0). */
const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

/** Parameterized statements a connection prepares on the server (see `PostgresConnection.statement`). */
const MAX_PREPARED = 200;
/** Parameterized statement texts a connection remembers having run once. */
const MAX_SEEN = 2000;
/** First words of statements that cannot change what a prepared statement returns. */
const KEEPS_PREPARED = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|VALUES|BEGIN|START|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW|LOCK)\b/i;
let preparedNames = 0;

/** A pg query config, in either row mode. */
type Statement = pg.QueryConfig & { readonly rowMode?: 'array' };

/**
 * pg behind the Connection interface: one `pg.Client` per connection (pooling is the
 * engine's Pool, not pg's). Each session gets `search_path` from `?schema=` and
 * TimeZone=UTC, the zone in which `timestamp without time zone` values are read.
 */
export function createPostgresDriver(url: DatabaseUrl, _options: DriverOptions): Driver {
  const target = postgresTarget(url); // validates the URL before anything connects
  return {
    maxConnections: 0,
    async connect(): Promise<Connection> {
      const client = new (loadPg().Client)({ ...target.client, types: postgresTypeParsers });
      const conn = new PostgresConnection(client);
      try {
        await client.connect();
      } catch (err) {
        await client.end().catch(() => undefined);
        throw connectionFailure(url, err);
      }
      try {
        await client.query(
          target.schema === null
            ? `SELECT set_config('TimeZone', 'UTC', false)`
            : `SELECT set_config('TimeZone', 'UTC', false), set_config('search_path', $1, false)`,
          target.schema === null ? [] : [quotePg(target.schema)],
        );
      } catch (err) {
        await client.end().catch(() => undefined);
        throw translatePostgresError(err, 'SET search_path');
      }
      return conn;
    },
  };
}

/** One line naming host, port, database and user and pg's reason; never the password. */
function connectionFailure(url: DatabaseUrl, err: unknown): ConnectionError {
  const where = `${url.host ?? 'localhost'}:${url.port ?? 5432}`;
  const reason = reasonOf(err);
  return new ConnectionError(
    `cannot connect to PostgreSQL at ${where}, database '${url.database}'${url.user ? `, user '${url.user}'` : ''}: ${reason}`,
    { host: url.host, port: url.port ?? 5432, database: url.database, user: url.user, driverCode: (err as { code?: string }).code },
    { cause: err },
  );
}

function reasonOf(err: unknown): string {
  // Node reports a host with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError with no message.
  if (err instanceof AggregateError && !err.message) return [...new Set(err.errors.map(reasonOf))].join('; ');
  const e = err as { message?: string; code?: string };
  return (e.message || e.code || String(err)).split('\n')[0]!;
}

class PostgresConnection implements Connection {
  private failure: unknown = null;
  /** Parameterized statement texts run once on this connection. */
  private readonly seen = new Set<string>();
  /** Server-side prepared statements of this connection, by text. */
  private readonly prepared = new Map<string, string>();
  /** Set when a statement about to run may change tables: the prepared statements go first. */
  private stale = false;

  constructor(private readonly client: pg.Client) {
    // An idle client whose server goes away emits 'error'; unhandled, that would end the process.
    client.on('error', (err) => {
      this.failure = err;
    });
  }

  get broken(): boolean {
    return this.failure !== null;
  }

  get inTransaction(): boolean {
    const status = this.client.getTransactionStatus();
    return status === 'T' || status === 'E';
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<QueryResult> {
    let result: pg.QueryResult | pg.QueryResult[];
    try {
      // No values: the simple protocol, which also runs several statements.
      const config = this.statement(sql, params, undefined);
      if (this.stale) await this.unprepareAll();
      result = await this.retryingReplan(config, sql, () => this.client.query(config), () => this.client.query({ text: sql, values: config.values }));
    } catch (err) {
      throw this.failed(err, sql);
    }
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    if (!last) return { rows: [], rowsAffected: 0, lastInsertId: null };
    return { rows: last.rows ?? [], rowsAffected: WRITES.has(last.command) ? (last.rowCount ?? 0) : 0, lastInsertId: null };
  }

  async queryArrays(sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
    try {
      // Arrays in select-list order: pg builds no object per row.
      const config = this.statement(sql, params, 'array');
      if (this.stale) await this.unprepareAll();
      const unnamed = { text: sql, values: config.values, rowMode: 'array' } as pg.QueryArrayConfig;
      return (await this.retryingReplan(config, sql, () => this.client.query<unknown[]>(config as pg.QueryArrayConfig), () => this.client.query<unknown[]>(unnamed))).rows;
    } catch (err) {
      throw this.failed(err, sql);
    }
  }

  /**
   * The query config for a statement. A parameterized statement run a second time on this
   * connection is prepared on the server under a name (up to MAX_PREPARED of them), so
   * PostgreSQL parses and plans it once: for a 500-row INSERT that is most of its cost.
   * A statement that may change tables marks the prepared ones `stale`: they are dropped
   * before it runs (a plan whose result columns changed would fail rather than be re-planned).
   */
  private statement(sql: string, params: readonly unknown[], rowMode: 'array' | undefined): Statement {
    if (params.length === 0) {
      if (this.prepared.size > 0 && !KEEPS_PREPARED.test(sql)) this.stale = true;
      return { text: sql, rowMode };
    }
    const values = bindable(params);
    let name = this.prepared.get(sql);
    if (name === undefined) {
      if (!this.seen.has(sql)) {
        if (this.seen.size >= MAX_SEEN) this.seen.clear();
        this.seen.add(sql);
        return { text: sql, values, rowMode };
      }
      if (this.prepared.size >= MAX_PREPARED) return { text: sql, values, rowMode };
      name = `orm_${++preparedNames}`;
      this.prepared.set(sql, name);
    }
    return { name, text: sql, values, rowMode };
  }

  /** Drops this connection's prepared statements; their names are never used again. */
  private async unprepareAll(): Promise<void> {
    this.prepared.clear();
    this.stale = false;
    await this.client.query('DEALLOCATE ALL');
  }

  /**
   * Runs a statement; when it was prepared and another connection has since changed a table
   * it reads so that its result columns differ, the server refuses the old plan (0A000,
   * "cached plan must not change result type"). Outside a transaction nothing has happened
   * yet, so the statement is dropped from the prepared ones and run once more unprepared:
   * an application keeps working while a migration runs elsewhere. Inside a transaction
   * the transaction is already aborted and the error stands.
   */
  private async retryingReplan<R>(config: Statement, sql: string, run: () => Promise<R>, unprepared: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (err) {
      if (config.name === undefined || (err as { code?: string }).code !== '0A000' || this.inTransaction) throw err;
      this.prepared.delete(sql);
      return await unprepared();
    }
  }

  /** Our error for a failed statement; a prepared statement whose plan the server refuses is prepared afresh next time. */
  private failed(err: unknown, sql: string): Error {
    // 0A000 "cached plan must not change result type": a table changed on another connection.
    if ((err as { code?: string }).code === '0A000') this.prepared.delete(sql);
    return translatePostgresError(this.failure ?? err, sql);
  }

  async queryMany(sql: string, paramSets: readonly (readonly unknown[])[]): Promise<number> {
    let total = 0;
    for (const params of paramSets) total += (await this.query(sql, params)).rowsAffected;
    return total;
  }

  async exec(script: string): Promise<void> {
    try {
      // Scripts are DDL as a rule.
      if (this.prepared.size > 0) await this.unprepareAll();
      await this.client.query(script);
    } catch (err) {
      throw translatePostgresError(this.failure ?? err, script);
    }
  }

  async begin(): Promise<void> {
    await this.query('BEGIN');
  }
  async commit(): Promise<void> {
    await this.query('COMMIT');
  }
  async rollback(): Promise<void> {
    if (this.inTransaction) await this.query('ROLLBACK');
  }
  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/** The parameters as pg binds them; copied only when a value needs converting. */
function bindable(params: readonly unknown[]): unknown[] {
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    if (v === undefined || v instanceof Date) return params.map(toPg);
  }
  return params as unknown[];
}

/** Dates as ISO-8601 UTC text: pg would render them in the process's local zone. */
function toPg(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValidationError('cannot bind an invalid Date as a SQL parameter');
    return value.toISOString();
  }
  return value;
}
