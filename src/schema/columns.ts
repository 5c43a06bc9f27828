import type { ColumnType, LiteralValue, ReferentialAction } from './ir.js';
import type { ColumnRef } from './column-ref.js';

/** Options of `.references()`. */
export interface ReferenceOptions {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** Constraint name; default `fk_<table>_<columns>_<refTable>`. */
  readonly name?: string;
}

/** Everything a column builder has been told; read by `toSchema`. */
export interface ColumnConfig {
  readonly type: ColumnType;
  /** SQL name when different from the property name (`.named()`). */
  readonly sqlName: string | null;
  readonly primaryKey: boolean;
  /** `false` turns off the implicit auto-increment of a single integer primary key. */
  readonly autoIncrement: boolean | null;
  /** `null` until the user says; primary key columns are never nullable. */
  readonly nullable: boolean | null;
  readonly unique: false | { readonly name: string | null };
  readonly index: false | { readonly name: string | null };
  readonly default: { readonly kind: 'literal'; readonly value: LiteralValue } | { readonly kind: 'expression'; readonly sql: string } | null;
  readonly references: { readonly target: (() => ColumnRef) | string; readonly options: ReferenceOptions } | null;
  readonly checks: readonly { readonly expression: string; readonly name: string | null }[];
  readonly comment: string | null;
  readonly renamedFrom: string | null;
}

const BASE: Omit<ColumnConfig, 'type'> = Object.freeze({
  sqlName: null,
  primaryKey: false,
  autoIncrement: null,
  nullable: null,
  unique: false,
  index: false,
  default: null,
  references: null,
  checks: Object.freeze([]),
  comment: null,
  renamedFrom: null,
});

/**
 * A column definition. Immutable: every modifier returns a new builder, so a shared
 * builder can be reused across tables safely.
 *
 * Type parameters track what TypeScript infers for rows: `T` the value type, `N` whether
 * the column is NOT NULL, `D` whether an insert may omit it (default, server default or
 * auto-increment).
 */
export class ColumnBuilder<T = unknown, N extends boolean = false, D extends boolean = false> {
  declare readonly __value: T;
  declare readonly __notNull: N;
  declare readonly __hasDefault: D;

  constructor(readonly config: ColumnConfig) {
    Object.freeze(this);
  }

  private with<T2 = T, N2 extends boolean = N, D2 extends boolean = D>(patch: Partial<ColumnConfig>): ColumnBuilder<T2, N2, D2> {
    return new ColumnBuilder<T2, N2, D2>(Object.freeze({ ...this.config, ...patch }));
  }

