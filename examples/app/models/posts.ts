import { enumType, integer, table, text, timestamp, varchar } from 'ormkit';
import { User } from './users.js';

/** A post belongs to its author; deleting the author deletes their posts. */
export const Post = table(
  'posts',
  {
    id: integer().primaryKey(),
    authorId: integer()
      .notNull()
      .references(() => User.c.id, { onDelete: 'cascade' })
      .named('author_id'),
    title: varchar(200).notNull(),
    body: text().notNull().default(''),
    status: enumType('post_status', ['draft', 'published', 'archived']).notNull().default('draft'),
    publishedAt: timestamp().named('published_at'),
  },
  (t) => [t.index([t.c.authorId, t.c.publishedAt]), t.check('ck_posts_title_not_blank', "length(trim(title)) > 0")],
);
