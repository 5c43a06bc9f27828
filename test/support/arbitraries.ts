/**
 * fast-check generators for random models that every dialect can create: the ground for
 * the IR round-trip and migration property tests. They go through the public DSL, so a
 * generated model is exactly what a user could write.
 */
import fc from 'fast-check';
import type { AnyModel, ColumnBuilder, TableExtra } from '../../src/index.js';
import {
  bigint,
  blob,
  boolean,
  date,
  enumType,
  integer,
  json,
  numeric,
  real,
  table,
  text,
  timestamp,
  uuid,
  varchar,
} from '../../src/index.js';

export interface ModelGenOptions {
  readonly partialIndexes: boolean;
  /** Access methods the generator may put in `using` (see `generatedMethods`). */
  readonly indexMethods?: readonly string[];
  /** Whether to generate indexes with expression keys. */
  readonly expressionIndexes?: boolean;
  /** NULLs placements the composite index's keys may say (see `generatedKeyOptions`); none when absent. */
  readonly indexNulls?: readonly KeyNulls[];
  /** Whether the composite index's first varchar key may have an operator class (PostgreSQL). */
  readonly indexOpclasses?: boolean;
  readonly maxTables?: number;
  readonly maxColumns?: number;
}

export type Kind = 'integer' | 'bigint' | 'real' | 'numeric' | 'text' | 'varchar' | 'boolean' | 'date' | 'timestamp' | 'timestamptz' | 'json' | 'blob' | 'uuid' | 'enum';
const KINDS: Kind[] = ['integer', 'bigint', 'real', 'numeric', 'text', 'varchar', 'boolean', 'date', 'timestamp', 'timestamptz', 'json', 'blob', 'uuid', 'enum'];
/** Types every dialect can index without a prefix length (MySQL cannot index TEXT/BLOB/JSON). */
const INDEXABLE = new Set<Kind>(['integer', 'bigint', 'numeric', 'varchar', 'boolean', 'date', 'timestamp', 'timestamptz', 'uuid', 'enum']);

export interface ColumnSpec {
  readonly name: string;
  readonly kind: Kind;
  readonly notNull: boolean;
  readonly unique: boolean;
  readonly index: boolean;
  readonly withDefault: boolean;
  readonly check: boolean;
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
  readonly enumValues: readonly string[];
  readonly defaultPick: number;
  readonly text: string;
}

export interface TableSpec {
  readonly name: string;
  readonly pk: 'serial' | 'composite' | 'none';
  /** The type of the serial `id`, and so of every `ref_id` referencing it (integer when absent). */
  readonly idKind?: 'integer' | 'bigint';
  readonly columns: readonly ColumnSpec[];
  readonly compositeIndex: boolean;
  /** Sort order of the composite index's two keys. */
  readonly compositeOrder: readonly IndexOrder[];
  readonly partialIndex: boolean;
  /** An index with this access method (`using`), on a column that suits it, or none. */
  readonly method: string | null;
  /**
   * NULLs placement of each composite index key (null: unsaid), and an operator class for
   * its first varchar key; null for neither.
   */
  readonly compositeKeyOptions?: { readonly nulls: readonly (KeyNulls | null)[]; readonly opclass: string | null } | null;
  /** An index keyed by an expression over a column, then another column (`expression`: which shape and order), or none. */
  readonly expression: { readonly pick: number; readonly desc: boolean } | null;
  readonly referencesPrevious: boolean;
  readonly onDelete: 'no action' | 'cascade' | 'set null' | 'restrict';
  /**
   * The table `ref_id` references (it must have pk 'serial'), or null for no foreign key.
   * When given, it replaces `referencesPrevious`; the target may come later or be itself.
   */
  readonly refTarget?: string | null;
}

// Built once: fc.stringMatching compiles its regex on construction, and arbitraries made
// inside chain() would otherwise be rebuilt for every sample.
const IDENT_BODY = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
const ENUM_VALUES = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z_]{0,7}$/), { minLength: 1, maxLength: 5 });
const TEXT = fc.string({ unit: fc.constantFrom('a', 'b', "'", ' ', 'é', '%', '"', '\\'), maxLength: 8 });

/**
 * The methods the generator can build an index with on a dialect: PostgreSQL's that need
 * no extension, MySQL's two (InnoDB makes both B-trees), none on SQLite.
 */
