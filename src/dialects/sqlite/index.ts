import { parseUrl } from '../../engine/url.js';
import type { Dialect } from '../dialect.js';
import { shortenIdentifier } from '../shared/normalize.js';
import { quoteSqlite, sqliteDdl, sqliteLiteral } from './ddl.js';
import { createSqliteDriver, UNICODE_LOWER } from './driver.js';
import { translateSqliteError } from './errors.js';
import { introspectSqlite } from './introspect.js';
import { normalizeSqlite } from './normalize.js';
import { readDependentObjects } from './objects.js';
import { planSqlite } from './plan.js';
import { sqliteColumnType } from './types.js';
import { sqliteUpsertClause } from './upsert.js';
import { decodeSqlite, encodeSqlite, sqliteCodec } from './values.js';

/** The embedded default: better-sqlite3, no server. */
export const sqliteDialect: Dialect = Object.freeze({
  name: 'sqlite',
  capabilities: Object.freeze({
    transactionalDdl: true,
    alterColumn: false,
    comments: false,
    namedEnums: false,
    partialIndexes: true,
    indexMethods: [],
    expressionIndexes: true,
    returning: true,
    maxIdentifierLength: 0,
    forwardForeignKeys: true,
    // Type changes rebuild the table, foreign keys and all.
    alterForeignKeyColumnType: true,
    // SQLITE_MAX_VARIABLE_NUMBER is 32766 since 3.32.
    maxParameters: 32766,
    // A rowid table gives each new row max(rowid) + 1 while the writer holds the lock, so a
    // multi-row INSERT's rows get consecutive rowids ending at last_insert_rowid()
    // (https://www.sqlite.org/autoinc.html). Cheaper than RETURNING, which buffers rows.
    // (Not so once a row holds rowid 9223372036854775807 — SQLite then picks at random —
    // or when a trigger inserts into the same table.)
    insertIdRange: 'last',
  }),
  createDriver: createSqliteDriver,
  versionQuery: "SELECT 'sqlite ' || sqlite_version() AS version",
  quoteIdentifier: quoteSqlite,
  placeholder: () => '?',
  literal: sqliteLiteral,
  columnType: sqliteColumnType,
  ddl: sqliteDdl,
  introspect: introspectSqlite,
  normalize: normalizeSqlite,
  translateError: translateSqliteError,
  shortenIdentifier: (name: string) => shortenIdentifier(name, 0),
  plan: planSqlite,
  readDependentObjects,
  // Writers serialize on BEGIN IMMEDIATE plus the busy timeout; the runner re-reads the
  // version table inside each migration's transaction, so there is no separate lock.
  acquireMigrationLock: async () => async () => undefined,
  // An in-memory database lives as long as its one connection: nothing to drop.
  createScratchDatabase: async () => ({ url: parseUrl('sqlite://:memory:'), drop: async () => undefined }),
  // SQLite's LIKE has no escape character unless told: backslash, as PostgreSQL and MySQL.
  like: (left: string, right: string) => `${left} LIKE ${right} ESCAPE '\\'`,
  // SQLite's LIKE ignores ASCII case only: both sides folded by the connection's Unicode lower().
  ilike: (left: string, right: string) => `${UNICODE_LOWER}(${left}) LIKE ${UNICODE_LOWER}(${right}) ESCAPE '\\'`,
  defaultValuesClause: 'DEFAULT VALUES',
  limitClause: (limit: number | null, offset: number | null) =>
    limit === null && offset === null ? '' : `LIMIT ${limit ?? -1}${offset ? ` OFFSET ${offset}` : ''}`,
  encodeValue: encodeSqlite,
  decodeValue: decodeSqlite,
  valueCodec: sqliteCodec,
  upsertClause: sqliteUpsertClause,
});
