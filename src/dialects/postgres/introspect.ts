import type { CheckConstraint, Column, ColumnType, ForeignKey, Index, IndexKey, PrimaryKey, ReferentialAction, Schema, Table, UniqueConstraint } from '../../schema/ir.js';
import { makeSchema } from '../../schema/ir.js';
import type { Connection, IntrospectOptions } from '../dialect.js';
import { stripOuterParens } from '../shared/tokens.js';
import { readPgDefault } from './defaults.js';
import { shortenPg } from './identifiers.js';
import { parsePostgresType } from './types.js';
import { groupBy } from '../shared/introspect.js';

interface TableRow { oid: number; name: string; comment: string | null }
interface ColumnRow {
  rel: number;
  name: string;
  type: string;
  typtype: string;
  typname: string;
  type_oid: number;
  type_local: boolean;
  not_null: boolean;
  default_sql: string | null;
  identity: string;
  generated: string;
  comment: string | null;
}
interface ConstraintRow {
  rel: number;
  name: string;
  type: 'p' | 'u' | 'c' | 'f';
  columns: string[];
  ref_table: string | null;
  ref_columns: string[];
  on_delete: string;
  on_update: string;
  check_sql: string | null;
}
interface IndexRow { rel: number; name: string; method: string; unique: boolean; predicate: string | null; columns: Array<string | null>; expressions: Array<string | null>; descending: boolean[]; nulls_first: boolean[]; opclasses: Array<string | null> }
interface EnumRow { oid: number; label: string }

/** The tables of the current schema (the URL's `?schema=`, else the search_path's first). */
const TABLE_FILTER = `n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND ($1::text[] IS NULL OR c.relname = ANY ($1::text[])) AND NOT (c.relname = ANY ($2::text[]))`;

const TABLES_SQL = `SELECT c.oid, c.relname AS name, d.description AS comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE ${TABLE_FILTER}
ORDER BY c.relname`;

