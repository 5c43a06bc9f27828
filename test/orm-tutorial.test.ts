import { expect, it } from 'vitest';
import { createAll, createEngine, integer, sessionmaker, table, toSchema, varchar, withSession } from '../src/index.js';
import { describeDialects, useTestDatabase } from './support/databases.js';

// The SQLAlchemy beginner tutorial, step by step, from TypeScript.
const User = table('users', {
  id: integer().primaryKey(),
  name: varchar(100).index(),
  email: varchar(255).unique().index(),
  age: integer().default(18),
});

describeDialects('the tutorial arc: create, read, update, delete', (dialect) => {
  const db = useTestDatabase(dialect);

  it('runs engine → model → create tables → add Alice and Bob → commit → refresh → list → update → delete → count', async () => {
    const engine = await createEngine(db().url);
    try {
      await createAll(engine, toSchema([User]));

      // CREATE and READ, with a session factory as the tutorial's SessionLocal.
      const SessionLocal = sessionmaker(engine);
      const db1 = SessionLocal();
      const user1 = new User({ name: 'Alice', email: 'alice@example.com', age: 25 });
      const user2 = new User({ name: 'Bob', email: 'bob@example.com', age: 30 });
      db1.add(user1);
      db1.add(user2);
      await db1.commit();
      await db1.refresh(user1);
      expect(typeof user1.id).toBe('number');
      const users = await db1.query(User).all();
      expect(users.map((u) => [u.id, u.name, u.email])).toEqual([
        [user1.id, 'Alice', 'alice@example.com'],
        [user2.id, 'Bob', 'bob@example.com'],
      ]);
      await db1.close();

      // UPDATE and DELETE, in a session that always commits or rolls back and closes.
      await withSession(SessionLocal, async (db2) => {
        const user = await db2.query(User).where(User.c.id.eq(user1.id)).first();
        expect(user).not.toBeNull();
        user!.age = 26;
        await db2.commit();

        const toDelete = await db2.query(User).where(User.c.email.eq('bob@example.com')).first();
        db2.delete(toDelete!);
        await db2.commit();

        await db2.refresh(user!);
        expect(user!.age).toBe(26);
        expect(await db2.query(User).count()).toBe(1);
      });

      // A fresh session sees what was committed.
      await withSession(engine, async (db3) => {
        const alice = await db3.query(User).one();
        expect(alice).toMatchObject({ name: 'Alice', email: 'alice@example.com', age: 26 });
      });
    } finally {
      await engine.close();
    }
  });
});
