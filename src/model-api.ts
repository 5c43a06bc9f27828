/**
 * The part of the public API that model and migration files use: `table`, the column
 * builders, column references and relations. `ormkit` (index.ts) re-exports all of it;
 * loading this module alone costs a handful of modules instead of the whole library, so
 * the CLI hands it to model and migration files that import nothing else from `ormkit`
 * (see modules/user-module.ts).
 */
export { table, isModel, MODEL } from './schema/table.js';
export {
  integer,
  bigint,
  real,
  numeric,
  text,
  varchar,
  boolean,
  date,
  timestamp,
  json,
  blob,
  uuid,
  enumType,
  customType,
  ColumnBuilder,
} from './schema/columns.js';
export { ColumnRef, isColumnRef } from './schema/column-ref.js';
export { and_, or_, not_ } from './query/ast.js';
export { relations, hasMany, belongsTo } from './orm/relations.js';
