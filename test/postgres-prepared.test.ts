import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../src/index.js';
import { createEngine } from '../src/index.js';
import { useTestDatabase } from './support/databases.js';
import { describePostgres } from './support/postgres.js';

// Statements a connection runs again are prepared on the server (parsed and planned once):
// they must keep giving the right results after the tables they read change.
describePostgres('PostgreSQL prepared statements', () => {
  const db = useTestDatabase('postgres');
  let engine: Engine;
  beforeAll(async () => {
    // One connection, so every statement below runs on the same server session.
    engine = await createEngine(db().url, { pool: { size: 1 } });
  });
  afterAll(async () => {
    await engine.close();
  });

  const prepared = async (): Promise<string[]> =>
    (await engine.execute('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).rows.map((r) => String(r.statement));

  it('prepares a statement run a second time, and reads right after the table changes', async () => {
    await engine.execute('CREATE TABLE prep_t (id integer PRIMARY KEY, v integer)');
    await engine.execute('INSERT INTO prep_t VALUES ($1, $2), ($3, $4)', [1, 10, 2, 20]);
    const read = 'SELECT v FROM prep_t WHERE id = $1';
    expect((await engine.execute(read, [1])).rows).toEqual([{ v: 10 }]);
    expect(await prepared()).not.toContain(read);
    expect((await engine.execute(read, [2])).rows).toEqual([{ v: 20 }]);
    expect(await prepared()).toContain(read);

    // A changed result type would make the server refuse the old plan.
    await engine.execute('ALTER TABLE prep_t ALTER COLUMN v TYPE text');
    expect(await prepared()).toEqual([]);
    expect((await engine.execute(read, [1])).rows).toEqual([{ v: '10' }]);
    expect((await engine.execute(read, [2])).rows).toEqual([{ v: '20' }]);
    expect(await prepared()).toContain(read);
  });

  it('keeps reading when another connection changes the table under a prepared statement', async () => {
    await engine.execute('CREATE TABLE prep_other (id integer PRIMARY KEY, v integer)');
    await engine.execute('INSERT INTO prep_other VALUES ($1, $2)', [1, 10]);
    const read = 'SELECT v FROM prep_other WHERE id = $1';
    await engine.execute(read, [1]);
    await engine.execute(read, [1]);
    expect(await prepared()).toContain(read);
    // A migration running elsewhere changes the column's type.
    const other = await createEngine(db().url, { pool: { size: 1 } });
    try {
      await other.execute('ALTER TABLE prep_other ALTER COLUMN v TYPE text');
    } finally {
      await other.close();
    }
    expect((await engine.execute(read, [1])).rows).toEqual([{ v: '10' }]);
    // Inside a transaction the refused plan aborts the transaction: the error stands.
    await engine.execute(read, [1]);
    await engine.execute(read, [1]);
    const again = await createEngine(db().url, { pool: { size: 1 } });
    try {
      await again.execute('ALTER TABLE prep_other ALTER COLUMN v TYPE integer USING v::integer');
    } finally {
      await again.close();
    }
    await expect(engine.transaction((tx) => tx.execute(read, [1]))).rejects.toThrow(/cached plan/);
    expect((await engine.execute(read, [1])).rows).toEqual([{ v: 10 }]);
  });

  it('never prepares statements run once', async () => {
    for (let i = 0; i < 5; i++) await engine.execute(`SELECT $1::int + ${i} AS n`, [i]);
    expect((await prepared()).filter((s) => s.includes('AS n'))).toEqual([]);
  });
});
