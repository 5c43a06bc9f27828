import { expect, it, vi } from 'vitest';
import type { Session, WithRelations } from '../src/index.js';
import {
  IntegrityError,
  SessionError,
  SessionWarning,
  blob,
  createEngine,
  integer,
  json,
  table,
  timestamp,
  varchar,
  withSession,
} from '../src/index.js';
import { describeDialects } from './support/databases.js';
import { BLOG, Comment, Post, User, commentRelations, postRelations, useOrm } from './support/orm.js';

const Doc = table('docs', {
  id: integer().primaryKey(),
  meta: json<{ tags: string[] }>(),
  seenAt: timestamp().named('seen_at'),
  data: blob(),
});

const Membership = table(
  'memberships',
  { orgId: integer().notNull().named('org_id'), userId: integer().notNull().named('user_id'), role: varchar(20).notNull() },
  (t) => [t.primaryKey([t.c.orgId, t.c.userId])],
);

const alice = () => new User({ name: 'Alice', email: 'alice@example.com', age: 25 });
const bob = () => new User({ name: 'Bob', email: 'bob@example.com', age: 30 });

/** The columns an UPDATE statement sets, by name. */
function setColumns(sql: string): string[] {
  const set = /SET (.*) WHERE/s.exec(sql)?.[1] ?? '';
  return set.split(',').map((a) => a.trim().split(/\s*=/)[0]!.replace(/^["`]|["`]$/g, ''));
}

describeDialects('unit of work', (dialect) => {
  const orm = useOrm(dialect, [...BLOG, Doc, Membership]);
  const session = (options = {}) => orm.engine().session(options);

  it('inserts parents before children and deletes children before parents', async () => {
    const s = session();
    const u = alice();
    // New objects linked through relations: the keys are filled in at flush.
    const p: WithRelations<typeof Post, typeof postRelations> = Object.assign(new Post(), { title: 'Hello' });
    const c: WithRelations<typeof Comment, typeof commentRelations> = Object.assign(new Comment(), { text: 'First!' });
    c.post = p;
    p.author = u;
    s.add(c); // the post and the user come along (save-update cascade)
    await s.flush();
    const inserts = orm.statements.filter((q) => q.startsWith('INSERT'));
    expect(inserts.map((q) => /INSERT INTO (\S+)/.exec(q)![1])).toEqual(['users', 'posts', 'comments'].map(orm.engine().dialect.quoteIdentifier));
    expect(p.userId).toBe(u.id);
    expect(c.postId).toBe(p.id);

    orm.statements.length = 0;
    s.delete(u); // posts cascade (relation), comments of deleted posts too
    await s.flush();
    const deletes = orm.statements.filter((q) => q.startsWith('DELETE'));
    expect(deletes.map((q) => /DELETE FROM (\S+)/.exec(q)![1])).toEqual(['comments', 'posts', 'users'].map(orm.engine().dialect.quoteIdentifier));
    await s.commit();
    expect(await s.query(Comment).count()).toBe(0);
    await s.close();
  });

  it('orders by foreign keys without relations too (explicit keys)', async () => {
    const s = session();
    s.add(new Post({ id: 7, userId: 42, title: 'orphan until its user arrives' }));
    s.add(new User({ id: 42, name: 'Late', email: 'late@example.com' }));
    await s.commit();
    expect((await s.get(Post, 7))!.userId).toBe(42);
    await s.close();
  });

  it('batches inserts into multi-row statements within the parameter limit', async () => {
    const s = session();
    s.addAll(Array.from({ length: 1200 }, (_, i) => new User({ name: `u${i}`, email: `u${i}@example.com` })));
    await s.flush();
    const columns = 4; // name, email, age, active (age and active from literal defaults)
    const perBatch = Math.min(500, Math.floor(orm.engine().dialect.capabilities.maxParameters / columns));
    expect(orm.count('INSERT')).toBe(Math.ceil(1200 / perBatch));
    expect(await s.query(User).count()).toBe(1200);
    await s.commit();
    await s.close();
  });

  it('fills generated keys and server defaults after flush, literal defaults at add', async () => {
    const s = session();
    const users = Array.from({ length: 3 }, (_, i) => new User({ name: `n${i}`, email: `n${i}@example.com` }));
    s.addAll(users);
    expect(users[0]!.age).toBe(18);
    expect(users[0]!.active).toBe(true);
    expect(users[0]!.id).toBeUndefined();
    await s.flush();
    for (const u of users) {
      expect(typeof u.id).toBe('number');
      expect(u.createdAt).toBeInstanceOf(Date);
    }
    expect(new Set(users.map((u) => u.id)).size).toBe(3);
    // The keys are the rows' keys.
    for (const u of users) expect((await s.query(User).select(User.c.name).where(User.c.id.eq(u.id)).one()).name).toBe(u.name);
    await s.commit();
    await s.close();
  });

  it('reads generated keys row by row when the server does not promise a consecutive range', async () => {
    // As on MySQL 8, whose default innodb_autoinc_lock_mode (2) interleaves keys between statements.
    const inserts: string[] = [];
    const engine = await createEngine(orm.engine().url, { pool: { size: 1 }, echo: (sql) => sql.startsWith('INSERT') && inserts.push(sql) });
    try {
      const conn = await engine.connect();
      (conn.raw as { consecutiveInsertIds?: boolean }).consecutiveInsertIds = false;
      conn.release();
      const users = Array.from({ length: 4 }, (_, i) => new User({ name: `k${i}`, email: `k${i}@example.com` }));
      await withSession(engine, async (s) => {
        s.addAll(users);
        await s.flush();
        expect(inserts).toHaveLength(engine.dialect.capabilities.returning ? 1 : 4);
        for (const u of users) expect((await s.query(User).where(User.c.id.eq(u.id)).one()).name).toBe(u.name);
      });
    } finally {
      await engine.close();
    }
  });

  it('never generates a key that was given explicitly before', async () => {
    // PostgreSQL's identity sequences ignore explicit values unless moved past them.
    await withSession(orm.engine(), async (s) => s.addAll([new User({ id: 1, name: 'one', email: 'one@example.com' }), new User({ id: 2, name: 'two', email: 'two@example.com' })]));
    const later = [new User({ name: 'three', email: 'three@example.com' }), new User({ name: 'four', email: 'four@example.com' })];
    await withSession(orm.engine(), async (s) => s.addAll(later));
    expect(later.map((u) => u.id > 2)).toEqual([true, true]);
    expect(await withSession(orm.engine(), (s) => s.query(User).count())).toBe(4);
  });

  it('joins a borrowed connection\'s transaction: commit keeps rows in it, rollback undoes only the session\'s writes', async () => {
    const count = () => withSession(orm.engine(), (s) => s.query(User).count());
    const conn = await orm.engine().connect();
    try {
      await conn.begin();
      const s = session({ connection: conn });
      s.add(alice());
      await s.commit();
      const b = bob();
      s.add(b);
      await s.flush();
      await s.rollback(); // back to where the session's second transaction began: Bob goes, Alice stays
      expect(b.id).toBeUndefined();
      const { rows } = await conn.execute(`SELECT COUNT(*) AS n FROM ${orm.engine().dialect.quoteIdentifier('users')}`);
      expect(Number(rows[0]!.n)).toBe(1);
      await s.close();
      expect(conn.inTransaction).toBe(true);
      await conn.rollback(); // the outer transaction decides: nothing was kept
    } finally {
      conn.release();
    }
    expect(await count()).toBe(0);
    // Outside a transaction the session begins and commits its own, on that connection.
    const own = await orm.engine().connect();
    try {
      const s = session({ connection: own });
      s.add(alice());
      await s.commit();
      expect(own.inTransaction).toBe(false);
      await s.close();
    } finally {
      own.release();
    }
    expect(await count()).toBe(1);
  });

  it('writes only the changed columns, and nothing when nothing changed', async () => {
    await withSession(orm.engine(), async (s) => s.addAll([alice(), bob()]));
    const s = session();
    const a = (await s.query(User).where(User.c.name.eq('Alice')).one())!;
    orm.statements.length = 0;
    await s.flush();
    expect(orm.count('UPDATE')).toBe(0);
    a.name = 'Alicia';
    await s.flush();
    const updates = orm.statements.filter((q) => q.startsWith('UPDATE'));
    expect(updates).toHaveLength(1);
    expect(setColumns(updates[0]!)).toEqual(['name']);
    await s.commit();
    await s.close();
  });

  it('notices values changed in place: json objects, Dates, buffers', async () => {
    const s = session();
    const d = new Doc({ meta: { tags: ['a'] }, seenAt: new Date('2024-01-01T00:00:00Z'), data: Buffer.from('abc') });
    s.add(d);
    await s.commit();
    d.meta!.tags.push('b');
    d.seenAt!.setUTCFullYear(2025);
    d.data![0] = 0x7a;
    orm.statements.length = 0;
    await s.flush();
    const updates = orm.statements.filter((q) => q.startsWith('UPDATE'));
    expect(updates).toHaveLength(1);
    expect(setColumns(updates[0]!).sort()).toEqual(['data', 'meta', 'seen_at']);
    await s.commit();
    await s.close();
    const fresh = await withSession(orm.engine(), (s2) => s2.get(Doc, d.id));
    expect(fresh!.meta).toEqual({ tags: ['a', 'b'] });
    expect(fresh!.seenAt!.getUTCFullYear()).toBe(2025);
    expect(fresh!.data!.toString()).toBe('zbc');
  });

  it('keeps one object per row (identity map); get() of a loaded row needs no SQL', async () => {
    await withSession(orm.engine(), async (s) => s.addAll([alice(), bob()]));
    const s = session();
    const [a1] = await s.query(User).orderBy(User.c.name).all();
    const a2 = await s.query(User).where(User.c.name.eq('Alice')).one();
    expect(a2).toBe(a1);
    orm.statements.length = 0;
    expect(await s.get(User, a1!.id)).toBe(a1);
    expect(orm.count('SELECT')).toBe(0);
    await s.close();
  });

  it('refresh() reloads values the database changed', async () => {
    const s = session();
    const a = alice();
    s.add(a);
    await s.flush();
    await s.execute(`UPDATE ${orm.engine().dialect.quoteIdentifier('users')} SET ${orm.engine().dialect.quoteIdentifier('age')} = 40`);
    expect(a.age).toBe(25);
    await s.refresh(a);
    expect(a.age).toBe(40);
    await s.rollback();
    await s.close();
  });

  it('get() by key, by composite key, and null when missing', async () => {
    const s = session();
    const a = alice();
    s.add(a);
    s.add(new Membership({ orgId: 1, userId: 2, role: 'owner' }));
    await s.commit();
    const s2 = session();
    const loaded = await s2.get(User, a.id);
    expect(loaded).toMatchObject({ name: 'Alice', email: 'alice@example.com' });
    expect(loaded).not.toBe(a);
    expect(await s2.get(User, a.id + 1000)).toBeNull();
    expect(await s2.get(Membership, { orgId: 1, userId: 2 })).toMatchObject({ role: 'owner' });
    expect(await s2.get(Membership, { orgId: 2, userId: 1 })).toBeNull();
    await expect(s2.get(Membership, 1)).rejects.toThrow(/composite primary key/);
    await expect(s2.get(User, { id: { $gt: 0 } } as never)).rejects.toThrow(/expected an integer/);
    await s2.close();
    await s.close();
  });

  it('rollback() puts objects back as the database has them', async () => {
    await withSession(orm.engine(), async (s) => s.addAll([alice(), bob()]));
    const s = session();
    const a = (await s.query(User).where(User.c.name.eq('Alice')).one())!;
    const b = (await s.query(User).where(User.c.name.eq('Bob')).one())!;
    a.age = 99;
    const carol = new User({ name: 'Carol', email: 'carol@example.com' });
    s.add(carol);
    s.delete(b);
    await s.flush();
    expect(typeof carol.id).toBe('number');
    a.name = 'unflushed';
    await s.rollback();
    expect(a.age).toBe(25);
    expect(a.name).toBe('Alice');
    expect(carol.id).toBeUndefined();
    expect(s.contains(carol)).toBe(false);
    expect(s.contains(b)).toBe(true);
    expect(await s.get(User, b.id)).toBe(b);
    expect(await s.query(User).count()).toBe(2);
    // The new object can be added again.
    s.add(carol);
    await s.commit();
    expect(await s.query(User).count()).toBe(3);
    await s.close();
  });

  it('a row deleted and added again with the same key (and unique values) in one flush is replaced', async () => {
    const s = session();
    s.add(new User({ id: 1, name: 'Old', email: 'same@example.com' }));
    s.add(new Post({ id: 1, userId: 1, title: 'old post' }));
    await s.commit();
    const old = (await s.get(User, 1))!;
    s.delete(old); // its posts cascade
    const fresh = new User({ id: 1, name: 'New', email: 'same@example.com' });
    s.addAll([fresh, new Post({ id: 2, userId: 1, title: 'new post' })]);
    await s.flush();
    expect(await s.get(User, 1)).toBe(fresh);
    expect((await s.query(Post).all()).map((p) => p.title)).toEqual(['new post']);
    await s.rollback();
    expect(await s.get(User, 1)).toBe(old);
    s.delete(old);
    s.add(new User({ id: 1, name: 'Newer', email: 'same@example.com' }));
    await s.commit();
    await withSession(orm.engine(), async (other) => expect((await other.get(User, 1))!.name).toBe('Newer'));
    await s.close();
  });

  it('a bulk update gives loaded objects values of their types (json objects, Dates, bytes), one copy each', async () => {
    const s = session();
    const docs = [new Doc({ id: 1, meta: { tags: [] } }), new Doc({ id: 2, meta: { tags: [] } })];
    s.addAll(docs);
    await s.commit();
    const seenAt = new Date('2024-03-10T07:30:00.123Z');
    await s.query(Doc).update({ meta: { tags: ['a'] }, seenAt, data: Buffer.from('xy') });
    for (const d of docs) {
      expect(d.meta).toEqual({ tags: ['a'] });
      expect(d.seenAt).toEqual(seenAt);
      expect(Buffer.from(d.data!).toString()).toBe('xy');
    }
    expect(docs[0]!.meta).not.toBe(docs[1]!.meta);
    docs[0]!.meta!.tags.push('b'); // a change in place is noticed and written
    await s.commit();
    await withSession(orm.engine(), async (other) => expect((await other.get(Doc, 1))!.meta).toEqual({ tags: ['a', 'b'] }));
    await s.close();
  });

  it('a failed flush changes nothing and the session stays usable', async () => {
    const s = session();
    const one = new User({ name: 'One', email: 'same@example.com' });
    const two = new User({ name: 'Two', email: 'same@example.com' });
    s.addAll([one, two]);
    const err = await s.commit().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as IntegrityError).kind).toBe('unique');
    expect(one.id).toBeUndefined();
    expect(s.pendingObjects).toEqual([one, two]);
    two.email = 'two@example.com';
    await s.commit();
    expect(await s.query(User).count()).toBe(2);
    await s.close();
  });

  it('holds a connection only while a transaction is open', async () => {
    const engine = orm.engine();
    const s = session();
    expect(engine.connectionsInUse).toBe(0);
    s.add(alice());
    expect(engine.connectionsInUse).toBe(0);
    await s.query(User).count();
    expect(engine.connectionsInUse).toBe(1);
    await s.commit();
    expect(engine.connectionsInUse).toBe(0);
    await s.query(User).all();
    await s.close();
    expect(engine.connectionsInUse).toBe(0);
  });

  it('refuses to be used once closed', async () => {
    const s = session();
    await s.close();
    expect(() => s.add(alice())).toThrow(SessionError);
    expect(() => s.query(User)).toThrow(/session is closed/);
    await expect(s.get(User, 1)).rejects.toThrow(SessionError);
    await expect(s.flush()).rejects.toThrow(SessionError);
    await expect(s.commit()).rejects.toThrow(SessionError);
    await s.close(); // closing twice is fine
  });

  it('closes through Symbol.asyncDispose (await using)', async () => {
    const s = session();
    await s.query(User).count();
    expect(orm.engine().connectionsInUse).toBe(1);
    await s[Symbol.asyncDispose]();
    expect(s.closed).toBe(true);
    expect(orm.engine().connectionsInUse).toBe(0);
  });

  it('a query prepared before close fails clearly after it', async () => {
    const s = session();
    const q = s.query(User);
    await s.close();
    await expect(q.all()).rejects.toThrow(/session is closed/);
  });

  it('withSession commits on success, rolls back on throw, and always closes', async () => {
    let seen: Session | undefined;
    const id = await withSession(orm.engine(), async (s) => {
      seen = s;
      const a = alice();
      s.add(a);
      await s.flush();
      return a.id;
    });
    expect(seen!.closed).toBe(true);
    await expect(
      withSession(orm.engine(), async (s) => {
        seen = s;
        s.add(bob());
        await s.flush();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen!.closed).toBe(true);
    await withSession(orm.engine(), async (s) => {
      expect((await s.query(User).all()).map((u) => u.id)).toEqual([id]);
    });
    expect(orm.engine().connectionsInUse).toBe(0);
  });

  it('moves detached objects into a new session without reinserting them', async () => {
    const a = alice();
    await withSession(orm.engine(), async (s) => s.add(a));
    a.age = 31;
    await withSession(orm.engine(), async (s) => s.add(a));
    await withSession(orm.engine(), async (s) => {
      expect(await s.query(User).count()).toBe(1);
      expect((await s.get(User, a.id))!.age).toBe(31);
    });
  });

  it('refuses an object that another open session holds', async () => {
    const s1 = session({ onWarning: () => undefined });
    const a = alice();
    s1.add(a);
    const s2 = session();
    expect(() => s2.add(a)).toThrow(/another open session/);
    await s2.close();
    await s1.close();
  });
});

describeDialects('forgotten commit and leaked sessions', (dialect) => {
  const orm = useOrm(dialect, BLOG, { acquireTimeoutMs: 300 });

  it('warns (and rolls back) when a session closes with unsaved changes', async () => {
    const warnings: SessionWarning[] = [];
    const s = orm.engine().session({ onWarning: (w) => warnings.push(w) });
    s.add(new User({ name: 'Ghost', email: 'ghost@example.com' }));
    await s.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBeInstanceOf(SessionWarning);
    expect(warnings[0]!.message).toMatch(/never committed \(new: 1 Users\)/);
    expect(warnings[0]!.message).toMatch(/commit\(\)/);
    expect(warnings[0]!.message).toContain('orm-unit-of-work.test.ts');

    const s2 = orm.engine().session({ onWarning: (w) => warnings.push(w) });
    const u = new User({ name: 'Kept', email: 'kept@example.com' });
    s2.add(u);
    await s2.commit();
    u.age = 77;
    await s2.close();
    expect(warnings[1]!.message).toMatch(/changed: Users\(id=\d+\): age/);

    const s3 = orm.engine().session({ onWarning: (w) => warnings.push(w) });
    s3.add(new User({ name: 'Flushed', email: 'flushed@example.com' }));
    await s3.flush();
    await s3.close();
    expect(warnings[2]!.message).toMatch(/flushed but not committed/);

    await withSession(orm.engine(), async (s4) => {
      expect((await s4.query(User).all()).map((x) => [x.name, x.age])).toEqual([['Kept', 18]]);
    });
    expect(warnings).toHaveLength(3);
  });

  it('emits the warning through process.emitWarning by default', async () => {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const s = orm.engine().session();
      s.add(new User({ name: 'Ghost', email: 'ghost@example.com' }));
      await s.close();
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]![0]).toBeInstanceOf(SessionWarning);
    } finally {
      spy.mockRestore();
    }
  });

  it('a session opened past the pool size fails fast, naming where the holders were opened', async () => {
    const engine = orm.engine();
    const holders: Session[] = [];
    for (let i = 0; i < engine.poolSize; i++) {
      const s = engine.session();
      await s.query(User).count(); // opens a transaction: holds a connection
      holders.push(s);
    }
    const late = engine.session();
    const err = await late.query(User).count().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionError);
    expect((err as Error).message).toMatch(/session opened at .*orm-unit-of-work\.test\.ts:\d+/);
    for (const s of holders) await s.close();
    await late.close();
    expect(await withSession(engine, (s) => s.query(User).count())).toBe(0);
  });
});
