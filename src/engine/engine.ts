import type { Connection, Dialect, IntrospectOptions, QueryResult } from '../dialects/dialect.js';
import { loadDialect } from '../dialects/index.js';
import { UsageError } from '../errors.js';
import type { Schema } from '../schema/ir.js';
import { Pool } from './pool.js';
import type { DatabaseUrl } from './url.js';
import { parseUrl } from './url.js';

export type EchoOption = boolean | ((sql: string, params: readonly unknown[]) => void);

export interface EngineOptions {
  /** Log each statement with its parameters: `true` writes to stderr, or pass a function. */
  readonly echo?: EchoOption;
  /** Pool settings (servers; SQLite always uses one connection per engine). */
  readonly pool?: { readonly size?: number; readonly acquireTimeoutMs?: number };
  /** SQLite: milliseconds to wait on a locked database file (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Base directory for relative SQLite paths (default: the current directory). */
  readonly baseDir?: string;
}

/** Something statements can run on: the engine itself, a connection, a transaction. */
export interface Executor {
  readonly dialect: Dialect;
  execute(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
}

/** An exclusive connection from the pool. Always `release()` it (or use `engine.transaction`). */
export interface EngineConnection extends Executor {
  /** A SELECT's rows as arrays in select-list order (the driver's fast path where it has one). */
  queryArrays(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** The first row of a SELECT as an array (null when none), without a promise, when the driver is synchronous; null otherwise. */
  readonly queryRowSync: ((sql: string, params?: readonly unknown[]) => unknown[] | null) | null;
  /** The dialect connection, for bulk paths (`queryMany`, `exec`). */
  readonly raw: Connection;
  /** Runs `fn` in a transaction, or in a savepoint when one is already open. */
  transaction<T>(fn: (tx: EngineConnection) => Promise<T>, options?: { immediate?: boolean }): Promise<T>;
  begin(options?: { immediate?: boolean }): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  readonly inTransaction: boolean;
  release(): void;
}

/**
 * Methods other parts of ormkit add to every engine (the ORM adds `session()`): they
 * merge into this interface by declaration and install themselves on
 * `engineExtensionPrototype`, so `engine/` imports nothing from them.
 */
export interface EngineExtensions {}

/** The prototype of every engine; see `EngineExtensions`. */
export const engineExtensionPrototype: object = {};

export interface Engine extends Executor, EngineExtensions {
  readonly url: DatabaseUrl;
  /** Borrows a connection; `site` describes the borrower in pool-exhaustion errors. */
  connect(site?: () => string): Promise<EngineConnection>;
  transaction<T>(fn: (tx: EngineConnection) => Promise<T>, options?: { immediate?: boolean }): Promise<T>;
  introspect(options?: IntrospectOptions): Promise<Schema>;
  close(): Promise<void>;
  /** Connections currently borrowed. */
  readonly connectionsInUse: number;
  readonly poolSize: number;
}

/**
 * Creates an engine for a database URL (`sqlite:///app.db`, `postgresql://…`, `mysql://…`).
 * Nothing connects until the first statement.
 */
export async function createEngine(url: string | DatabaseUrl, options: EngineOptions = {}): Promise<Engine> {
  const parsed = typeof url === 'string' ? parseUrl(url, { baseDir: options.baseDir }) : url;
  const dialect = await loadDialect(parsed.dialect);
  const driver = dialect.createDriver(parsed, { busyTimeoutMs: options.busyTimeoutMs });
  const size = Math.max(1, Math.min(options.pool?.size ?? 10, driver.maxConnections > 0 ? driver.maxConnections : Infinity));
  const pool = new Pool(driver, size, options.pool?.acquireTimeoutMs ?? 30_000);
  const log = echoFunction(options.echo);

  const borrow = async (site?: () => string): Promise<EngineConnection> => {
    const lease = await pool.acquire(site);
    return makeConnection(dialect, lease.connection, () => lease.release(), log);
  };

  const engine: Omit<Engine, keyof EngineExtensions> = {
    dialect,
    url: parsed,
    get connectionsInUse() {
      return pool.inUse;
    },
    poolSize: size,
    async execute(sql, params = []) {
      const conn = await borrow();
      try {
        return await conn.execute(sql, params);
      } finally {
        conn.release();
      }
    },
    connect: borrow,
    async transaction(fn, txOptions) {
      const conn = await borrow();
      try {
        return await conn.transaction(fn, txOptions);
      } finally {
        conn.release();
      }
    },
    async introspect(introspectOptions) {
      const conn = await borrow();
      try {
        return await dialect.introspect(conn.raw, introspectOptions);
      } finally {
        conn.release();
      }
    },
    close: () => pool.close(),
  };
  return Object.setPrototypeOf(engine, engineExtensionPrototype) as Engine;
}

function makeConnection(dialect: Dialect, raw: Connection, release: () => void, log: ((sql: string, params: readonly unknown[]) => void) | null): EngineConnection {
  let savepoints = 0;
  let released = false;
  const maxParameters = dialect.capabilities.maxParameters;
  const conn: EngineConnection = {
    dialect,
    raw,
    get inTransaction() {
      return raw.inTransaction;
    },
    execute(sql, params = []) {
      if (released) return Promise.reject(new UsageError('this connection was released to the pool; borrow a new one'));
      if (params.length > maxParameters) return Promise.reject(tooManyParameters(dialect, params.length));
      log?.(sql, params);
      return raw.query(sql, params);
    },
    queryRowSync: raw.queryRowSync
      ? (sql, params = []) => {
          if (released) throw new UsageError('this connection was released to the pool; borrow a new one');
          if (params.length > maxParameters) throw tooManyParameters(dialect, params.length);
          log?.(sql, params);
          return raw.queryRowSync!(sql, params);
        }
      : null,
    queryArrays(sql, params = []) {
      if (released) return Promise.reject(new UsageError('this connection was released to the pool; borrow a new one'));
      if (params.length > maxParameters) return Promise.reject(tooManyParameters(dialect, params.length));
      log?.(sql, params);
      if (raw.queryArrays) return raw.queryArrays(sql, params);
      // Row objects list their keys in select-list order (distinct aliases assumed).
      return raw.query(sql, params).then((r) => r.rows.map((row) => Object.values(row)));
    },
    async begin(options) {
      log?.(options?.immediate ? 'BEGIN IMMEDIATE' : 'BEGIN', []);
      await raw.begin(options);
    },
    async commit() {
      log?.('COMMIT', []);
      await raw.commit();
    },
    async rollback() {
      log?.('ROLLBACK', []);
      await raw.rollback();
    },
    async transaction(fn, options) {
      if (raw.inTransaction) {
        const name = `orm_sp_${++savepoints}`;
        await conn.execute(`SAVEPOINT ${name}`);
        try {
          const result = await fn(conn);
          await conn.execute(`RELEASE SAVEPOINT ${name}`);
          return result;
        } catch (err) {
          await conn.execute(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
          throw err;
        } finally {
          savepoints--;
        }
      }
      await conn.begin(options);
      try {
        const result = await fn(conn);
        await conn.commit();
        return result;
      } catch (err) {
        await conn.rollback().catch(() => undefined);
        throw err;
      }
    },
    release() {
      if (released) return;
      released = true;
      if (raw.inTransaction) {
        // A connection must never go back to the pool mid-transaction.
        void raw.rollback().catch(() => undefined).finally(release);
      } else {
        release();
      }
    },
  };
  return conn;
}

/**
 * A statement over the dialect's bound-parameter limit, refused before the driver: past
 * it, PostgreSQL's wire protocol breaks the message and SQLite reports "too many SQL
 * variables", while MySQL's client may still send it (so the same query differs by dialect).
 */
function tooManyParameters(dialect: Dialect, count: number): UsageError {
  return new UsageError(
    `a statement with ${count} bound values is over the ${dialect.capabilities.maxParameters} that ${dialect.name} accepts in one statement; ` +
      'split long in() lists into chunks (queries, bulk update and delete) or write rows in batches',
  );
}

function echoFunction(echo: EchoOption | undefined): ((sql: string, params: readonly unknown[]) => void) | null {
  if (!echo) return null;
  if (typeof echo === 'function') return echo;
  return (sql, params) => {
    process.stderr.write(`${sql.trim()}${params.length ? `  -- params: ${formatParams(params)}` : ''}\n`);
  };
}

/** Parameters rendered for logs: strings quoted, long values cut. */
export function formatParams(params: readonly unknown[]): string {
  return `[${params
    .map((p) => {
      if (typeof p === 'string') return JSON.stringify(p.length > 200 ? `${p.slice(0, 200)}…` : p);
      if (p instanceof Uint8Array) return `<${p.byteLength} bytes>`;
      if (p instanceof Date) return p.toISOString();
      return String(p);
    })
    .join(', ')}]`;
}

