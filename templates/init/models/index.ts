import { integer, table, timestamp, varchar } from 'ormkit';

/** Your first model. Change it, then run `orm migrate autogenerate -m "…"`. */
export const User = table('users', {
  id: integer().primaryKey(), // auto-increment
  name: varchar(100).notNull().index(),
  email: varchar(255).unique(),
  age: integer().default(18),
  createdAt: timestamp().serverDefault('CURRENT_TIMESTAMP'),
});