export function generatedMethods(dialect: { readonly name: string; readonly capabilities: { readonly indexMethods: readonly string[] } }): string[] {
  if (dialect.name === 'sqlite') return [];
  return ['btree', 'hash', ...dialect.capabilities.indexMethods.filter((m) => m === 'brin' || m === 'gin')];
}

/** A method from the options, or none (most often). */
export const indexMethod = (options: Pick<ModelGenOptions, 'indexMethods'>): fc.Arbitrary<string | null> =>
  options.indexMethods?.length ? fc.option(fc.constantFrom(...options.indexMethods), { freq: 2 }) : fc.constant(null);

/** Column kinds each generated method can index with a default operator class (gin: jsonb). */
const METHOD_KINDS: Record<string, ReadonlySet<Kind>> = {
  btree: INDEXABLE,
  hash: INDEXABLE,
  brin: new Set<Kind>(['integer', 'bigint', 'numeric', 'date', 'timestamp', 'timestamptz', 'uuid']),
  gin: new Set<Kind>(['json']),
};

export const expressionIndex = (options: Pick<ModelGenOptions, 'expressionIndexes'>): fc.Arbitrary<TableSpec['expression']> =>
  options.expressionIndexes ? fc.option(fc.record({ pick: fc.nat(5), desc: fc.boolean() }), { freq: 2 }) : fc.constant(null);

/** An expression over a column of the kind, as a user might index it; null when there is none for the kind. */
function keyExpression(c: ColumnSpec, pick: number): string | null {
  switch (c.kind) {
    case 'varchar':
    case 'text':
      return [`lower(${c.name})`, `upper(${c.name})`, `lower(${c.name}) || 'x'`, `coalesce(${c.name}, '')`][pick % 4]!;
    case 'integer':
    case 'bigint':
      // None overflows for any value the type holds (rows carry values up to its bounds).
      return [`${c.name} / 2`, `${c.name} % 7`, `(${c.name} / 3) + 1`, `coalesce(${c.name}, 0)`][pick % 4]!;
    default:
      return null;
  }
}

/**
 * Where a key says its NULLs go, relative to its order: 'low' is where SQLite and MySQL put
 * them (first ascending, last descending; PostgreSQL's non-default), 'high' the other.
 */
export type KeyNulls = 'low' | 'high';

/** The key options a dialect builds: NULLs placements ('high' only with NULLS FIRST/LAST) and operator classes. */
export function generatedKeyOptions(dialect: { readonly capabilities: { readonly indexNullsOrder: boolean; readonly indexOpclasses: boolean } }): Pick<ModelGenOptions, 'indexNulls' | 'indexOpclasses'> {
  return { indexNulls: dialect.capabilities.indexNullsOrder ? ['low', 'high'] : ['low'], indexOpclasses: dialect.capabilities.indexOpclasses };
}

/** text_ops is the default for varchar: saying it must change nothing. */
const OPCLASSES = ['varchar_pattern_ops', 'text_pattern_ops', 'text_ops'];

export const compositeKeyOptions = (options: Pick<ModelGenOptions, 'indexNulls' | 'indexOpclasses'>): fc.Arbitrary<TableSpec['compositeKeyOptions'] | null> =>
  options.indexNulls?.length || options.indexOpclasses
    ? fc.option(
        fc.record({
          nulls: fc.array(options.indexNulls?.length ? fc.option(fc.constantFrom(...options.indexNulls)) : fc.constant(null), { minLength: 2, maxLength: 2 }),
          opclass: options.indexOpclasses ? fc.option(fc.constantFrom(...OPCLASSES)) : fc.constant(null),
        }),
        { freq: 2 },
      )
    : fc.constant(null);

export type IndexOrder = 'asc' | 'desc';
export const INDEX_ORDERS = fc.array(fc.constantFrom<IndexOrder>('asc', 'desc'), { minLength: 2, maxLength: 2 });

const ident = (prefix: string) => IDENT_BODY.map((s) => `${prefix}${s}`);

export const columnSpec = (name: string): fc.Arbitrary<ColumnSpec> =>
  fc.record({
    name: fc.constant(name),
    kind: fc.constantFrom(...KINDS),
    notNull: fc.boolean(),
    unique: fc.boolean(),
    index: fc.boolean(),
    withDefault: fc.boolean(),
    check: fc.boolean(),
    length: fc.integer({ min: 1, max: 190 }),
    precision: fc.integer({ min: 4, max: 18 }),
    scale: fc.integer({ min: 0, max: 3 }),
    enumValues: ENUM_VALUES,
    defaultPick: fc.nat(1000),
    text: TEXT,
  });

