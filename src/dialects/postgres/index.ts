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
import { createPostgresScratch } from './scratch.js';
import { postgresForeignKeyTypeProblem } from './foreign-key-types.js';

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
    indexNullsOrder: true,
    indexOpclasses: true,
    returning: true,
    maxIdentifierLength: PG_MAX_IDENTIFIER_BYTES,
    // A REFERENCES clause needs its table to exist: create-all adds cycle-closing keys afterwards.
    forwardForeignKeys: false,
    alterForeignKeyColumnType: true,
    maxParameters: PG_MAX_PARAMETERS,
    // PostgreSQL integer is int4.
    integerRange: { min: -(2 ** 31), max: 2 ** 31 - 1, name: 'a 32-bit integer' },
    textHoldsNul: false,
  }),
  createDriver: createPostgresDriver,
  createScratchDatabase: createPostgresScratch,
  // The extensions and their versions too: they decide which types, operator classes and functions DDL finds.
  versionQuery: `SELECT version() || coalesce((SELECT '; extensions ' || string_agg(extname || ' ' || extversion, ', ' ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'), '') AS version`,
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
  foreignKeyTypeProblem: postgresForeignKeyTypeProblem,
  upsertClause: postgresUpsertClause,
  syncKeyGenerator: syncPostgresKeyGenerator,
});
