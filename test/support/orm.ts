/**
 * Shared ORM test fixtures: blog models (users → posts → comments), and an engine on a
 * fresh test database per describe block, with every statement recorded so tests can
 * count queries.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { AnyModel, Engine } from '../../src/index.js';
import {
  belongsTo,
  boolean,
  createAll,
  createEngine,
  hasMany,
  integer,
  relations,
  table,
  text,
  timestamp,
  toSchema,
  varchar,
} from '../../src/index.js';
import { dependencyOrder } from '../../src/schema/dependency-order.js';
import type { DialectName } from '../../src/dialects/dialect.js';
import { useTestDatabase } from './databases.js';

export const User = table('users', {
  id: integer().primaryKey(),
  name: varchar(100).notNull().index(),
  email: varchar(255).notNull().unique(),
  age: integer().default(18),
  active: boolean().notNull().default(true),
  createdAt: timestamp().notNull().serverDefault('CURRENT_TIMESTAMP').named('created_at'),
});

export const Post = table('posts', {
  id: integer().primaryKey(),
  userId: integer().notNull().references(() => User.c.id).named('user_id'),
  title: varchar(200).notNull(),
  body: text(),
});

export const Comment = table('comments', {
  id: integer().primaryKey(),
  postId: integer().notNull().references(() => Post.c.id).named('post_id'),
  text: text().notNull(),
});

export const userRelations = relations(User, { posts: hasMany(() => Post, Post.c.userId, { cascade: 'delete' }) });
export const postRelations = relations(Post, {
  author: belongsTo(() => User, Post.c.userId),
  comments: hasMany(() => Comment, Comment.c.postId, { cascade: 'delete-orphan' }),
});
export const commentRelations = relations(Comment, { post: belongsTo(() => Post, Comment.c.postId) });

export const BLOG: readonly AnyModel[] = [User, Post, Comment];

export interface OrmFixture {
  readonly engine: () => Engine;
  /** Statements run since the last reset (each test starts empty). */
  readonly statements: string[];
  /** Statements matching a verb (`SELECT`, `INSERT`, …). */
  count(verb: string): number;
}

/**
 * A fresh database with the models' tables for the enclosing describe block; rows are
 * deleted before each test (children first) and the statement log is reset.
 */
export function useOrm(dialect: DialectName, models: readonly AnyModel[] = BLOG, options: { acquireTimeoutMs?: number } = {}): OrmFixture {
  const db = useTestDatabase(dialect);
  let engine: Engine | undefined;
  const statements: string[] = [];
  const schema = toSchema(models);
  beforeAll(async () => {
    engine = await createEngine(db().url, {
      echo: (sql) => statements.push(sql),
      pool: { acquireTimeoutMs: options.acquireTimeoutMs ?? 2000 },
    });
    await createAll(engine, schema);
  });
  afterAll(async () => {
    await engine?.close();
  });
  beforeEach(async () => {
    const q = engine!.dialect.quoteIdentifier;
    for (const t of [...dependencyOrder(schema.tables).order].reverse()) {
      // MySQL checks foreign keys row by row: unlink rows of a table from each other first.
      for (const fk of t.foreignKeys) {
        if (fk.refTable !== t.name || !fk.columns.every((c) => t.columns.find((x) => x.name === c)?.nullable)) continue;
        await engine!.execute(`UPDATE ${q(t.name)} SET ${fk.columns.map((c) => `${q(c)} = NULL`).join(', ')}`);
      }
      await engine!.execute(`DELETE FROM ${q(t.name)}`);
    }
    statements.length = 0;
  });
  return {
    engine: () => engine!,
    statements,
    count: (verb) => statements.filter((s) => s.trimStart().toUpperCase().startsWith(verb.toUpperCase())).length,
  };
}
