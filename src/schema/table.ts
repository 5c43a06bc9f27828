import type { OrderBy } from '../query/ast.js';
import type { IndexExpression, IndexKeyPart, IndexPart } from './index-parts.js';
import { indexColumnKey, indexExpression } from './index-parts.js';
import { ColumnRef } from './column-ref.js';
import type { AnyColumnBuilder, ColumnBuilder } from './columns.js';
import type { ReferenceOptions } from './columns.js';
import { ModelBase, propertyInitializer } from './model-base.js';

/** Symbol under which a model class keeps its definition. */
export const MODEL = Symbol.for('ormkit.model');

/** Table-level definitions returned from the third argument of `table()`. */
export type TableExtra =
  | { readonly kind: 'index'; readonly name: string | null; readonly columns: readonly IndexPart[]; readonly unique: boolean; readonly where: string | null; readonly using: string | null }
  | { readonly kind: 'unique'; readonly name: string | null; readonly columns: readonly ColumnRef[] }
  | { readonly kind: 'check'; readonly name: string; readonly expression: string }
  | { readonly kind: 'primaryKey'; readonly name: string | null; readonly columns: readonly ColumnRef[]; readonly autoIncrement: boolean | null }
  | {
      readonly kind: 'foreignKey';
      readonly name: string | null;
      readonly columns: readonly ColumnRef[];
      readonly target: () => readonly ColumnRef[];
      readonly options: ReferenceOptions;
    };

export interface TableOptions {
  /** The table's previous name: autogenerate renames instead of drop + create. */
  readonly renamedFrom?: string;
  readonly comment?: string;
}

export type ColumnsShape = Record<string, AnyColumnBuilder>;

export type ColumnRefs<C extends ColumnsShape> = { readonly [K in keyof C]: ColumnRef<ValueOf<C[K]>, K & string> };

/** The builder handed to the extras callback: `(t) => [t.index(...), t.check(...)]`. */
export interface TableBuilder<C extends ColumnsShape> {
  readonly c: ColumnRefs<C>;
  /** `t.index([cols])` or `t.index('name', [t.c.a, t.c.b.desc()], { unique, where })`. */
  index(nameOrColumns: string | readonly IndexPart[], columns?: readonly IndexPart[] | IndexOptions, options?: IndexOptions): TableExtra;
  uniqueIndex(nameOrColumns: string | readonly IndexPart[], columns?: readonly IndexPart[] | IndexOptions, options?: IndexOptions): TableExtra;
  /**
   * An expression key for `t.index('name', [...])`, in the database's SQL:
   * `t.expr('lower(email)')`, `t.expr('lower(email)').desc()` (PostgreSQL, SQLite).
   */
  expr(sql: string): IndexExpression;
  /**
   * A column key that takes options: `t.key(t.c.name).opclass('text_pattern_ops')`,
   * `t.key(t.c.at).desc().nullsLast()` (operator classes and NULLS FIRST/LAST: PostgreSQL).
   */
  key(column: ColumnRef | OrderBy): IndexKeyPart;
  /** A UNIQUE constraint over several columns. */
  unique(nameOrColumns: string | readonly ColumnRef[], columns?: readonly ColumnRef[]): TableExtra;
  check(name: string, expression: string): TableExtra;
  /**
   * A primary key, composite or named. A lone integer/bigint key is auto-incremented
   * unless `{ autoIncrement: false }`, as with the column's `.primaryKey()`.
   */
  primaryKey(columns: readonly ColumnRef[], name?: string, options?: { readonly autoIncrement?: boolean }): TableExtra;
  /** A composite foreign key. */
  foreignKey(columns: readonly ColumnRef[], target: () => readonly ColumnRef[], options?: ReferenceOptions): TableExtra;
}

export interface IndexOptions {
  readonly unique?: boolean;
  /** Partial index predicate, SQL. */
  readonly where?: string;
  /**
   * Access method: `'gin'`, `'gist'`, `'brin'`, `'hash'`, … on PostgreSQL, `'hash'` on
   * MySQL (InnoDB builds a B-tree anyway); SQLite has none. Default: B-tree.
   */
  readonly using?: string;
}

