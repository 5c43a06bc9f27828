/**
 * Test databases for every dialect. SQLite always runs; PostgreSQL and MariaDB run when
 * ORM_TEST_PG_URL / ORM_TEST_MYSQL_URL are set, each test file in its own freshly created
 * database that is dropped afterwards. Under CI=true a missing server fails the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import type { DialectName } from '../../src/dialects/dialect.js';

/** Dialects whose implementation has landed; the matrix never includes the others. */
export const IMPLEMENTED: readonly DialectName[] = ['sqlite', 'postgres', 'mysql'];

const ENV: Record<Exclude<DialectName, 'sqlite'>, string> = { postgres: 'ORM_TEST_PG_URL', mysql: 'ORM_TEST_MYSQL_URL' };

export interface DialectTarget {
  readonly dialect: DialectName;
  /** Null when the suite must be skipped; the reason says why. */
  readonly skipReason: string | null;
}

export function dialectTargets(): DialectTarget[] {
  return IMPLEMENTED.map((dialect) => {
    if (dialect === 'sqlite') return { dialect, skipReason: null };
    const url = process.env[ENV[dialect]];
    if (url) return { dialect, skipReason: null };
    if (process.env.CI === 'true') {
      throw new Error(`${ENV[dialect]} is not set but CI=true: the ${dialect} suites must run in CI`);
    }
    return { dialect, skipReason: `${ENV[dialect]} not set` };
  });
}

export function serverAvailability(): string[] {
  return dialectTargets().map((t) => (t.skipReason ? `[ormkit tests] SKIPPING ${t.dialect} suites: ${t.skipReason}` : `[ormkit tests] running ${t.dialect} suites`));
}

export interface TestDatabase {
  readonly dialect: DialectName;
  readonly url: string;
  /** Database (server) or file (SQLite) name, unique to this run. */
  readonly name: string;
  drop(): Promise<void>;
}

const uniqueName = (): string => `orm_t_${process.pid}_${randomBytes(4).toString('hex')}`;

/** Creates an empty database for one test file (or one test) and returns its URL. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const name = uniqueName();
  switch (dialect) {
    case 'sqlite': {
      const dir = mkdtempSync(join(tmpdir(), 'ormkit-'));
      return {
        dialect,
        name,
        url: `sqlite:///${join(dir, `${name}.db`)}`, // join() is absolute: four slashes
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    case 'postgres': {
      const base = process.env.ORM_TEST_PG_URL!;
      await serverAdmin(dialect, base, `CREATE DATABASE "${name}"`);
      return {
        dialect,
        name,
        url: withDatabase(base, name),
        drop: () => serverAdmin(dialect, base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      };
    }
    case 'mysql': {
      const base = process.env.ORM_TEST_MYSQL_URL!;
      await serverAdmin(dialect, base, `CREATE DATABASE \`${name}\``);
      return {
        dialect,
        name,
        url: withDatabase(base, name),
        drop: () => serverAdmin(dialect, base, `DROP DATABASE IF EXISTS \`${name}\``),
      };
    }
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Runs one administrative statement with the raw driver (independent of our dialects). */
async function serverAdmin(dialect: 'postgres' | 'mysql', url: string, sql: string): Promise<void> {
  if (dialect === 'postgres') {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  } else {
    const mysql = await import('mysql2/promise');
    const conn = await mysql.createConnection(url);
    try {
      await conn.query(sql);
    } finally {
      await conn.end();
    }
  }
}


/**
 * Declares one `describe` block per implemented dialect. Skipped server dialects show up
 * in the report with the reason, so a missing server is visible rather than silent.
 */
export function describeDialects(title: string, body: (dialect: DialectName) => void): void {
  for (const target of dialectTargets()) {
    const label = `${title} [${target.dialect}]`;
    if (target.skipReason) describe.skip(`${label} (skipped: ${target.skipReason})`, () => body(target.dialect));
    else describe(label, () => body(target.dialect));
  }
}

/** A fresh database for the enclosing describe block, dropped after it. */
export function useTestDatabase(dialect: DialectName): () => TestDatabase {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });
  return () => {
    if (!db) throw new Error('test database not created yet (use it inside a test or hook)');
    return db;
  };
}
