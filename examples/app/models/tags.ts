import { integer, table, varchar } from 'ormkit';
import { Post } from './posts.js';

export const Tag = table('tags', {
  id: integer().primaryKey(),
  name: varchar(50).notNull().unique(),
});

/** Which posts carry which tags: a join table keyed by both columns. */
export const PostTag = table(
  'post_tags',
  {
    postId: integer()
      .notNull()
      .references(() => Post.c.id, { onDelete: 'cascade' })
      .named('post_id'),
    tagId: integer()
      .notNull()
      .references(() => Tag.c.id, { onDelete: 'cascade' })
      .index()
      .named('tag_id'),
  },
  (t) => [t.primaryKey([t.c.postId, t.c.tagId])],
);
