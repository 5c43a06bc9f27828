/**
 * The part of the public API that migration files (and models without relations) use:
 * `table`, the column builders and column references. Four modules instead of the whole
 * library: the CLI hands it to files that import nothing else from `ormkit` (see
 * modules/user-module.ts); model-api.ts adds relations, index.ts everything.
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
