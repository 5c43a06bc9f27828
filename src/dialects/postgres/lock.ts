import { createHash } from 'node:crypto';
import { LockError } from '../../errors.js';
import type { Connection } from '../dialect.js';

const POLL_MS = 100;

/** The 64-bit advisory lock key for a lock name: the first 8 bytes of its SHA-256, signed. */
export function advisoryKey(key: string): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}

/**
 * A session-level advisory lock (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS),
 * polled with pg_try_advisory_lock so the wait is bounded and never holds a transaction
 * open. It lives as long as the session: a crashed runner's lock goes with its
 * connection. The returned function releases it on the same connection.
 */
export async function acquirePostgresLock(conn: Connection, options: { key: string; timeoutMs: number }): Promise<() => Promise<void>> {
  const id = advisoryKey(options.key).toString();
  const deadline = Date.now() + Math.max(0, options.timeoutMs);
  for (;;) {
    const { rows } = await conn.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [id]);
    if (rows[0]?.locked === true) break;
    const left = deadline - Date.now();
    if (left <= 0) throw new LockError(await lockMessage(conn, options, id), { key: options.key, timeoutMs: options.timeoutMs });
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await conn.query('SELECT pg_advisory_unlock($1::bigint)', [id]);
  };
}

/** Names the session holding the lock, when the server lets us see it. */
async function lockMessage(conn: Connection, options: { key: string; timeoutMs: number }, id: string): Promise<string> {
  const base = `migration lock '${options.key}' is held by another session; gave up after ${options.timeoutMs} ms`;
  try {
    // A bigint advisory key is stored as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
    const { rows } = await conn.query(
      `SELECT l.pid, a.application_name, a.client_addr::text AS client_addr
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND l.classid = (($1::bigint >> 32) & 4294967295)::oid AND l.objid = ($1::bigint & 4294967295)::oid
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [id],
    );
    const holder = rows[0];
    if (!holder) return base;
    const app = holder.application_name ? ` (${String(holder.application_name)}${holder.client_addr ? ` from ${String(holder.client_addr)}` : ''})` : '';
    return `${base}: held by backend pid ${String(holder.pid)}${app}`;
  } catch {
    return base;
  }
}
