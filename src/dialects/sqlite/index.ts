import type { Dialect } from '../dialect.js';
import { shortenIdentifier } from '../shared/normalize.js';
import { quoteSqlite, sqliteDdl, sqliteLiteral } from './ddl.js';
import { createSqliteDriver } from './driver.js';
import { translateSqliteError } from './errors.js';
import { introspectSqlite } from './introspect.js';
import { normalizeSqlite } from './normalize.js';
import { sqliteColumnType } from './types.js';

/** The embedded default: better-sqlite3, no server. */
export const sqliteDialect: Dialect = Object.freeze({
  name: 'sqlite',
  capabilities: Object.freeze({
    transactionalDdl: true,
    alterColumn: false,
    comments: false,
    namedEnums: false,
    partialIndexes: true,
    returning: true,
    maxIdentifierLength: 0,
    forwardForeignKeys: true,
    // SQLITE_MAX_VARIABLE_NUMBER is 32766 since 3.32.
    maxParameters: 32766,
  }),
  createDriver: createSqliteDriver,
  quoteIdentifier: quoteSqlite,
  placeholder: () => '?',
  literal: sqliteLiteral,
  columnType: sqliteColumnType,
  ddl: sqliteDdl,
  introspect: introspectSqlite,
  normalize: normalizeSqlite,
  translateError: translateSqliteError,
  shortenIdentifier: (name: string) => shortenIdentifier(name, 0),
});
