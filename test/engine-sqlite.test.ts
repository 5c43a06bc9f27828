import { describe, expect, it } from 'vitest';
import { DatabaseError, IntegrityError, SessionError, createEngine } from '../src/index.js';

describe('the engine on SQLite', () => {
  it('enforces foreign keys on every connection', async () => {
    const e = await createEngine('sqlite://:memory:');
    await e.execute('CREATE TABLE p (id INTEGER PRIMARY KEY)');
    await e.execute('CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id))');
    await expect(e.execute('INSERT INTO c (p) VALUES (?)', [42])).rejects.toThrow(IntegrityError);
    await e.close();
  });

  it('rejects double-quoted string literals: a misspelled "column" is an error, never a string', async () => {
    const e = await createEngine('sqlite://:memory:');
    await e.execute('CREATE TABLE t (name TEXT)');
    await expect(e.execute('SELECT * FROM t WHERE "nmae" = 1')).rejects.toThrow(DatabaseError);
    await expect(e.execute('SELECT "hello"')).rejects.toThrow(/no such column/);
    await e.close();
  });

  it('translates constraint failures into IntegrityError naming the table and columns', async () => {
    const e = await createEngine('sqlite://:memory:');
    await e.execute('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, CONSTRAINT uq_users_email UNIQUE (email), CONSTRAINT ck_users_email CHECK (length(email) > 3))');
    await e.execute('INSERT INTO users (email) VALUES (?)', ['a@b.c']);
    const dup = await e.execute('INSERT INTO users (email) VALUES (?)', ['a@b.c']).catch((err: unknown) => err);
    expect(dup).toBeInstanceOf(IntegrityError);
    expect(dup).toMatchObject({ kind: 'unique', table: 'users' });
    const nul = await e.execute('INSERT INTO users (email) VALUES (NULL)').catch((err: unknown) => err);
    expect(nul).toMatchObject({ kind: 'not_null', table: 'users' });
    const ck = await e.execute("INSERT INTO users (email) VALUES ('x')").catch((err: unknown) => err);
    expect(ck).toMatchObject({ kind: 'check', constraint: 'ck_users_email' });
    await e.close();
  });

  it('commits transactions, rolls back on throw, and nests with savepoints', async () => {
    const e = await createEngine('sqlite://:memory:');
    await e.execute('CREATE TABLE t (v INTEGER)');
    await e.transaction(async (tx) => {
      await tx.execute('INSERT INTO t VALUES (1)');
      await tx.transaction(async (inner) => inner.execute('INSERT INTO t VALUES (2)'));
      await tx
        .transaction(async (inner) => {
          await inner.execute('INSERT INTO t VALUES (3)');
          throw new Error('undo 3 only');
        })
        .catch(() => undefined);
    });
    await expect(
      e.transaction(async (tx) => {
        await tx.execute('INSERT INTO t VALUES (4)');
        throw new Error('undo all');
      }),
    ).rejects.toThrow('undo all');
    expect((await e.execute('SELECT v FROM t ORDER BY v')).rows).toEqual([{ v: 1 }, { v: 2 }]);
    await e.close();
  });

  it('logs each statement with its parameters when echo is on', async () => {
    const log: string[] = [];
    const e = await createEngine('sqlite://:memory:', { echo: (sql, params) => log.push(`${sql} ${JSON.stringify(params)}`) });
    await e.execute('SELECT ? AS x', ['a']);
    expect(log).toEqual(['SELECT ? AS x ["a"]']);
    await e.close();
  });

  it('a connection held too long gives an error naming the holder, not a hang', async () => {
    const e = await createEngine('sqlite://:memory:', { pool: { acquireTimeoutMs: 100 } });
    const held = await e.connect(() => 'session opened at app.ts:12');
    const err = await e.execute('SELECT 1').catch((x: unknown) => x);
    expect(err).toBeInstanceOf(SessionError);
    expect((err as Error).message).toContain('session opened at app.ts:12');
    held.release();
    expect((await e.execute('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await e.close();
  });

  it('never returns a connection to the pool mid-transaction', async () => {
    const e = await createEngine('sqlite://:memory:');
    await e.execute('CREATE TABLE t (v INTEGER)');
    const c = await e.connect();
    await c.begin();
    await c.execute('INSERT INTO t VALUES (1)');
    c.release();
    await new Promise((r) => setTimeout(r, 10));
    expect((await e.execute('SELECT COUNT(*) AS n FROM t')).rows[0]).toEqual({ n: 0 });
    await e.close();
  });
});
