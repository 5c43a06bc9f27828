import type { OrmError } from '../errors.js';
import type { ColumnType, Index, LiteralValue, Schema, Table } from '../schema/ir.js';
import type { DatabaseUrl } from '../engine/url.js';
import type { Operation, PlannedStatement } from '../ops/operations.js';

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
   * A SELECT's rows as arrays, in select-list order: the fast path for large results (no
   * per-row objects keyed by column name). Optional; callers fall back to `query`.
   */
  queryArrays?(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /**
   * The first row of a SELECT as an array (null when there is none), without a promise,
   * for drivers that are synchronous anyway (better-sqlite3): awaiting costs about as
   * much as a point lookup by key. Optional.
   */
  queryRowSync?(sql: string, params?: readonly unknown[]): unknown[] | null;
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
  /** True once the connection is unusable (server gone); the pool discards it instead of reusing it. */
  readonly broken?: boolean;
  /**
   * False when this connection's server does not keep the promise of
   * `Capabilities.insertIdRange` (MySQL: `innodb_autoinc_lock_mode` 2 — MySQL 8's
   * default — or `auto_increment_increment` ≠ 1), as read when the connection opened;
   * sessions then insert generated-key rows one by one. Absent: the capability holds.
   */
  readonly consecutiveInsertIds?: boolean;
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
  /** Index access methods a model may name in `using` that the database keeps apart from B-tree (none: it has one kind). */
  readonly indexMethods: readonly string[];
  /** Index keys that are expressions (`lower(email)`). */
  readonly expressionIndexes: boolean;
  /** `INSERT … RETURNING`. */
  readonly returning: boolean;
  /** Longest identifier in bytes; 0 for no limit. */
  readonly maxIdentifierLength: number;
  /** A foreign key may name a table created later (so cycles need no ALTER). */
  readonly forwardForeignKeys: boolean;
  /**
   * A column a foreign key uses, at either end, can change its type while the key exists.
   * Where it cannot (MySQL/MariaDB refuse with errors 1832/1833, even a longer varchar),
   * the diff drops the key before the change and adds it again after.
   */
  readonly alterForeignKeyColumnType: boolean;
  /** Most bound parameters in one statement. */
  readonly maxParameters: number;
  /**
   * Where the keys a multi-row INSERT generated lie, when the database guarantees them
   * consecutive (the statement gives no key values of its own): ending at `lastInsertId`
   * (`'last'`) or starting there (`'first'`, MySQL with innodb_autoinc_lock_mode ≤ 1 and
   * auto_increment_increment = 1; a connection whose server is set up otherwise says so
   * with `Connection.consecutiveInsertIds`). Leave it out unless guaranteed: sessions then
   * use RETURNING, or insert row by row.
   */
  readonly insertIdRange?: 'first' | 'last';
  /**
   * The upsert clause cannot name its conflict target: a row colliding on any unique key
   * updates (or keeps) the row it collides with (MySQL's ON DUPLICATE KEY UPDATE). Writers
   * then check that every upserted key exists afterwards, so a row that landed on another
   * row fails as it would elsewhere instead of changing that row.
   */
  readonly upsertOnAnyUniqueKey?: boolean;
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

/** A trigger or view that a table rebuild must recreate (SQLite: a row of `sqlite_schema`). */
export interface DependentObject {
  readonly type: 'trigger' | 'view';
  readonly name: string;
  /** The table a trigger is on (for a view, the view itself). */
  readonly tableName: string;
  readonly sql: string;
}

/** What a planner knows while turning one operation into SQL. */
export interface PlanContext {
  /** The schema as it is just before this operation (introspected, then updated op by op). */
  readonly schema: Schema;
  /**
   * Optional: the triggers and views of the database, read before planning with
   * `Dialect.readDependentObjects`. A SQLite table rebuild drops the table's triggers;
   * with this list it recreates them, without it the rebuild fails at run time rather
   * than lose one. Dialects that alter in place ignore it.
   */
  readonly dependentObjects?: readonly DependentObject[];
}

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

/** A throwaway database made by `Dialect.createScratchDatabase`. */
export interface ScratchDatabase {
  readonly url: DatabaseUrl;
  /** Removes the database and everything in it. */
  drop(): Promise<void>;
}

/** What `Dialect.upsertClause` needs to write the conflict clause of a multi-row INSERT. */
export interface UpsertSpec {
  readonly table: string;
  /** The INSERT's column list, in order. */
  readonly insertColumns: readonly string[];
  /**
   * The primary key or unique constraint whose collision turns the insert into an update.
   * Callers never propose one key twice in one statement (PostgreSQL refuses that).
   * MySQL cannot name a target: there a collision on any unique key updates.
   */
  readonly conflictColumns: readonly string[];
  /**
   * Columns the colliding row takes from the inserted row; may include columns missing
   * from `insertColumns` (they take the row's defaults). Empty: keep the existing row.
   */
  readonly updateColumns: readonly string[];
}

/** One column type's value conversions; see `Dialect.valueCodec`. */
export interface ValueCodec {
  /**
   * A valid non-null JS value → what the driver binds; null when every value the type's
   * validator accepts is bound as it is (callers then skip the call).
   */
  readonly encode: ((value: unknown) => unknown) | null;
  /** What the driver returned (null included) → the JS value, as `decodeValue` would. */
  readonly decode: (value: unknown) => unknown;
}

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
  /**
   * Plans one schema operation as SQL statements (ALTER, or a table rebuild where the
   * database cannot alter in place). Pure: no I/O.
   */
  plan(op: Operation, context: PlanContext): PlannedStatement[];
  /** Optional: reads what `PlanContext.dependentObjects` lists (dialects whose planner rebuilds tables). */
  readDependentObjects?(conn: Connection): Promise<DependentObject[]>;
  /**
   * Takes the migration lock for this connection (PostgreSQL advisory lock, MySQL
   * GET_LOCK); waits up to `timeoutMs`, then throws LockError. Returns the release.
   * SQLite returns at once: its runner serializes on BEGIN IMMEDIATE instead.
   */
  acquireMigrationLock(conn: Connection, options: { key: string; timeoutMs: number }): Promise<() => Promise<void>>;
  /**
   * Optional: an empty throwaway database of this dialect, reachable with the credentials
   * of `near` when given (`orm check` replays every migration into it). SQLite: an
   * in-memory database; servers: a uniquely named database or schema, dropped by `drop()`.
   */
  createScratchDatabase?(near: DatabaseUrl | null): Promise<ScratchDatabase>;
  /**
   * Optional: a query whose one row's first column names the database engine and its
   * version. What a database makes of the same DDL can change between versions, so
   * results kept between runs (`orm check`'s replay) are keyed by it.
   */
  readonly versionQuery?: string;
  /**
   * LIKE over two compiled operands, with backslash escaping `%`, `_` and itself in the
   * pattern (the default on PostgreSQL and MySQL; SQLite needs an ESCAPE clause).
   */
  like(left: string, right: string): string;
  /** Case-insensitive LIKE over two compiled operands (ILIKE on PostgreSQL), escaping as `like`. */
  ilike(left: string, right: string): string;
  /** What follows `INSERT INTO t` for a row of defaults only (`DEFAULT VALUES`; MySQL: `() VALUES ()`). */
  readonly defaultValuesClause: string;
  /** `LIMIT … OFFSET …` for validated non-negative integers (either may be null); '' for neither. */
  limitClause(limit: number | null, offset: number | null): string;
  /**
   * A JS value of a column's type → what the driver binds (json → text, Date → the
   * dialect's timestamp form, …). Values already in driver form pass through.
   */
  encodeValue(value: unknown, type: ColumnType): unknown;
  /**
   * What the driver returned → the JS value of the column's type: integer/real → number,
   * bigint → number when safe else bigint, numeric → string, boolean → boolean,
   * date → 'YYYY-MM-DD', timestamp → Date, json → parsed value, blob → Buffer,
   * uuid/enum/text/varchar → string, custom → as returned. null stays null.
   */
  decodeValue(value: unknown, type: ColumnType): unknown;
  /**
   * `encodeValue` and `decodeValue` for one column type, resolved once (the ORM asks once
   * per mapped column instead of switching on the type per value).
   */
  valueCodec(type: ColumnType): ValueCodec;
  /**
   * The clause appended to `INSERT INTO t (…) VALUES (…), (…)` that turns a collision on
   * `conflictColumns` into an update of `updateColumns` from the inserted row (SQLite and
   * PostgreSQL: `ON CONFLICT (…) DO UPDATE SET c = excluded.c` / `DO NOTHING`; MySQL:
   * `ON DUPLICATE KEY UPDATE c = VALUES(c)`), without a leading space. Identifiers quoted
   * by the dialect, no parameters. Absent: the database has no upsert, and
   * `orm seed --mode upsert` says so.
   */
  upsertClause?(spec: UpsertSpec): string;
  /**
   * Optional: a statement that moves the key generator of an auto-increment column past
   * the largest key in the table, run after rows were inserted with explicit values for
   * that column. PostgreSQL identity and serial sequences ignore such values, so the next
   * generated key would collide with them; SQLite and MySQL move on by themselves and
   * leave this out. It never moves a generator backwards.
   */
  syncKeyGenerator?(table: string, column: string): { readonly sql: string; readonly params: readonly unknown[] };
}