/** The definition a model class carries under `MODEL`. */
export interface TableDefinition {
  readonly name: string;
  readonly columns: Readonly<Record<string, AnyColumnBuilder>>;
  /** Resolved lazily, so extras may reference models defined later. */
  readonly extras: () => readonly TableExtra[];
  readonly options: TableOptions;
  readonly refs: Readonly<Record<string, ColumnRef>>;
}

type ValueOf<B> = B extends ColumnBuilder<infer T, boolean, boolean> ? T : never;
type NotNullOf<B> = B extends ColumnBuilder<unknown, infer N, boolean> ? N : false;
type HasDefaultOf<B> = B extends ColumnBuilder<unknown, boolean, infer D> ? D : false;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The row type of a columns shape: NOT NULL columns are `T`, others `T | null`. */
export type RowOf<C extends ColumnsShape> = Simplify<{
  -readonly [K in keyof C]: NotNullOf<C[K]> extends true ? ValueOf<C[K]> : ValueOf<C[K]> | null;
}>;

type RequiredInsertKeys<C extends ColumnsShape> = {
  [K in keyof C]: NotNullOf<C[K]> extends true ? (HasDefaultOf<C[K]> extends true ? never : K) : never;
}[keyof C];

/** The insert type: NOT NULL columns without a default are required; the rest optional. */
export type InsertOf<C extends ColumnsShape> = Simplify<
  { [K in RequiredInsertKeys<C>]: ValueOf<C[K]> } & {
    [K in Exclude<keyof C, RequiredInsertKeys<C>>]?: NotNullOf<C[K]> extends true ? ValueOf<C[K]> : ValueOf<C[K]> | null;
  }
>;

/** A model: a class whose instances are rows, with static `tableName` and column refs `c`. */
export interface ModelClass<N extends string = string, C extends ColumnsShape = ColumnsShape> {
  new (values?: InsertOf<C>): RowOf<C>;
  readonly tableName: N;
  readonly c: ColumnRefs<C>;
  readonly [MODEL]: TableDefinition;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = ModelClass<string, any>;

/** Row type of a model: `InferRow<typeof User>`. */
export type InferRow<M> = M extends ModelClass<string, infer C> ? RowOf<C> : never;
/** Insert type of a model: `InferInsert<typeof User>`. */
export type InferInsert<M> = M extends ModelClass<string, infer C> ? InsertOf<C> : never;

/**
 * Defines a table. The third argument is either a callback returning table-level
 * definitions (composite indexes, checks, ...) or the table options; options may also
 * come fourth.
 */
export function table<N extends string, C extends ColumnsShape>(
  name: N,
  columns: C,
  extrasOrOptions?: ((t: TableBuilder<C>) => readonly TableExtra[]) | TableOptions,
  options?: TableOptions,
): ModelClass<N, C> {
  const definition = tableDefinition(name, columns, extrasOrOptions, options);
  const initColumns = propertyInitializer(Object.keys(columns));
  const model = class extends ModelBase {
    constructor(values?: Record<string, unknown>) {
      super();
      initColumns(this);
      if (values !== undefined) Object.assign(this, values);
    }
  };
  Object.defineProperty(model, 'name', { value: modelClassName(name) });
  Object.defineProperty(model, 'tableName', { value: name, enumerable: true });
  Object.defineProperty(model, 'c', { value: definition.refs, enumerable: true });
  Object.defineProperty(model, MODEL, { value: definition });
  return model as unknown as ModelClass<N, C>;
}

/**
 * What `table()` attaches to its model class, checked, without the class: all a
 * migration's `op.createTable` needs (see `definitionToIr`).
 */
export function tableDefinition<C extends ColumnsShape>(
  name: string,
  columns: C,
  extrasOrOptions?: ((t: TableBuilder<C>) => readonly TableExtra[]) | TableOptions,
  options?: TableOptions,
): TableDefinition {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError('table(): the first argument must be the table name, a non-empty string');
  }
  if (typeof columns !== 'object' || columns === null || Object.keys(columns).length === 0) {
    throw new TypeError(`table('${name}'): the second argument must be an object of columns, e.g. { id: integer().primaryKey() }`);
  }
  const callback = typeof extrasOrOptions === 'function' ? extrasOrOptions : null;
  const opts: TableOptions = Object.freeze({ ...(typeof extrasOrOptions === 'object' ? extrasOrOptions : {}), ...options });

