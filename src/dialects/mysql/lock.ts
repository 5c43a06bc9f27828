import { LockError } from '../../errors.js';
import type { Connection } from '../dialect.js';
import { shortenIdentifier } from '../shared/normalize.js';

/** GET_LOCK names are limited to 64 characters (MySQL 5.7+). */
const MAX_LOCK_NAME = 64;

/**
 * Takes a named lock with GET_LOCK (https://mariadb.com/kb/en/get_lock/), held by this
 * session until released or disconnected. Lock names are server-wide, so the name
 * carries the database: two databases on one server migrate independently.
 */
export async function acquireMysqlLock(conn: Connection, options: { key: string; timeoutMs: number }): Promise<() => Promise<void>> {
  const about = (await conn.query('SELECT DATABASE() AS db, VERSION() AS version')).rows[0] ?? {};
  const name = shortenIdentifier(`${String(about.db ?? '')}.${options.key}`, MAX_LOCK_NAME);
  // GET_LOCK waits in seconds (a negative wait would mean forever). MariaDB (10.1.2+) takes
  // fractions; MySQL reads whole seconds, so it waits at least as long as asked.
  const waitMs = Math.max(0, options.timeoutMs);
  const seconds = /mariadb/i.test(String(about.version)) ? waitMs / 1000 : Math.ceil(waitMs / 1000);
  const got = (await conn.query('SELECT GET_LOCK(?, ?) AS got', [name, seconds])).rows[0]?.got;
  if (got === null || got === undefined) {
    throw new LockError(`could not take the migration lock '${options.key}': GET_LOCK failed (the server may be out of memory or the session was killed)`, { key: options.key });
  }
  if (Number(got) !== 1) {
    throw new LockError(`another session holds the migration lock '${options.key}' (waited ${options.timeoutMs} ms); wait for its migration to finish, then retry`, {
      key: options.key,
      timeoutMs: options.timeoutMs,
    });
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await conn.query('SELECT RELEASE_LOCK(?) AS released', [name]);
  };
}
