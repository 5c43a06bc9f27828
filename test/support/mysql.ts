/**
 * Helpers for the MySQL-only suites: they run when ORM_TEST_MYSQL_URL is set (and must
 * under CI=true), each file in its own database from `useTestDatabase`.
 */
import { describe } from 'vitest';
import type { Engine, EngineConnection } from '../../src/index.js';
import { dialectTargets } from './databases.js';

/** A `describe` that runs only against a MySQL/MariaDB server, skipped visibly otherwise. */
export function describeMysql(title: string, body: () => void): void {
  const target = dialectTargets().find((t) => t.dialect === 'mysql');
  const reason = target ? target.skipReason : 'the mysql dialect is not in IMPLEMENTED';
  if (reason) describe.skip(`${title} [mysql] (skipped: ${reason})`, body);
  else describe(`${title} [mysql]`, body);
}

/** The server URL with a different database (or the same one with a password added, etc.). */
export function serverUrl(change: (u: URL) => void): string {
  const u = new URL(process.env.ORM_TEST_MYSQL_URL!);
  change(u);
  return u.toString();
}

/** Runs statements (with their parameters) on one borrowed connection, in order. */
export async function runAll(engine: Engine, statements: readonly { sql: string; params?: readonly unknown[] }[]): Promise<void> {
  const conn: EngineConnection = await engine.connect();
  try {
    for (const s of statements) await conn.execute(s.sql, s.params ?? []);
  } finally {
    conn.release();
  }
}
