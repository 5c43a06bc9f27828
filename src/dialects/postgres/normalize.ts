import { mapKeyExpressions, renameKeyColumns } from '../../schema/index-keys.js';
import type { Column, ColumnType, DefaultValue, Schema, Table } from '../../schema/ir.js';
import { expressionKeyOf, mapTables, normalizeColumnCommon } from '../shared/normalize.js';
import { assertTableNames } from './ddl.js';
import { literalOf } from './defaults.js';
import { canonicalPgExpression } from './expression.js';
import type { NamedThing } from './identifiers.js';
import { withoutDefaultOptions } from './index-keys.js';
import { assertDistinctWhenShortened, defaultPrimaryKeyName, shortenPg } from './identifiers.js';
import { parsePostgresType } from './types.js';

/**
 * Makes model IR and introspected PostgreSQL IR comparable:
 * - every identifier is shortened to 63 bytes exactly as DDL shortens it (and two names
 *   that would collide once shortened are a ModelError, never a silent truncation);
 * - a primary key named `<table>_pkey` (what our DDL and PostgreSQL both pick) is `null`;
 * - custom type text is read through the type parser, so `customType('int8')` is bigint;
 * - CHECK expressions, index predicates and defaults lose the casts and parentheses the
 *   server adds (`'abc'::character varying` is the literal 'abc');
 * - identity columns are NOT NULL and have no default;
 * - index keys lose NULLS FIRST/LAST and operator classes that are the defaults.
 * RESTRICT and NO ACTION stay distinct: PostgreSQL stores each as declared, and they
 * differ (NO ACTION can be deferred), so folding them would hide a real change.
 */
export function normalizePostgres(schema: Schema): Schema {
  assertSchemaNames(schema);
  return mapTables(schema, normalizeTable);
}

function normalizeTable(t: Table): Table {
  const pk = t.primaryKey;
  const name = shortenPg(t.name);
  return {
    name,
    columns: t.columns.map((c) => normalizeColumn(c, pk?.columns.includes(c.name) ?? false)),
    primaryKey: pk
      ? { name: pk.name === null || shortenPg(pk.name) === defaultPrimaryKeyName(name) ? null : shortenPg(pk.name), columns: pk.columns.map(shortenPg) }
      : null,
    indexes: t.indexes.map((i) => {
      const method = (i.using ?? 'btree').toLowerCase();
      return {
        name: shortenPg(i.name),
        keys: mapKeyExpressions(renameKeyColumns(i, shortenPg), (sql) => expressionKeyOf(sql, t, canonicalPgExpression, shortenPg)).keys.map((k) => withoutDefaultOptions(k, method)),
        unique: i.unique,
        where: i.where === null ? null : canonicalPgExpression(i.where),
        // btree is what CREATE INDEX uses unless told: declaring it changes nothing.
        ...(method !== 'btree' ? { using: method } : {}),
      };
    }),
    uniques: t.uniques.map((u) => ({ name: shortenPg(u.name), columns: u.columns.map(shortenPg) })),
    checks: t.checks.map((c) => ({ name: shortenPg(c.name), expression: canonicalPgExpression(c.expression) })),
    foreignKeys: t.foreignKeys.map((f) => ({
      ...f,
      name: shortenPg(f.name),
      columns: f.columns.map(shortenPg),
      refTable: shortenPg(f.refTable),
      refColumns: f.refColumns.map(shortenPg),
    })),
    comment: t.comment === '' ? null : t.comment,
  };
}

function normalizeColumn(c: Column, inPrimaryKey: boolean): Column {
  const type = normalizeType(c.type);
  return normalizeColumnCommon({
    ...c,
    name: shortenPg(c.name),
    type,
    nullable: c.nullable && !inPrimaryKey && !c.autoIncrement,
    default: literalDefault(c.default),
  });
}

function normalizeType(type: ColumnType): ColumnType {
  switch (type.kind) {
    case 'custom':
      return parsePostgresType(type.sql);
    case 'enum':
      return { ...type, name: shortenPg(type.name) };
    case 'numeric':
      return type.precision === null ? { ...type, scale: null } : { ...type, scale: type.scale ?? 0 };
    default:
      return type;
  }
}

/** Expression defaults that are literals in disguise (`'a'::text`, `'-5'::integer`) become literals; others get one spelling. */
function literalDefault(def: DefaultValue | null): DefaultValue | null {
  if (def === null || def.kind === 'literal') return def;
  const value = literalOf(def.sql);
  if (value === null) return null;
  if (value !== undefined) return { kind: 'literal', value };
  // now() and CURRENT_TIMESTAMP are the same function (transaction start time).
  const sql = canonicalPgExpression(def.sql).replace(/\b(now|transaction_timestamp)\(\)/g, 'current_timestamp');
  return { kind: 'expression', sql };
}

/**
 * Names that share a namespace in PostgreSQL must stay distinct once shortened: tables,
 * indexes and the indexes behind primary keys and unique constraints are all relations
 * of the schema; enum types share pg_type with the row types of tables.
 */
function assertSchemaNames(schema: Schema): void {
  const relations: NamedThing[] = [];
  const types: NamedThing[] = [];
  for (const t of schema.tables) {
    assertTableNames(t);
    relations.push({ name: t.name, what: 'table' });
    types.push({ name: t.name, what: 'table' });
    if (t.primaryKey) relations.push({ name: t.primaryKey.name ?? defaultPrimaryKeyName(t.name), what: 'primary key' });
    for (const i of t.indexes) relations.push({ name: i.name, what: 'index' });
    for (const u of t.uniques) relations.push({ name: u.name, what: 'unique constraint' });
    for (const c of t.columns) if (c.type.kind === 'enum') types.push({ name: c.type.name, what: 'enum type' });
  }
  assertDistinctWhenShortened(relations, 'in the schema');
  assertDistinctWhenShortened(types, 'among types');
}