export const tableSpec = (name: string, options: ModelGenOptions): fc.Arbitrary<TableSpec> =>
  fc
    .uniqueArray(ident('c_'), { minLength: 1, maxLength: options.maxColumns ?? 7 })
    .chain((names) =>
      fc.record({
        name: fc.constant(name),
        pk: fc.constantFrom<TableSpec['pk']>('serial', 'serial', 'composite', 'none'),
        idKind: fc.constantFrom<'integer' | 'bigint'>('integer', 'integer', 'bigint'),
        columns: fc.tuple(...names.map(columnSpec)),
        compositeIndex: fc.boolean(),
        compositeOrder: INDEX_ORDERS,
        compositeKeyOptions: compositeKeyOptions(options),
        partialIndex: fc.constant(false).chain((f) => (options.partialIndexes ? fc.boolean() : fc.constant(f))),
        method: indexMethod(options),
        expression: expressionIndex(options),
        referencesPrevious: fc.boolean(),
        onDelete: fc.constantFrom<TableSpec['onDelete']>('no action', 'cascade', 'set null', 'restrict'),
      }),
    );

/** A list of table specs with distinct names; later tables may reference earlier ones. */
export const schemaSpec = (options: ModelGenOptions): fc.Arbitrary<TableSpec[]> =>
  fc
    .uniqueArray(ident('t_'), { minLength: 1, maxLength: options.maxTables ?? 4 })
    .chain((names) => fc.tuple(...names.map((n) => tableSpec(n, options))));

