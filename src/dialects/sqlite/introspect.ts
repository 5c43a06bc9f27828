import type { CheckConstraint, Column, ColumnType, DefaultValue, ForeignKey, Index, IndexKey, Schema, Table, UniqueConstraint } from '../../schema/ir.js';
import { makeSchema } from '../../schema/ir.js';
import { checkName, foreignKeyName, uniqueName } from '../../schema/naming.js';
import type { Connection, IntrospectOptions } from '../dialect.js';
import { parseSqlLiteral } from '../shared/normalize.js';
import { stripOuterParens, tokenize } from '../shared/tokens.js';
import { parseCreateTable, parseIndexKeys, parseIndexWhere } from './parse-create-table.js';
import { parseSqliteType } from './types.js';
import { groupBy, referentialAction } from '../shared/introspect.js';

interface ColumnRow { tbl: string; cid: number; name: string; type: string; notnull: number; dflt_value: string | null; pk: number }
interface IndexRow { tbl: string; idx: string; uniq: number; origin: string; partial: number; seqno: number; col: string | null; desc: number; sql?: string | null }
interface FkRow { tbl: string; id: number; seq: number; ref: string; from: string; to: string | null; on_update: string; on_delete: string }

/**
 * Reads the schema with four queries over the pragma table-valued functions
 * (https://www.sqlite.org/pragma.html#pragfunc), however many tables there are, plus the
 * CREATE TABLE text for names and CHECKs. Foreign keys are read per table, never followed.
 */