const COLUMNS_SQL = `SELECT a.attrelid AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
  t.typtype, t.typname, a.atttypid AS type_oid, tn.nspname = current_schema() AS type_local,
  a.attnotnull AS not_null, pg_get_expr(ad.adbin, ad.adrelid) AS default_sql,
  a.attidentity AS identity, a.attgenerated AS generated, d.description AS comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
WHERE ${TABLE_FILTER} AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

/** Column names of a key, in key order. */
const keyNames = (key: string, rel: string): string =>
  `ARRAY(SELECT a.attname::text FROM unnest(${key}) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.num ORDER BY k.ord)`;

// contype 'n' (PostgreSQL 18's NOT NULL constraints) is left out: nullability is a column property here.
const CONSTRAINTS_SQL = `SELECT con.conrelid AS rel, con.conname AS name, con.contype AS type,
  ${keyNames('con.conkey', 'con.conrelid')} AS columns,
  rc.relname AS ref_table,
  ${keyNames('con.confkey', 'con.confrelid')} AS ref_columns,
  con.confdeltype AS on_delete, con.confupdtype AS on_update,
  pg_get_expr(con.conbin, con.conrelid) AS check_sql
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
WHERE ${TABLE_FILTER} AND con.contype IN ('p', 'u', 'c', 'f')
ORDER BY con.conrelid, con.conname`;

// Indexes that back a primary key, unique or exclusion constraint are reported as that constraint.
const INDEXES_SQL = `SELECT i.indrelid AS rel, ic.relname AS name, am.amname AS method, i.indisunique AS unique,
  pg_get_expr(i.indpred, i.indrelid) AS predicate,
  -- Per key: its column, or (indkey 0) its expression as the server prints it.
  ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
        LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num
        WHERE k.ord <= i.indnkeyatts ORDER BY k.ord) AS columns,
  ARRAY(SELECT CASE WHEN k.num = 0 THEN pg_get_indexdef(i.indexrelid, k.ord::int, true) END
        FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
        WHERE k.ord <= i.indnkeyatts ORDER BY k.ord) AS expressions,
  -- indoption bit 0 is DESC, bit 1 NULLS FIRST (https://www.postgresql.org/docs/current/catalog-pg-index.html).
  ARRAY(SELECT (o & 1) = 1 FROM unnest(i.indoption::int2[]) WITH ORDINALITY k(o, ord) WHERE k.ord <= i.indnkeyatts ORDER BY k.ord) AS descending,
  ARRAY(SELECT (o & 2) = 2 FROM unnest(i.indoption::int2[]) WITH ORDINALITY k(o, ord) WHERE k.ord <= i.indnkeyatts ORDER BY k.ord) AS nulls_first,
  -- Per key: its operator class, unless it is the default one (what CREATE INDEX picks unless told).
  ARRAY(SELECT CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname::text END
        FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(cls, ord) JOIN pg_opclass opc ON opc.oid = k.cls
        WHERE k.ord <= i.indnkeyatts ORDER BY k.ord) AS opclasses
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${TABLE_FILTER}
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname`;

const ENUMS_SQL = `SELECT e.enumtypid AS oid, e.enumlabel AS label FROM pg_enum e WHERE e.enumtypid = ANY ($1::oid[]) ORDER BY e.enumtypid, e.enumsortorder`;

/**
 * Reads the current schema with five catalog queries, however many tables there are
 * (each query covers every table; foreign keys are read, never followed).
 */
export async function introspectPostgres(conn: Connection, options: IntrospectOptions = {}): Promise<Schema> {
  // Model names may be longer than the database's: look them up as stored.
  const params = [options.only ? options.only.map(shortenPg) : null, (options.exclude ?? []).map(shortenPg)];
  const tables = (await conn.query(TABLES_SQL, params)).rows as unknown as TableRow[];
  if (tables.length === 0) return makeSchema([]);
  const columns = (await conn.query(COLUMNS_SQL, params)).rows as unknown as ColumnRow[];
  const constraints = (await conn.query(CONSTRAINTS_SQL, params)).rows as unknown as ConstraintRow[];
  const indexes = (await conn.query(INDEXES_SQL, params)).rows as unknown as IndexRow[];
  const enumOids = [...new Set(columns.filter((c) => c.typtype === 'e' && c.type_local).map((c) => c.type_oid))];
  const enumRows = enumOids.length ? ((await conn.query(ENUMS_SQL, [enumOids])).rows as unknown as EnumRow[]) : [];

  const enumValues = groupBy(enumRows, (r) => r.oid);
  const columnsByTable = groupBy(columns, (r) => r.rel);
  const constraintsByTable = groupBy(constraints, (r) => r.rel);
  const indexesByTable = groupBy(indexes, (r) => r.rel);
  return makeSchema(
    tables.map((t) => readTable(t, columnsByTable.get(t.oid) ?? [], constraintsByTable.get(t.oid) ?? [], indexesByTable.get(t.oid) ?? [], enumValues)),
  );
}

function readTable(t: TableRow, columnRows: ColumnRow[], constraintRows: ConstraintRow[], indexRows: IndexRow[], enumValues: Map<number, EnumRow[]>): Table {
  const columns = columnRows.map((r) => readColumn(r, enumValues));
  let primaryKey: PrimaryKey | null = null;
  const uniques: UniqueConstraint[] = [];
  const checks: CheckConstraint[] = [];
  const foreignKeys: ForeignKey[] = [];
  for (const con of constraintRows) {
    switch (con.type) {
      case 'p':
        primaryKey = { name: con.name, columns: con.columns };
        break;
      case 'u':
        uniques.push({ name: con.name, columns: con.columns });
        break;
      case 'c':
        checks.push({ name: con.name, expression: stripOuterParens(con.check_sql ?? '') });
        break;
      case 'f':
        foreignKeys.push({
          name: con.name,
          columns: con.columns,
          refTable: con.ref_table ?? '',
          refColumns: con.ref_columns,
          onDelete: action(con.on_delete),
          onUpdate: action(con.on_update),
        });
        break;
    }
  }
  const indexes: Index[] = indexRows
    .filter((i) => i.columns.length > 0)
    .map((i) => ({
      name: i.name,
      keys: i.columns.map((column, n): IndexKey => {
        const order = i.descending[n] ? 'desc' : 'asc';
        // Only the placement that is not the order's own (NULLS LAST ascending, FIRST descending).
        const nullsFirst = i.nulls_first[n] === true;
        const options = {
          ...(nullsFirst !== (order === 'desc') ? { nulls: nullsFirst ? ('first' as const) : ('last' as const) } : {}),
          ...(i.opclasses[n] ? { opclass: i.opclasses[n] } : {}),
        };
        return column !== null ? { kind: 'column', column, order, ...options } : { kind: 'expression', sql: stripOuterParens(i.expressions[n] ?? ''), order, ...options };
      }),
      unique: i.unique,
      where: i.predicate === null ? null : stripOuterParens(i.predicate),
      ...(i.method !== 'btree' ? { using: i.method } : {}),
    }));
  return { name: t.name, columns, primaryKey, indexes, uniques, checks, foreignKeys, comment: t.comment };
}

function readColumn(r: ColumnRow, enumValues: Map<number, EnumRow[]>): Column {
  const base = { name: r.name, nullable: !r.not_null, comment: r.comment };
  if (r.generated === 's') {
    // The IR has no generated columns; as a custom type the definition survives a re-create.
    return { ...base, type: { kind: 'custom', sql: `${r.type} GENERATED ALWAYS AS (${r.default_sql ?? ''}) STORED` }, default: null, autoIncrement: false };
  }
  const type: ColumnType =
    r.typtype === 'e' && r.type_local
      ? { kind: 'enum', name: r.typname, values: (enumValues.get(r.type_oid) ?? []).map((e) => e.label) }
      : parsePostgresType(r.type);
  const identity = r.identity === 'a' || r.identity === 'd';
  const read = identity ? { default: null, serial: false } : readPgDefault(r.default_sql, type);
  return { ...base, type, default: read.default, autoIncrement: identity || read.serial };
}

// https://www.postgresql.org/docs/current/catalog-pg-constraint.html (confdeltype, confupdtype)
function action(code: string): ReferentialAction {
  switch (code) {
    case 'r':
      return 'restrict';
    case 'c':
      return 'cascade';
    case 'n':
      return 'set null';
    case 'd':
      return 'set default';
    default:
      return 'no action';
  }
}

