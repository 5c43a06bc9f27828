/**
 * The schema IR: plain, frozen data describing tables. Models (`toSchema`) and the
 * live database (`dialect.introspect`) both become this shape; `dialect.normalize`
 * makes the two comparable; the diff never sees anything else. No methods here.
 */

/** Portable column types. `custom` carries a dialect's own type text verbatim. */
export type ColumnType =
  | { readonly kind: 'integer' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'real' }
  | { readonly kind: 'numeric'; readonly precision: number | null; readonly scale: number | null }
  | { readonly kind: 'text' }
  | { readonly kind: 'varchar'; readonly length: number | null }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'date' }
  | { readonly kind: 'timestamp'; readonly withTimezone: boolean }
  | { readonly kind: 'json' }
  | { readonly kind: 'blob' }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'enum'; readonly name: string; readonly values: readonly string[] }
  | { readonly kind: 'custom'; readonly sql: string };

export type ColumnTypeKind = ColumnType['kind'];

/** A JSON-compatible literal, as written in `.default(value)`. */
export type LiteralValue = string | number | boolean | null | readonly LiteralValue[] | { readonly [k: string]: LiteralValue };

/**
 * A column default: a literal value (rendered by the dialect as a SQL literal) or a
 * SQL expression taken verbatim (`serverDefault('CURRENT_TIMESTAMP')`).
 */
export type DefaultValue =
  | { readonly kind: 'literal'; readonly value: LiteralValue }
  | { readonly kind: 'expression'; readonly sql: string };

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly default: DefaultValue | null;
  /** Database-generated key (SQLite rowid alias, PostgreSQL identity, MySQL AUTO_INCREMENT). */
  readonly autoIncrement: boolean;
  readonly comment: string | null;
}

export interface PrimaryKey {
  /** `null` when the dialect does not keep primary key names (SQLite, MySQL). */
  readonly name: string | null;
  readonly columns: readonly string[];
}

/** Direction of an index key; ascending is every database's default. */
export type IndexOrder = 'asc' | 'desc';

/** Where an index key puts NULLs (NULLS FIRST / NULLS LAST). */
export type IndexNulls = 'first' | 'last';

/**
 * What a key may say beyond its order. Each is absent when it is the database's default,
 * which normalization also makes absent: `nulls` for the order's own NULLs placement
 * (PostgreSQL: last ascending, first descending), `opclass` for the column type's default
 * operator class (PostgreSQL `text_pattern_ops`, lower case).
 */
export type IndexKeyOptions = {
  readonly nulls?: IndexNulls;
  readonly opclass?: string;
};

/** One key part of an index: a column or an expression (`lower(email)`), ascending or descending. */
export type IndexKey =
  | ({ readonly kind: 'column'; readonly column: string; readonly order: IndexOrder } & IndexKeyOptions)
  | ({ readonly kind: 'expression'; readonly sql: string; readonly order: IndexOrder } & IndexKeyOptions);

export interface Index {
  readonly name: string;
  /** Key parts in index order (helpers in index-keys.ts). */
  readonly keys: readonly IndexKey[];
  readonly unique: boolean;
  /** Partial index predicate (SQL), or null. */
  readonly where: string | null;
  /**
   * Access method (`gin`, `hash`, …), lower case; absent for the database's default
   * (btree), which normalization also makes absent.
   */
  readonly using?: string;
}

export interface UniqueConstraint {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface CheckConstraint {
  readonly name: string;
  readonly expression: string;
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

export interface Table {
  readonly name: string;
  /** Columns in declaration order. */
  readonly columns: readonly Column[];
  readonly primaryKey: PrimaryKey | null;
  readonly indexes: readonly Index[];
  readonly uniques: readonly UniqueConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly foreignKeys: readonly ForeignKey[];
  readonly comment: string | null;
}

export interface Schema {
  /** Tables sorted by name, so equal schemas are deep-equal. */
  readonly tables: readonly Table[];
}

/** Deep-freezes IR built by hand (tests, introspectors). Returns the same object. */
export function freezeDeep<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Indexed and for-in loops: no array of values per object (this runs over every IR node).
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) freezeDeep(value[i]);
    else for (const key in value) if (Object.hasOwn(value, key)) freezeDeep((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Builds a Schema with tables sorted by name, deep-frozen. */
export function makeSchema(tables: readonly Table[]): Schema {
  const sorted = [...tables];
  // Mostly already in order (a table appended to a sorted schema): check before sorting.
  if (!sorted.every((t, i) => i === 0 || sorted[i - 1]!.name <= t.name)) sorted.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return freezeDeep({ tables: sorted });
}

/**
 * Deep equality of IR data (plain objects, arrays, JSON-like values); a key holding
 * `undefined` counts as absent, as it would after a JSON round trip.
 */
export function sameIr(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameIr(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let keys = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    keys++;
    if (!sameIr(ra[k], rb[k])) return false;
  }
  for (const k in rb) if (rb[k] !== undefined) keys--;
  return keys === 0;
}

export function findTable(schema: Schema, name: string): Table | undefined {
  return schema.tables.find((t) => t.name === name);
}

export function findColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}