  const refs: Record<string, ColumnRef> = {};
  for (const [prop, builder] of Object.entries(columns)) {
    if (typeof builder !== 'object' || builder === null || !('config' in builder)) {
      throw new TypeError(`table('${name}'): column '${prop}' is not a column definition (use integer(), varchar(n), ...)`);
    }
    refs[prop] = new ColumnRef(name, builder.config.sqlName ?? prop, prop);
  }
  Object.freeze(refs);

  let extras: readonly TableExtra[] | null = null;
  // Made when the extras are first read: a table without them never needs it.
  let builder: TableBuilder<C> | null = null;
  return Object.freeze({
    name,
    columns: Object.freeze({ ...columns }),
    options: opts,
    refs,
    extras: () => (extras ??= Object.freeze(callback ? [...callback((builder ??= makeTableBuilder(refs as ColumnRefs<C>)))] : [])),
  });
}

function makeTableBuilder<C extends ColumnsShape>(c: ColumnRefs<C>): TableBuilder<C> {
  const index = (unique: boolean) =>
    (nameOrColumns: string | readonly IndexPart[], columns?: readonly IndexPart[] | IndexOptions, options?: IndexOptions): TableExtra => {
      const named = typeof nameOrColumns === 'string';
      const cols = named ? (columns as readonly IndexPart[]) : nameOrColumns;
      const opts = (named ? options : (columns as IndexOptions | undefined)) ?? {};
      return Object.freeze({
        kind: 'index',
        name: named ? nameOrColumns : null,
        columns: Object.freeze([...(cols ?? [])]),
        unique: unique || opts.unique === true,
        where: opts.where ?? null,
        using: opts.using ?? null,
      });
    };
  return Object.freeze({
    c,
    index: index(false),
    uniqueIndex: index(true),
    expr: (sql: string) => indexExpression(sql),
    key: (column: ColumnRef | OrderBy) => indexColumnKey(column),
    unique: (nameOrColumns: string | readonly ColumnRef[], columns?: readonly ColumnRef[]): TableExtra => {
      const named = typeof nameOrColumns === 'string';
      return Object.freeze({
        kind: 'unique',
        name: named ? nameOrColumns : null,
        columns: Object.freeze([...((named ? columns : nameOrColumns) ?? [])]),
      });
    },
    check: (name: string, expression: string): TableExtra => Object.freeze({ kind: 'check', name, expression }),
    primaryKey: (columns: readonly ColumnRef[], name?: string, options: { readonly autoIncrement?: boolean } = {}): TableExtra =>
      Object.freeze({ kind: 'primaryKey', name: name ?? null, columns: Object.freeze([...columns]), autoIncrement: options.autoIncrement ?? null }),
    foreignKey: (columns: readonly ColumnRef[], target: () => readonly ColumnRef[], options: ReferenceOptions = {}): TableExtra =>
      Object.freeze({ kind: 'foreignKey', name: options.name ?? null, columns: Object.freeze([...columns]), target, options }),
  });
}

function modelClassName(tableName: string): string {
  const pascal = tableName.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, ch: string) => ch.toUpperCase());
  return /^[A-Za-z_$]/.test(pascal) ? pascal : `T${pascal}`;
}

/** True when `value` is a model class made by `table()`. */
export function isModel(value: unknown): value is AnyModel {
  return typeof value === 'function' && MODEL in value;
}

export function modelDefinition(model: AnyModel): TableDefinition {
  return model[MODEL];
}