  /**
   * Part of the primary key. A lone integer/bigint primary key is auto-incremented
   * unless `{ autoIncrement: false }`.
   */
  primaryKey(options: { autoIncrement?: boolean } = {}): ColumnBuilder<T, true, true> {
    return this.with({ primaryKey: true, nullable: false, autoIncrement: options.autoIncrement ?? null });
  }
  /** NOT NULL. */
  notNull(): ColumnBuilder<T, true, D> {
    return this.with({ nullable: false });
  }
  /** Allows NULL (the default for non-key columns). */
  nullable(): ColumnBuilder<T, false, D> {
    return this.with({ nullable: true });
  }
  /** A single-column UNIQUE constraint, named `uq_<table>_<column>` unless given. */
  unique(name?: string): ColumnBuilder<T, N, D> {
    return this.with({ unique: { name: name ?? null } });
  }
  /** A single-column index, named `ix_<table>_<column>` unless given. */
  index(name?: string): ColumnBuilder<T, N, D> {
    return this.with({ index: { name: name ?? null } });
  }
  /** A literal default, stored in the database as `DEFAULT <literal>`. */
  default(value: (T extends Date ? string : T) & LiteralValue): ColumnBuilder<T, N, true> {
    return this.with({ default: { kind: 'literal', value: value as LiteralValue } });
  }
  /** A SQL expression default taken verbatim, e.g. `serverDefault('CURRENT_TIMESTAMP')`. */
  serverDefault(sql: string): ColumnBuilder<T, N, true> {
    return this.with({ default: { kind: 'expression', sql } });
  }
  /**
   * A foreign key to another model's column: `.references(() => User.c.id, { onDelete: 'cascade' })`,
   * or by name, as migration files write it: `.references('users.id')`.
   */
  references(target: (() => ColumnRef) | string, options: ReferenceOptions = {}): ColumnBuilder<T, N, D> {
    return this.with({ references: { target, options } });
  }
  /** A CHECK constraint on this column, named `ck_<table>_<column>` unless given. */
  check(expression: string, name?: string): ColumnBuilder<T, N, D> {
    return this.with({ checks: Object.freeze([...this.config.checks, Object.freeze({ expression, name: name ?? null })]) });
  }
  /** A column comment (kept by PostgreSQL and MySQL; SQLite has nowhere to store it). */
  comment(text: string): ColumnBuilder<T, N, D> {
    return this.with({ comment: text });
  }
  /** The SQL column name, when it differs from the property name. */
  named(sqlName: string): ColumnBuilder<T, N, D> {
    return this.with({ sqlName });
  }
  /** Declares that this column used to be called `oldName`: autogenerate renames instead of drop + add. */
  renamedFrom(oldName: string): ColumnBuilder<T, N, D> {
    return this.with({ renamedFrom: oldName });
  }
}

function column<T>(type: ColumnType): ColumnBuilder<T, false, false> {
  return new ColumnBuilder<T, false, false>(Object.freeze({ ...BASE, type: Object.freeze(type) }));
}

/** 32-bit (SQLite: 64-bit) integer. */
export const integer = (): ColumnBuilder<number> => column({ kind: 'integer' });
/** 64-bit integer; values come back as `number` when safe. */
export const bigint = (): ColumnBuilder<number | bigint> => column({ kind: 'bigint' });
/** Floating point (double precision). */
export const real = (): ColumnBuilder<number> => column({ kind: 'real' });
/** Exact decimal; values are strings (`'9.99'`) so no precision is lost. */
export const numeric = (precision?: number, scale?: number): ColumnBuilder<string> =>
  column({ kind: 'numeric', precision: precision ?? null, scale: precision === undefined ? null : (scale ?? 0) });
export const text = (): ColumnBuilder<string> => column({ kind: 'text' });
export const varchar = (length?: number): ColumnBuilder<string> => column({ kind: 'varchar', length: length ?? null });
export const boolean = (): ColumnBuilder<boolean> => column({ kind: 'boolean' });
/** Calendar date as a `'YYYY-MM-DD'` string. */
export const date = (): ColumnBuilder<string> => column({ kind: 'date' });
/** Date and time as a `Date`; `{ withTimezone: true }` maps to PostgreSQL's timestamptz. */
export const timestamp = (options: { withTimezone?: boolean } = {}): ColumnBuilder<Date> =>
  column({ kind: 'timestamp', withTimezone: options.withTimezone ?? false });
export const json = <T = unknown>(): ColumnBuilder<T> => column({ kind: 'json' });
export const blob = (): ColumnBuilder<Buffer> => column({ kind: 'blob' });
export const uuid = (): ColumnBuilder<string> => column({ kind: 'uuid' });
/** An enumerated type: a native ENUM where the database has one, a CHECK constraint otherwise. */
export const enumType = <const V extends readonly string[]>(name: string, values: V): ColumnBuilder<V[number]> =>
  column({ kind: 'enum', name, values: Object.freeze([...values]) });
/** A type the portable vocabulary lacks, written in the database's own words (`customType('inet')`). */
export const customType = <T = unknown>(sql: string): ColumnBuilder<T> => column({ kind: 'custom', sql });

export type AnyColumnBuilder = ColumnBuilder<any, boolean, boolean>;
