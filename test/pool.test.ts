import { describe, expect, it } from 'vitest';
import type { Connection, Driver } from '../src/dialects/dialect.js';
import { Pool } from '../src/engine/pool.js';
import { SessionError } from '../src/index.js';

/** A stand-in driver: the pool's logic is what is under test, not a database. */
function fakeDriver(): Driver & { opened: number; closed: number; conns: Array<Connection & { broken: boolean }> } {
  const d = {
    opened: 0,
    closed: 0,
    conns: [] as Array<Connection & { broken: boolean }>,
    maxConnections: 0,
    async connect() {
      d.opened++;
      const c = {
        broken: false,
        inTransaction: false,
        query: async () => ({ rows: [], rowsAffected: 0, lastInsertId: null }),
        queryMany: async () => 0,
        exec: async () => undefined,
        begin: async () => undefined,
        commit: async () => undefined,
        rollback: async () => undefined,
        close: async () => {
          d.closed++;
        },
      };
      d.conns.push(c);
      return c;
    },
  };
  return d;
}

describe('the connection pool', () => {
  it('reuses released connections and opens no more than its size', async () => {
    const d = fakeDriver();
    const pool = new Pool(d, 2, 1000);
    const a = await pool.acquire();
    const b = await pool.acquire();
    const waiting = pool.acquire();
    a.release();
    const c = await waiting;
    expect(c.connection).toBe(a.connection);
    expect(d.opened).toBe(2);
    b.release();
    c.release();
    await pool.close();
    expect(d.closed).toBe(2);
  });

  it('times out with an error naming the holders', async () => {
    const pool = new Pool(fakeDriver(), 1, 50);
    await pool.acquire(() => 'opened at report.ts:7');
    const err = await pool.acquire().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionError);
    expect((err as Error).message).toMatch(/all 1 connection\(s\) are in use after waiting 50 ms; held by: opened at report\.ts:7/);
  });

  it('discards a broken connection instead of handing it out again', async () => {
    const d = fakeDriver();
    const pool = new Pool(d, 1, 1000);
    const a = await pool.acquire();
    const waiting = pool.acquire();
    d.conns[0]!.broken = true;
    a.release();
    const b = await waiting;
    expect(b.connection).not.toBe(a.connection);
    expect(d.closed).toBe(1);
    b.release();
    const c = await pool.acquire();
    expect(c.connection).toBe(b.connection);
  });
});
