import { randomBytes } from 'node:crypto';
import type { DatabaseUrl } from '../../engine/url.js';
import { UsageError } from '../../errors.js';
import type { Connection, Driver, ScratchDatabase } from '../dialect.js';

/** A name no other run will pick: `orm_scratch_<12 hex>`. */
export const scratchName = (): string => `orm_scratch_${randomBytes(6).toString('hex')}`;

/**
 * A scratch database on a server: `create` runs on a connection made with `near`'s
 * credentials, `url` says how to reach the new database, `drop` removes it.
 */
export async function serverScratch(
  near: DatabaseUrl | null,
  driverFor: (url: DatabaseUrl) => Driver,
  statements: { create: (name: string) => string; drop: (name: string) => string; url: (near: DatabaseUrl, name: string) => DatabaseUrl },
): Promise<ScratchDatabase> {
  if (!near) throw new UsageError('a scratch database needs the server URL (url, DATABASE_URL or --url)');
  const name = scratchName();
  const run = (sql: string) => withConnection(driverFor(near), async (conn) => void (await conn.query(sql)));
  await run(statements.create(name));
  return { url: statements.url(near, name), drop: () => run(statements.drop(name)) };
}

/** Runs `work` on a new connection of `driver`, closing it afterwards. */
export async function withConnection<T>(driver: Driver, work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await driver.connect();
  try {
    return await work(conn);
  } finally {
    await conn.close();
  }
}

/** `near` with one query parameter set, keeping `display` password-free. */
export function withParam(near: DatabaseUrl, key: string, value: string): DatabaseUrl {
  const params = { ...near.params, [key]: value };
  const query = Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return Object.freeze({ ...near, params: Object.freeze(params), display: `${near.display.replace(/\?.*$/, '')}?${query}` });
}

/** `near` pointing at another database. */
export function withDatabase(near: DatabaseUrl, database: string): DatabaseUrl {
  return Object.freeze({ ...near, database, display: near.display.replace(/\/[^/?]*(\?|$)/, `/${database}$1`) });
}
