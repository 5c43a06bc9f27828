import type { OrmError } from '../errors.js';
import type { ColumnType, Index, LiteralValue, Schema, Table } from '../schema/ir.js';
import type { DatabaseUrl } from '../engine/url.js';

/** What a statement returned. `rows` is empty for statements that return none. */
export interface QueryResult {
  readonly rows: Record<string, unknown>[];
  /** Rows inserted, updated or deleted (0 for DDL and SELECT). */
  readonly rowsAffected: number;
  /** Generated key of the last inserted row, where the driver reports one. */
  readonly lastInsertId: number | bigint | null;
}

/**
 * One physical connection, used by one caller at a time (the pool guarantees it).
 * Implementations translate driver errors with `Dialect.translateError`.
 */
export interface Connection {
  query(sql: string, params?: readonly unknown[]): Promise<QueryResult>;
  /**
   * Runs a statement many times with different parameters (bulk insert fast path).
   * Returns the total of rows affected.
   */
  queryMany(sql: string, paramSets: readonly (readonly unknown[])[]): Promise<number>;
  /** Several `;`-separated statements without parameters (scripts, corpus loads). */
  exec(script: string): Promise<void>;
  begin(options?: { immediate?: boolean }): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
  /** True when the driver reports an open transaction on this connection. */
  readonly inTransaction: boolean;
}

export interface DriverOptions {
  /** Upper bound of open connections (SQLite: always 1 per engine). */
  readonly poolSize?: number;
  /** Milliseconds a caller waits for a free connection before a SessionError. */
  readonly acquireTimeoutMs?: number;
  /** Milliseconds SQLite waits on a locked database before SQLITE_BUSY. */
  readonly busyTimeoutMs?: number;
}

/** Opens physical connections; pooling is the engine's job. */
export interface Driver {
  connect(): Promise<Connection>;
  /** Effective pool size for this URL (a SQLite `:memory:` database allows exactly one). */
  readonly maxConnections: number;
}

/** Features that differ between databases; code outside `dialects/` asks these, never the name. */
export interface Capabilities {
  /** DDL runs inside transactions and rolls back with them. */
  readonly transactionalDdl: boolean;
  /** `ALTER TABLE … ALTER COLUMN` and constraint changes in place (SQLite: no, rebuild instead). */
  readonly alterColumn: boolean;
  /** Table and column comments are stored. */
  readonly comments: boolean;
  /** Named enum types (`CREATE TYPE`, PostgreSQL); otherwise enums are inline. */
  readonly namedEnums: boolean;
  /** Partial indexes (`CREATE INDEX … WHERE`). */
  readonly partialIndexes: boolean;
  /** `INSERT … RETURNING`. */
  readonly returning: boolean;
  /** Longest identifier in bytes; 0 for no limit. */
  readonly maxIdentifierLength: number;
  /** A foreign key may name a table created later (so cycles need no ALTER). */
  readonly forwardForeignKeys: boolean;
  /** Most bound parameters in one statement. */
  readonly maxParameters: number;
}

export interface IntrospectOptions {
  /** Tables never reported (the version table). */
  readonly exclude?: readonly string[];
  /** Only these tables, when given. */
  readonly only?: readonly string[];
}

/** Turns schema IR into DDL. Each method returns statements in execution order. */
export interface DdlCompiler {
  /** CREATE TABLE with columns, primary key, unique/check/foreign key constraints (and what the dialect needs first, e.g. enum types). */
  createTable(table: Table, options?: { omitForeignKeys?: readonly string[] }): string[];
  dropTable(table: Table): string[];
  createIndex(table: string, index: Index): string[];
  dropIndex(table: string, index: Index): string[];
  /** ALTER TABLE … ADD CONSTRAINT for a foreign key omitted from createTable (cycles). */
  addForeignKey(table: string, fk: Table['foreignKeys'][number]): string[];
}

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

/**
 * Everything engine-specific. A check like `dialect.name === 'sqlite'` outside
 * `src/dialects/` is a design bug: add a capability or a method here instead.
 */
export interface Dialect {
  readonly name: DialectName;
  readonly capabilities: Capabilities;
  createDriver(url: DatabaseUrl, options: DriverOptions): Driver;
  /** Quotes an identifier, doubling embedded quote characters. */
  quoteIdentifier(name: string): string;
  /** Bound parameter placeholder for the 1-based position `index`. */
  placeholder(index: number): string;
  /** A SQL literal for DDL defaults and offline scripts (never for query values). */
  literal(value: LiteralValue, type?: ColumnType): string;
  /** The column type as written in DDL. */
  columnType(type: ColumnType): string;
  readonly ddl: DdlCompiler;
  /** Reads the live schema. Never walks foreign keys recursively. */
  introspect(conn: Connection, options?: IntrospectOptions): Promise<Schema>;
  /** Makes model IR and introspected IR comparable: equal schemas become deep-equal. */
  normalize(schema: Schema): Schema;
  /** Maps a driver error to IntegrityError / DatabaseError / ConnectionError with the SQL attached. */
  translateError(err: unknown, sql: string): OrmError;
  /** Shortens an identifier past `maxIdentifierLength` deterministically (hash suffix). */
  shortenIdentifier(name: string): string;
}
