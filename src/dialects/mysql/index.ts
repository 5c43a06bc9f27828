import type { DatabaseUrl } from '../../engine/url.js';
import type { Dialect } from '../dialect.js';
import { MAX_PARAMETERS } from './bulk-insert.js';
import { mysqlDdl } from './ddl.js';
import { createMysqlDriver } from './driver.js';
import { translateMysqlError } from './errors.js';
import { introspectMysql } from './introspect.js';
import { mysqlLiteral, quoteMysql } from './literal.js';
import { acquireMysqlLock } from './lock.js';
import { MAX_IDENTIFIER_LENGTH, shortName } from './names.js';
import { normalizeMysql } from './normalize.js';
import { planMysql } from './plan.js';
import { mysqlColumnType } from './types.js';
import { decodeMysql, encodeMysql, mysqlCodec } from './values.js';
import { mysqlUpsertClause } from './upsert.js';
import { serverScratch, withDatabase } from '../shared/scratch.js';

/**
 * The largest LIMIT MySQL takes; an OFFSET alone needs one
 * (https://dev.mysql.com/doc/refman/8.0/en/select.html#select-limit).
 */
const NO_LIMIT = '18446744073709551615';

/**
 * MySQL (8.0.19+) and MariaDB (10.5+: RENAME COLUMN, DROP CONSTRAINT, CHECK and
 * expression defaults) through mysql2. The test suite runs on MariaDB.
 */
export const mysqlDialect: Dialect = Object.freeze({
  name: 'mysql',
  capabilities: Object.freeze({
    // DDL commits implicitly: a failed migration leaves its earlier statements applied.
    transactionalDdl: false,
    alterColumn: true,
    comments: true,
    namedEnums: false,
    partialIndexes: false,
    // USING HASH is accepted (and checked), but InnoDB builds a B-tree all the same.
    indexMethods: [],
    // MariaDB has none; MySQL 8.0.13's functional key parts are not read back yet.
    expressionIndexes: false,
    returning: false,
    maxIdentifierLength: MAX_IDENTIFIER_LENGTH,
    forwardForeignKeys: false,
    alterForeignKeyColumnType: false,
    maxParameters: MAX_PARAMETERS,
    // No RETURNING, but a multi-row INSERT's generated keys run consecutively from
    // LAST_INSERT_ID(), the first of them, under innodb_autoinc_lock_mode ≤ 1 with a step
    // of 1; each connection checks its server (`consecutiveInsertIds`) when it opens.
    insertIdRange: 'first',
    // ON DUPLICATE KEY UPDATE has no conflict target (see upsert.ts).
    upsertOnAnyUniqueKey: true,
  }),
  createDriver: createMysqlDriver,
  // In MySQL a schema is a database.
  createScratchDatabase: (near: DatabaseUrl | null) =>
    serverScratch(near, (url) => createMysqlDriver(url, {}), {
      create: (name) => `CREATE DATABASE ${quoteMysql(name)}`,
      drop: (name) => `DROP DATABASE IF EXISTS ${quoteMysql(name)}`,
      url: withDatabase,
    }),
  versionQuery: 'SELECT VERSION() AS version',
  quoteIdentifier: quoteMysql,
  placeholder: () => '?',
  literal: mysqlLiteral,
  columnType: mysqlColumnType,
  ddl: mysqlDdl,
  introspect: introspectMysql,
  normalize: normalizeMysql,
  translateError: translateMysqlError,
  shortenIdentifier: shortName,
  plan: planMysql,
  acquireMigrationLock: acquireMysqlLock,
  // LIKE follows the column's collation, which may be case-sensitive (binary, utf8mb4_bin):
  // LOWER on both sides makes it case-insensitive whatever the collation.
  like: (left: string, right: string) => `${left} LIKE ${right}`,
  ilike: (left: string, right: string) => `LOWER(${left}) LIKE LOWER(${right})`,
  defaultValuesClause: '() VALUES ()',
  limitClause: (limit: number | null, offset: number | null) =>
    limit === null && offset === null ? '' : `LIMIT ${limit ?? NO_LIMIT}${offset ? ` OFFSET ${offset}` : ''}`,
  encodeValue: encodeMysql,
  decodeValue: decodeMysql,
  valueCodec: mysqlCodec,
  upsertClause: mysqlUpsertClause,
});
