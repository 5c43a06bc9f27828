/**
 * Schema operations: what `diff()` returns, what migration files call through `op.*`,
 * what dialects plan into SQL. Drop and alter operations carry the before-state, so the
 * downgrade of a migration is its upgrade inverted and reversed.
 *
 * Every consumer dispatches with an exhaustive switch (see `assertNever`): adding a kind
 * here fails compilation until every consumer handles it.
 */
import type { CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint } from '../schema/ir.js';

/** A table-level constraint, tagged by `type`. */
export type Constraint =
  | ({ readonly type: 'unique' } & UniqueConstraint)
  | ({ readonly type: 'check' } & CheckConstraint)
  | ({ readonly type: 'foreignKey' } & ForeignKey)
  | ({ readonly type: 'primaryKey' } & PrimaryKey);

/** A constraint that can be renamed: a named one (primary keys are named by their table). */
export type NamedConstraint = Exclude<Constraint, { readonly type: 'primaryKey' }>;

export interface EnumType {
  readonly name: string;
  readonly values: readonly string[];
}

export type Operation =
  | { readonly kind: 'createTable'; readonly table: Table }
  | { readonly kind: 'dropTable'; readonly table: Table }
  | { readonly kind: 'renameTable'; readonly from: string; readonly to: string }
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: Column }
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: Column }
  /** Type, nullability, default, auto-increment or comment change; the name stays. */
  | { readonly kind: 'alterColumn'; readonly table: string; readonly before: Column; readonly after: Column }
  | { readonly kind: 'renameColumn'; readonly table: string; readonly from: string; readonly to: string }
  /** `concurrently`: build or drop without blocking writes, outside the transaction (PostgreSQL). */
  | { readonly kind: 'createIndex'; readonly table: string; readonly index: Index; readonly concurrently?: boolean }
  | { readonly kind: 'dropIndex'; readonly table: string; readonly index: Index; readonly concurrently?: boolean }
  /** Only the name changes: the index (its data) stays, where the database can rename it. */
  | { readonly kind: 'renameIndex'; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: 'addConstraint'; readonly table: string; readonly constraint: Constraint }
  | { readonly kind: 'dropConstraint'; readonly table: string; readonly constraint: Constraint }
  /**
   * Only the name changes, from `constraint.name` to `to`. `constraint` is the before-state:
   * databases that cannot rename it in place drop and add it again.
   */
  | { readonly kind: 'renameConstraint'; readonly table: string; readonly constraint: NamedConstraint; readonly to: string }
  | { readonly kind: 'setTableComment'; readonly table: string; readonly before: string | null; readonly after: string | null }
  /** Named enum types (dialects with `capabilities.namedEnums`). */
  | { readonly kind: 'createEnum'; readonly enum: EnumType }
  | { readonly kind: 'dropEnum'; readonly enum: EnumType }
  | { readonly kind: 'alterEnum'; readonly before: EnumType; readonly after: EnumType }
  /** Raw SQL. `reverse` is the SQL of its downgrade, when the author gave one. */
  | { readonly kind: 'execute'; readonly sql: string; readonly reverse: string | null }
  | { readonly kind: 'bulkInsert'; readonly table: string; readonly rows: readonly Readonly<Record<string, unknown>>[] };

export type OperationKind = Operation['kind'];

/** One SQL statement planned for an operation. */
export interface PlannedStatement {
  readonly sql: string;
  readonly params?: readonly unknown[];
  /** False for statements that must run outside a transaction (CREATE INDEX CONCURRENTLY). */
  readonly transactional?: boolean;
  /**
   * Statements to run before/after the migration's transaction, e.g. SQLite's
   * `PRAGMA foreign_keys=OFF/ON` around a table rebuild.
   */
  readonly phase?: 'before' | 'main' | 'after';
}

export function assertNever(value: never, what = 'operation'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
