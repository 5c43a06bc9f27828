/**
 * ormkit: migration-first database toolkit for TypeScript.
 * This module is what `import … from 'ormkit'` resolves to, in apps and in model files.
 */
export * from './model-api.js';
export type { ModelClass, AnyModel, InferRow, InferInsert, TableOptions, TableBuilder, TableExtra, IndexOptions } from './schema/table.js';
export type { IndexExpression, IndexKeyPart, IndexPart } from './schema/index-parts.js';
export type { ReferenceOptions } from './schema/columns.js';
export type { Expr, OrderBy } from './query/ast.js';
export { toSchema, renameHints } from './schema/to-schema.js';
export type * from './schema/ir.js';
export { createEngine } from './engine/engine.js';
export type { Engine, EngineOptions, EngineConnection, Executor } from './engine/engine.js';
export { parseUrl } from './engine/url.js';
export type { DatabaseUrl } from './engine/url.js';
export { createAll, dropAll } from './engine/create-all.js';
export type { CreateAllResult, DropAllOptions, DropAllResult } from './engine/create-all.js';
export * from './crud/index.js';
export * from './seed/index.js';
export type { Dialect, Capabilities, Connection, QueryResult } from './dialects/dialect.js';
export * from './errors.js';
export { MigrationOp } from './ops/op-api.js';
export type { RecordedOperation } from './ops/op-api.js';
export { applyOperation } from './ops/apply.js';
export type { Operation, OperationKind, Constraint, EnumType, PlannedStatement } from './ops/operations.js';
export { loadConfig } from './config/config.js';
export type { OrmConfig } from './config/config.js';
export { loadModels } from './schema/load-models.js';
export { upgrade, downgrade, DEFAULT_VERSION_TABLE } from './migrate/runner.js';
export type { MigrationsOptions, RunOptions, RunResult, RunEvent, RunStep } from './migrate/runner.js';
export { stamp, rehash, resolveFailed } from './migrate/repair.js';
export { currentStatus } from './migrate/status.js';
export type { CurrentStatus } from './migrate/status.js';
export { check } from './migrate/check.js';
export type { CheckOptions, CheckResult, CheckOutcome } from './migrate/check.js';
export { autogenerate } from './migrate/autogenerate.js';
export type { AutogenerateOptions, AutogenerateResult } from './migrate/autogenerate.js';
export { createRevision, mergeRevisions } from './migrate/new-revision.js';
export { offlineScript } from './migrate/offline.js';
export { readMigrations } from './migrate/load-migrations.js';
export { RevisionGraph } from './migrate/graph.js';
export { renameDecisions } from './migrate/renames.js';
export { pull } from './migrate/pull.js';
export type { PullOptions, PullResult } from './migrate/pull.js';
export { diff } from './diff/diff.js';
export type { DiffResult, DiffOptions, RenameDecisions, RenameCandidate, AppliedRename } from './diff/diff.js';
export { invert, invertAll } from './ops/invert.js';
export type { Inversion } from './ops/invert.js';
export { describeOperation } from './ops/describe.js';
export type { OperationSummary } from './ops/describe.js';
export { lint, LINT_CODES } from './ops/lint.js';
export type { LintFinding, LintContext } from './ops/lint.js';
export { renderMigration } from './render/migration.js';
export type { MigrationSource } from './render/migration.js';
export { renderModels } from './render/models.js';
export type { RenderModelsOptions } from './render/models.js';
export type { PlanContext, DependentObject } from './dialects/dialect.js';

export * from './orm/index.js';
