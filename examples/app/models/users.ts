import { boolean, integer, table, timestamp, varchar } from 'ormkit';

/** People who write posts. */
export const User = table('users', {
  id: integer().primaryKey(),
  email: varchar(255).notNull().unique(),
  name: varchar(100).notNull(),
  isAdmin: boolean().notNull().default(false).named('is_admin'),
  createdAt: timestamp().notNull().serverDefault('CURRENT_TIMESTAMP').named('created_at'),
});
