/**
 * initial schema
 *
 * Revision: b040cb93c47d
 * Parent:   none (first migration)
 * Created:  2026-11-25T14:45:16.143Z
 */
import type { MigrationOp } from 'ormkit';
import { boolean, enumType, integer, text, timestamp, varchar } from 'ormkit';

export const revision = 'b040cb93c47d';
export const downRevision = null;
export const message = 'initial schema';

export async function upgrade(op: MigrationOp): Promise<void> {
  op.createTable('tags', {
    id: integer().primaryKey(),
    name: varchar(50).notNull().unique(),
  });
  op.createTable('users', {
    id: integer().primaryKey(),
    email: varchar(255).notNull().unique(),
    name: varchar(100).notNull(),
    is_admin: boolean().notNull().default(false),
    created_at: timestamp().notNull().serverDefault('CURRENT_TIMESTAMP'),
  });
  op.createTable('posts', {
    id: integer().primaryKey(),
    author_id: integer().notNull().references('users.id', { onDelete: 'cascade' }),
    title: varchar(200).notNull(),
    body: text().notNull().default(''),
    status: enumType('post_status', ['draft', 'published', 'archived']).notNull().default('draft'),
    published_at: timestamp(),
  }, (t) => [
    t.index([t.c.author_id, t.c.published_at]),
    t.check('ck_posts_title_not_blank', 'length(trim(title)) > 0'),
  ]);
  op.createTable('post_tags', {
    post_id: integer().primaryKey().references('posts.id', { onDelete: 'cascade' }),
    tag_id: integer().primaryKey().index().references('tags.id', { onDelete: 'cascade' }),
  });
}

export async function downgrade(op: MigrationOp): Promise<void> {
  op.dropTable('post_tags');
  op.dropTable('posts');
  op.dropTable('users');
  op.dropTable('tags');
}
