/**
 * ormkit: migration-first database toolkit for TypeScript.
 * This module is what `import … from 'ormkit'` resolves to, in apps and in model files.
 */
export { table, isModel, MODEL } from './schema/table.js';
export type { ModelClass, AnyModel, InferRow, InferInsert, TableOptions, TableBuilder, TableExtra, IndexOptions } from './schema/table.js';
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
export type { ReferenceOptions } from './schema/columns.js';
export { ColumnRef, isColumnRef } from './schema/column-ref.js';
export { and_, or_, not_ } from './query/ast.js';
export type { Expr, OrderBy } from './query/ast.js';
export { toSchema, renameHints } from './schema/to-schema.js';
export type * from './schema/ir.js';
export { createEngine } from './engine/engine.js';
export type { Engine, EngineOptions, EngineConnection, Executor } from './engine/engine.js';
export { parseUrl } from './engine/url.js';
export type { DatabaseUrl } from './engine/url.js';
export { createAll, dropAll } from './engine/create-all.js';
export type { Dialect, Capabilities, Connection, QueryResult } from './dialects/dialect.js';
export * from './errors.js';
export { MigrationOp } from './ops/op-api.js';
export type { RecordedOperation } from './ops/op-api.js';
export { applyOperation } from './ops/apply.js';
export type { Operation, OperationKind, Constraint, EnumType, PlannedStatement } from './ops/operations.js';
export { loadConfig } from './config/config.js';
export type { OrmConfig } from './config/config.js';
export { loadModels } from './schema/load-models.js';
export * from './orm/index.js';
