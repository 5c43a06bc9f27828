import type { DatabaseUrl } from '../../engine/url.js';
import type { Dialect } from '../dialect.js';
import { postgresDdl } from './ddl.js';
import { createPostgresDriver } from './driver.js';
import { translatePostgresError } from './errors.js';
import { PG_MAX_IDENTIFIER_BYTES, quotePg, shortenPg } from './identifiers.js';
import { introspectPostgres } from './introspect.js';
import { postgresLiteral } from './literal.js';
import { acquirePostgresLock } from './lock.js';
import { normalizePostgres } from './normalize.js';
import { planPostgres } from './plan.js';
import { PG_MAX_PARAMETERS } from './plan-bulk-insert.js';
import { postgresColumnType } from './types.js';
import { decodePostgres, encodePostgres, postgresCodec } from './values.js';
import { postgresUpsertClause } from './upsert.js';
import { syncPostgresKeyGenerator } from './key-generator.js';
import { serverScratch, withParam } from '../shared/scratch.js';

/** PostgreSQL through `pg`: named enums, transactional DDL, identity columns, advisory locks. */
export const postgresDialect: Dialect = Object.freeze({
  name: 'postgres',
  capabilities: Object.freeze({
    transactionalDdl: true,
    alterColumn: true,
    comments: true,
    namedEnums: true,
    partialIndexes: true,
    // Built in; extensions add more (bloom, pgvector's hnsw), which `using` accepts too.
    indexMethods: ['hash', 'gin', 'gist', 'brin', 'spgist'],
    expressionIndexes: true,
    returning: true,
    maxIdentifierLength: PG_MAX_IDENTIFIER_BYTES,
    // A REFERENCES clause needs its table to exist: create-all adds cycle-closing keys afterwards.
    forwardForeignKeys: false,
    alterForeignKeyColumnType: true,
    maxParameters: PG_MAX_PARAMETERS,
  }),
  createDriver: createPostgresDriver,
  // A scratch schema in the same database needs no CREATEDB privilege and takes its enum types with it.
  createScratchDatabase: (near: DatabaseUrl | null) =>
    serverScratch(near, (url) => createPostgresDriver(url, {}), {
      create: (name) => `CREATE SCHEMA ${quotePg(name)}`,
      drop: (name) => `DROP SCHEMA IF EXISTS ${quotePg(name)} CASCADE`,
      url: (url, name) => withParam(url, 'schema', name),
    }),
  versionQuery: 'SELECT version() AS version',
  quoteIdentifier: quotePg,
  placeholder: (index: number) => `$${index}`,
  literal: postgresLiteral,
  columnType: postgresColumnType,
  ddl: postgresDdl,
  introspect: introspectPostgres,
  normalize: normalizePostgres,
  translateError: translatePostgresError,
  shortenIdentifier: shortenPg,
  plan: planPostgres,
  acquireMigrationLock: acquirePostgresLock,
  like: (left: string, right: string) => `${left} LIKE ${right}`,
  ilike: (left: string, right: string) => `${left} ILIKE ${right}`,
  defaultValuesClause: 'DEFAULT VALUES',
  limitClause: (limit: number | null, offset: number | null) =>
    [limit === null ? '' : `LIMIT ${limit}`, offset ? `OFFSET ${offset}` : ''].filter(Boolean).join(' '),
  encodeValue: encodePostgres,
  decodeValue: decodePostgres,
  valueCodec: postgresCodec,
  upsertClause: postgresUpsertClause,
  syncKeyGenerator: syncPostgresKeyGenerator,
});