function defaultFor(c: ColumnSpec): unknown {
  const p = c.defaultPick;
  switch (c.kind) {
    case 'integer':
    case 'bigint':
      return p - 500;
    case 'real':
      return (p - 500) / 4;
    case 'numeric':
      return c.scale === 0 ? p % 10 ** Math.min(c.precision - 1, 6) : Number(((p % 1000) / 10 ** Math.min(c.scale, 2)).toFixed(Math.min(c.scale, 2)));
    case 'text':
      return c.text;
    case 'varchar':
      return c.text.slice(0, c.length);
    case 'boolean':
      return p % 2 === 0;
    case 'date':
      return `20${String(10 + (p % 20))}-0${1 + (p % 9)}-1${p % 10}`;
    case 'timestamp':
    case 'timestamptz':
      return null; // server default below
    case 'json':
      return { k: c.text, n: p };
    case 'blob':
      return null;
    case 'uuid':
      return `${p.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    case 'enum':
      return c.enumValues[p % c.enumValues.length]!;
  }
}

function builderFor(c: ColumnSpec, tableName: string): ColumnBuilder<any, boolean, boolean> {
  switch (c.kind) {
    case 'integer':
      return integer();
    case 'bigint':
      return bigint();
    case 'real':
      return real();
    case 'numeric':
      return numeric(c.precision, Math.min(c.scale, c.precision - 1));
    case 'text':
      return text();
    case 'varchar':
      return varchar(c.length);
    case 'boolean':
      return boolean();
    case 'date':
      return date();
    case 'timestamp':
      return timestamp();
    case 'timestamptz':
      return timestamp({ withTimezone: true });
    case 'json':
      return json();
    case 'blob':
      return blob();
    case 'uuid':
      return uuid();
    case 'enum':
      return enumType(`e_${tableName}_${c.name}`, c.enumValues);
  }
}

/** Whether a column kind can carry .unique()/.index() in every dialect. */
export const isIndexable = (kind: Kind): boolean => INDEXABLE.has(kind);

/** Whether buildModels gives the column a default (literal or server default). */
export const hasDefault = (c: ColumnSpec): boolean => c.withDefault && (defaultFor(c) !== null || c.kind === 'timestamp' || c.kind === 'timestamptz');

/** The composite primary key buildModels declares: two indexable NOT NULL columns, or none. */
export function compositeKey(spec: TableSpec): string[] {
  const cols = spec.pk === 'composite' ? spec.columns.filter((c) => INDEXABLE.has(c.kind) && c.notNull).slice(0, 2) : [];
  return cols.length === 2 ? cols.map((c) => c.name) : [];
}

/** Whether `ref_id` is NOT NULL. */
export const refNotNull = (spec: TableSpec): boolean => spec.onDelete !== 'set null' && spec.columns[0]?.notNull === true;

/** Builds model classes from specs. */
export function buildModels(specs: readonly TableSpec[]): AnyModel[] {
  const models: AnyModel[] = [];
  const byName = new Map<string, AnyModel>();
  for (const spec of specs) {
    const previous = models.filter((m) => 'id' in m.c).at(-1);
    const cols: Record<string, ColumnBuilder<any, boolean, boolean>> = {};
    if (spec.pk === 'serial') cols.id = (spec.idKind === 'bigint' ? bigint() : integer()).primaryKey();
    for (const c of spec.columns) {
      let b = builderFor(c, spec.name);
      const indexable = INDEXABLE.has(c.kind);
      if (c.notNull) b = b.notNull();
      if (c.withDefault) {
        const d = defaultFor(c);
        if (d !== null) b = b.default(d as never);
        else if (c.kind === 'timestamp' || c.kind === 'timestamptz') b = b.serverDefault('CURRENT_TIMESTAMP');
      }
      if (c.unique && indexable) b = b.unique();
      else if (c.index && indexable) b = b.index();
      if (c.check && (c.kind === 'integer' || c.kind === 'bigint' || c.kind === 'real')) b = b.check(`${c.name} > -100000`);
      if (c.check && (c.kind === 'varchar' || c.kind === 'text')) b = b.check(`length(${c.name}) < 1000`);
      cols[c.name] = b;
    }
    const target = spec.refTarget !== undefined ? spec.refTarget : spec.referencesPrevious && previous ? previous.tableName : null;
    if (target !== null) {
      // Resolved lazily, so a table may reference one built later, or itself.
      // Of the key's type: MySQL/MariaDB require a foreign key's columns to match the key's.
      const key = specs.find((s) => s.name === target)?.idKind === 'bigint' ? bigint() : integer();
      let fk: ColumnBuilder<any, boolean, boolean> = key.references(() => byName.get(target)!.c.id!, { onDelete: spec.onDelete });
      if (refNotNull(spec)) fk = fk.notNull();
      cols.ref_id = fk.index();
    }
    const indexable = spec.columns.filter((c) => INDEXABLE.has(c.kind));
    const composite = compositeKey(spec);
    const model = table(spec.name, cols, (t) => {
      const extras: TableExtra[] = [];
      if (composite.length === 2) extras.push(t.primaryKey(composite.map((c) => t.c[c]!)));
      if (spec.compositeIndex && indexable.length >= 2) {
        const options = spec.compositeKeyOptions ?? null;
        const keys = indexable.slice(0, 2);
        const patterned = keys.find((c) => c.kind === 'varchar');
        extras.push(
          t.index(
            keys.map((c, i) => {
              const desc = spec.compositeOrder[i] === 'desc';
              const nulls = options?.nulls[i] ?? null;
              const opclass = c === patterned ? (options?.opclass ?? null) : null;
              if (nulls === null && opclass === null) return desc ? t.c[c.name]!.desc() : t.c[c.name]!;
              let key = desc ? t.key(t.c[c.name]!).desc() : t.key(t.c[c.name]!);
              // 'low': first ascending, last descending.
              if (nulls !== null) key = (nulls === 'low') === !desc ? key.nullsFirst() : key.nullsLast();
              return opclass === null ? key : key.opclass(opclass);
            }),
          ),
        );
      }
      const suited = spec.method === null ? undefined : spec.columns.find((c) => METHOD_KINDS[spec.method!]!.has(c.kind));
      if (suited) extras.push(t.index(`ix_${spec.name}_m`, [t.c[suited.name]!], { using: spec.method! }));
      const expr = spec.expression;
      const over = expr === null ? undefined : spec.columns.find((c) => keyExpression(c, expr.pick) !== null);
      if (expr && over) {
        const key = t.expr(keyExpression(over, expr.pick)!);
        const other = indexable.find((c) => c !== over);
        extras.push(t.index(`ix_${spec.name}_x`, [expr.desc ? key.desc() : key, ...(other && expr.pick % 2 === 0 ? [t.c[other.name]!] : [])]));
      }
      if (spec.partialIndex && indexable.length >= 1) {
        const c = indexable[indexable.length - 1]!;
        extras.push(t.index(`ix_${spec.name}_partial`, [t.c[c.name]!], { where: `${c.name} IS NOT NULL` }));
      }
      return extras;
    });
    models.push(model);
    byName.set(spec.name, model);
  }
  return models;
}
