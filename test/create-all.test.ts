import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../src/index.js';
import { createAll, createEngine, dropAll, integer, table, text, toSchema, varchar } from '../src/index.js';
import { describeDialects, useTestDatabase } from './support/databases.js';

describeDialects('create-all and drop-all', (dialect) => {
  const db = useTestDatabase(dialect);
  let engine: Engine;
  beforeAll(async () => {
    engine = await createEngine(db().url);
  });
  afterAll(async () => engine.close());

  it('creates in foreign key order, is idempotent, and adds a missing index to an existing table', async () => {
    const User = table('users', { id: integer().primaryKey(), name: varchar(100).notNull().index() });
    const Post = table('posts', { id: integer().primaryKey(), userId: integer().notNull().references(() => User.c.id), body: text() });
    const schema = toSchema([Post, User]);
    const first = await createAll(engine, schema);
    expect(first.createdTables).toEqual(['users', 'posts']);
    const second = await createAll(engine, schema);
    expect(second.statements).toEqual([]);
    const UserWithEmail = table('users', { id: integer().primaryKey(), name: varchar(100).notNull().index(), email: varchar(100).index() });
    const PostIndexed = table('posts', { id: integer().primaryKey(), userId: integer().notNull().references(() => User.c.id).index(), body: text() });
    const third = await createAll(engine, toSchema([UserWithEmail, PostIndexed]));
    expect(third.createdTables).toEqual([]);
    expect([...third.existingTables].sort()).toEqual(['posts', 'users']);
    // email does not exist yet (adding it is a migration's job); posts.userId does.
    expect(third.createdIndexes).toEqual(['posts.ix_posts_userId']);
    await dropAll(engine, schema);
    expect((await engine.introspect()).tables).toEqual([]);
  });

  it('drops tables that reference each other, rows included', async () => {
    const A: any = table('cyc_a', { id: integer().primaryKey(), bId: integer().references(() => B.c.id) });
    const B: any = table('cyc_b', { id: integer().primaryKey(), aId: integer().references(() => A.c.id) });
    const schema = toSchema([A, B]);
    await createAll(engine, schema);
    const q = engine.dialect.quoteIdentifier;
    await engine.execute(`INSERT INTO ${q('cyc_a')} (${q('id')}) VALUES (1)`);
    await engine.execute(`INSERT INTO ${q('cyc_b')} (${q('id')}, ${q('aId')}) VALUES (1, 1)`);
    await engine.execute(`UPDATE ${q('cyc_a')} SET ${q('bId')} = 1`);
    const r = await dropAll(engine, schema);
    expect([...r.droppedTables].sort()).toEqual(['cyc_a', 'cyc_b']);
    expect((await engine.introspect()).tables).toEqual([]);
  });

  it('leaves tables the models do not describe, unless --all', async () => {
    const Kept = table('kept', { id: integer().primaryKey() });
    const Model = table('model_only', { id: integer().primaryKey() });
    await createAll(engine, toSchema([Kept, Model]));
    await dropAll(engine, toSchema([Model]));
    expect((await engine.introspect()).tables.map((t) => t.name)).toEqual(['kept']);
    await dropAll(engine, toSchema([]), { all: true });
    expect((await engine.introspect()).tables).toEqual([]);
  });
});
