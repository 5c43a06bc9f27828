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
      result = await this.client.query({ text: sql, values: params.length ? params.map(toPg) : undefined });
    } catch (err) {
      throw translatePostgresError(this.failure ?? err, sql);
    }
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    if (!last) return { rows: [], rowsAffected: 0, lastInsertId: null };
    return { rows: last.rows ?? [], rowsAffected: WRITES.has(last.command) ? (last.rowCount ?? 0) : 0, lastInsertId: null };
  }

  async queryArrays(sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
    try {
      // Arrays in select-list order: pg builds no object per row.
      const result = await this.client.query<unknown[]>({ text: sql, values: params.length ? params.map(toPg) : undefined, rowMode: 'array' });
      return result.rows;
    } catch (err) {
      throw translatePostgresError(this.failure ?? err, sql);
    }
  }

  async queryMany(sql: string, paramSets: readonly (readonly unknown[])[]): Promise<number> {
    let total = 0;
    for (const params of paramSets) total += (await this.query(sql, params)).rowsAffected;
    return total;
  }

  async exec(script: string): Promise<void> {
    try {
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

/** Dates as ISO-8601 UTC text: pg would render them in the process's local zone. */
function toPg(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValidationError('cannot bind an invalid Date as a SQL parameter');
    return value.toISOString();
  }
  return value;
}