export async function introspectSqlite(conn: Connection, options: IntrospectOptions = {}): Promise<Schema> {
  const exclude = new Set(options.exclude ?? []);
  const only = options.only ? new Set(options.only) : null;
  const keep = (name: string) => !exclude.has(name) && (!only || only.has(name));

  const tables = (
    await conn.query(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)
  ).rows.filter((r) => keep(r.name as string)) as Array<{ name: string; sql: string }>;
  if (tables.length === 0) return makeSchema([]);
  const wanted = new Set(tables.map((t) => t.name));

  const columnRows = (
    await conn.query(
      `SELECT m.name AS tbl, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk
       FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid`,
    )
  ).rows as unknown as ColumnRow[];
  const indexRows = (
    await conn.query(
      `SELECT m.name AS tbl, il.name AS idx, il."unique" AS uniq, il.origin, il.partial, ii.seqno, ii.name AS col, ii."desc" AS "desc"
       FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ii
       WHERE m.type = 'table' AND ii."key" = 1 ORDER BY m.name, il.name, ii.seqno`,
    )
  ).rows as unknown as IndexRow[];
  // The predicate of a partial index and expression keys are only in the CREATE INDEX
  // text: read those texts when there is one (joining sqlite_schema per index row scans it for each).
  if (indexRows.some((r) => r.partial || r.col === null)) {
    const texts = new Map(
      ((await conn.query(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL`)).rows as Array<{ name: string; sql: string }>).map((r) => [r.name, r.sql]),
    );
    for (const r of indexRows) r.sql = texts.get(r.idx) ?? null;
  }
  const fkRows = (
    await conn.query(
      `SELECT m.name AS tbl, f.id, f.seq, f."table" AS ref, f."from", f."to", f.on_update, f.on_delete
       FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`,
    )
  ).rows as unknown as FkRow[];

  const columnsByTable = groupBy(columnRows, (r) => r.tbl);
  const indexesByTable = groupBy(indexRows, (r) => r.tbl);
  const fksByTable = groupBy(fkRows, (r) => r.tbl);
  const pkOf = (table: string): string[] =>
    (columnsByTable.get(table) ?? []).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);

  const result: Table[] = [];
  for (const { name, sql } of tables) {
    if (!wanted.has(name)) continue;
    result.push(readTable(name, sql, columnsByTable.get(name) ?? [], indexesByTable.get(name) ?? [], fksByTable.get(name) ?? [], pkOf));
  }
  return makeSchema(result);
}

function readTable(
  name: string,
  createSql: string,
  columnRows: ColumnRow[],
  indexRows: IndexRow[],
  fkRows: FkRow[],
  pkOf: (table: string) => string[],
): Table {
  const parsed = safeParse(createSql);
  const withoutRowid = /\)\s*(?:STRICT\s*,\s*)?WITHOUT\s+ROWID\s*(?:,\s*STRICT\s*)?$/i.test(createSql);
  const pkColumns = columnRows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);

  const enumChecks = new Map<string, ColumnType>();
  const checks: CheckConstraint[] = [];
  let anonymous = 0;
  for (const check of parsed.checks) {
    const asEnum = check.column !== null ? readEnumCheck(check.name, check.column, check.expression) : null;
    if (asEnum && check.column) {
      enumChecks.set(check.column.toLowerCase(), asEnum);
      continue;
    }
    const generated = check.column ? checkName(name, check.column) : `ck_${name}_${++anonymous}`;
    checks.push({ name: check.name ?? generated, expression: check.expression.trim() });
  }

  const columns: Column[] = columnRows.map((r) => {
    const isPk = r.pk > 0;
    const rowid = !withoutRowid && pkColumns.length === 1 && isPk && r.type.trim().toUpperCase() === 'INTEGER';
    return {
      name: r.name,
      type: enumChecks.get(r.name.toLowerCase()) ?? parseSqliteType(r.type),
      nullable: !(r.notnull || isPk),
      default: readDefault(r.dflt_value),
      autoIncrement: rowid,
      comment: null,
    };
  });

  const indexes: Index[] = [];
  const uniques: UniqueConstraint[] = [];
  for (const [idx, rows] of groupBy(indexRows, (r) => r.idx)) {
    const first = rows[0]!;
    const cols = rows.map((r) => r.col!);
    if (first.origin === 'pk') continue;
    if (first.origin === 'u') {
      const declared = parsed.uniques.find((u) => sameColumns(u.columns, cols));
      uniques.push({ name: declared?.name ?? uniqueName(name, cols), columns: cols });
      continue;
    }
    const texts = rows.some((r) => r.col === null) && first.sql ? parseIndexKeys(first.sql) : [];
    const keys = rows.map((r, n): IndexKey => {
      const order = r.desc ? 'desc' : 'asc';
      return r.col !== null ? { kind: 'column', column: r.col, order } : { kind: 'expression', sql: stripOuterParens(texts[n] ?? ''), order };
    });
    indexes.push({ name: idx, keys, unique: first.uniq === 1, where: first.partial && first.sql ? parseIndexWhere(first.sql) : null });
  }

  const foreignKeys: ForeignKey[] = [];
  for (const [, rows] of groupBy(fkRows, (r) => String(r.id))) {
    const first = rows[0]!;
    const from = rows.map((r) => r.from);
    const refColumns = rows.every((r) => r.to !== null) ? rows.map((r) => r.to!) : pkOf(first.ref);
    const declared = parsed.foreignKeys.find((f) => sameColumns(f.columns, from) && f.refTable.toLowerCase() === first.ref.toLowerCase());
    foreignKeys.push({
      name: declared?.name ?? foreignKeyName(name, from, first.ref),
      columns: from,
      refTable: first.ref,
      refColumns,
      onDelete: referentialAction(first.on_delete),
      onUpdate: referentialAction(first.on_update),
    });
  }

  return {
    name,
    columns,
    primaryKey: pkColumns.length ? { name: parsed.primaryKey?.name ?? null, columns: pkColumns } : null,
    indexes,
    uniques,
    checks,
    foreignKeys,
    comment: null,
  };
}

function safeParse(sql: string) {
  try {
    return parseCreateTable(sql);
  } catch {
    return { primaryKey: null, uniques: [], checks: [], foreignKeys: [] };
  }
}

/** Our enums are `CONSTRAINT "enum_<name>" CHECK ("col" IN ('a', 'b'))`; anything else stays a check. */
function readEnumCheck(name: string | null, column: string, expression: string): ColumnType | null {
  if (!name?.startsWith('enum_')) return null;
  const tokens = tokenize(expression);
  if (tokens.length < 5 || tokens[0]!.value.toLowerCase() !== column.toLowerCase() || tokens[1]!.value.toUpperCase() !== 'IN') return null;
  const values: string[] = [];
  for (let i = 3; i < tokens.length - 1; i += 2) {
    const t = tokens[i]!;
    if (t.kind !== 'string') return null;
    values.push(t.value);
    const sep = tokens[i + 1]!.value;
    if (sep !== ',' && sep !== ')') return null;
  }
  return { kind: 'enum', name: name.slice('enum_'.length), values };
}

function readDefault(sql: string | null): DefaultValue | null {
  if (sql === null) return null;
  const value = parseSqlLiteral(sql);
  if (value === null) return null;
  if (value !== undefined) return { kind: 'literal', value };
  return { kind: 'expression', sql: /^current_(timestamp|date|time)$/i.test(sql.trim()) ? sql.trim().toUpperCase() : sql.trim() };
}


function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c.toLowerCase() === b[i]!.toLowerCase());
}


