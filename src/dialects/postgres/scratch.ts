/**
 * PostgreSQL's scratch database for `orm check`'s replay. Preferred: a new database with
 * the source database's extensions (same schema, same version) and search_path, so
 * migrations that use citext, gin_trgm_ops or uuid_generate_v4() replay as they ran, and
 * nothing they do can reach the source's tables. A role that may not create databases
 * (or a server that refuses the extensions there) gets a scratch schema in the source
 * database instead, whose search_path holds only that schema: the database's extensions
 * are out of sight there, and a replay failing on one of their objects says so.
 */
import type { DatabaseUrl } from '../../engine/url.js';
import { OrmError, UsageError } from '../../errors.js';
import type { Connection, ScratchDatabase } from '../dialect.js';
import { scratchName, serverScratch, withConnection as withConnectionOf, withDatabase, withParam } from '../shared/scratch.js';
import { createPostgresDriver } from './driver.js';
import { quotePg } from './identifiers.js';
import { postgresLiteral } from './literal.js';
import { explainMissingExtensionObject } from './scratch-explain.js';

/** An extension installed in the source database. */
export interface InstalledExtension {
  readonly name: string;
  readonly schema: string;
  readonly version: string;
}

/** What the source database says about itself, read once per scratch. */
interface SourceFacts {
  readonly role: string;
  readonly canCreateDatabase: boolean;
  readonly searchPath: string;
  /** The schemas of the search_path that exist (current_schemas(false)). */
  readonly schemas: readonly string[];
  readonly encoding: string;
  readonly collate: string;
  readonly ctype: string;
  readonly versionNum: number;
  readonly extensions: readonly InstalledExtension[];
}

const FACTS_SQL = `SELECT current_user AS role, r.rolsuper OR r.rolcreatedb AS can_create,
  current_setting('search_path') AS search_path, current_schemas(false)::text[] AS schemas,
  pg_encoding_to_char(d.encoding) AS encoding, d.datcollate AS "collate", d.datctype AS ctype,
  current_setting('server_version_num')::int AS version_num
FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`;

// plpgsql is in every database already; creation order (oid) puts an extension after those it requires.
const EXTENSIONS_SQL = `SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql' ORDER BY e.oid`;

/** Runs `work` on a new connection to `url`, closing it afterwards. */
const withConnection = <T>(url: DatabaseUrl, work: (conn: Connection) => Promise<T>): Promise<T> => withConnectionOf(createPostgresDriver(url, {}), work);

async function readFacts(near: DatabaseUrl): Promise<SourceFacts> {
  return withConnection(near, async (conn) => {
    const row = (await conn.query(FACTS_SQL)).rows[0]!;
    const extensions = (await conn.query(EXTENSIONS_SQL)).rows.map((r) => ({ name: String(r.name), schema: String(r.schema), version: String(r.version) }));
    return {
      role: String(row.role),
      canCreateDatabase: row.can_create === true,
      searchPath: String(row.search_path),
      schemas: (row.schemas as string[] | null) ?? [],
      encoding: String(row.encoding),
      collate: String(row.collate),
      ctype: String(row.ctype),
      versionNum: Number(row.version_num),
      extensions,
    };
  });
}

/** A scratch database (or, failing that, a scratch schema) beside the database `near` names. */
export async function createPostgresScratch(near: DatabaseUrl | null): Promise<ScratchDatabase> {
  if (!near) throw new UsageError('a scratch database needs the server URL (url, DATABASE_URL or --url)');
  const facts = await readFacts(near);
  let refusal = `the role ${quotePg(facts.role)} may not create databases`;
  if (facts.canCreateDatabase) {
    try {
      return await scratchDatabase(near, facts);
    } catch (err) {
      if (!(err instanceof OrmError)) throw err;
      refusal = `a scratch database with them could not be made: ${err.message.split('\n')[0]}`;
    }
  }
  const scratch = await serverScratch(near, (url) => createPostgresDriver(url, {}), {
    create: (name) => `CREATE SCHEMA ${quotePg(name)}`,
    drop: (name) => `DROP SCHEMA IF EXISTS ${quotePg(name)} CASCADE`,
    url: (url, name) => withParam(url, 'schema', name),
  });
  const advice = facts.canCreateDatabase ? refusal : `${refusal}: let it (ALTER ROLE ${quotePg(facts.role)} CREATEDB) and orm check replays into a scratch database that has them`;
  return {
    ...scratch,
    explainFailure: (err) => (facts.extensions.length ? withConnection(near, (conn) => explainMissingExtensionObject(conn, err, advice)) : Promise.resolve(undefined)),
  };
}

/**
 * A new database like the source: its encoding and locale, its extensions in their schemas
 * at their versions, the schemas of its search_path, and that search_path as the default.
 * Anything that fails on the way drops it again and throws.
 */
async function scratchDatabase(near: DatabaseUrl, facts: SourceFacts): Promise<ScratchDatabase> {
  const name = scratchName();
  const lit = (s: string) => postgresLiteral(s);
  await withConnection(near, (conn) =>
    conn.query(`CREATE DATABASE ${quotePg(name)} TEMPLATE template0 ENCODING ${lit(facts.encoding)} LC_COLLATE ${lit(facts.collate)} LC_CTYPE ${lit(facts.ctype)}`),
  );
  // WITH (FORCE) (PostgreSQL 13+) ends a session the replay may have left behind.
  const force = facts.versionNum >= 130000 ? ' WITH (FORCE)' : '';
  const drop = () => withConnection(near, async (conn) => void (await conn.query(`DROP DATABASE IF EXISTS ${quotePg(name)}${force}`)));
  const url = withDatabase(near, name);
  try {
    await withConnection(url, async (conn) => {
      const schemas = new Set([...facts.schemas, ...facts.extensions.map((e) => e.schema)]);
      for (const schema of schemas) if (schema !== 'pg_catalog') await conn.query(`CREATE SCHEMA IF NOT EXISTS ${quotePg(schema)}`);
      for (const e of facts.extensions) await conn.query(`CREATE EXTENSION IF NOT EXISTS ${quotePg(e.name)} WITH SCHEMA ${quotePg(e.schema)} VERSION ${lit(e.version)}`);
      // Bound, so the server checks it as a search_path before it becomes the database's default.
      await conn.query(`SELECT set_config('search_path', $1, false)`, [facts.searchPath]);
      await conn.query(`ALTER DATABASE ${quotePg(name)} SET search_path FROM CURRENT`);
    });
  } catch (err) {
    await drop().catch(() => undefined);
    throw err;
  }
  return { url, drop };
}
