import type { CheckConstraint, Column, ColumnType, ForeignKey, Index, IndexKey, Schema, Table, UniqueConstraint } from '../../schema/ir.js';
import { isPlainIndex } from '../../schema/index-keys.js';
import { makeSchema } from '../../schema/ir.js';
import type { Connection, IntrospectOptions } from '../dialect.js';
import { canonicalExpression } from '../shared/tokens.js';
import { readMysqlDefault } from './defaults.js';
import { quoteMysql } from './literal.js';
import { parseMysqlType } from './types.js';
import { groupBy, referentialAction } from '../shared/introspect.js';

interface TableRow { name: string; comment: string }
interface ColumnRow {
  tbl: string;
  name: string;
  COLUMN_TYPE: string;
  DATA_TYPE: string;
  nullable: string;
  COLUMN_DEFAULT: string | null;
  EXTRA: string;
  comment: string;
  generation: string | null;
}
interface IndexRow { tbl: string; idx: string; non_unique: number | string; col: string | null; sub_part: number | null; index_type: string; collation: string | null }
interface FkRow { tbl: string; name: string; col: string; ref_table: string; ref_col: string }
interface RuleRow { tbl: string; name: string; update_rule: string; delete_rule: string }
interface CheckRow { tbl: string; name: string; clause: string }

/**
 * Reads the whole database with seven information_schema queries, however many tables it
 * holds, each filtered on TABLE_SCHEMA (a constant, so the server reads only this
 * database's tables). Foreign keys are read per table, never followed.
 */
export async function introspectMysql(conn: Connection, options: IntrospectOptions = {}): Promise<Schema> {
  if (options.only && options.only.length === 0) return makeSchema([]);
  const about = (await conn.query('SELECT VERSION() AS version, DATABASE() AS db')).rows[0]!;
  const db = about.db as string | null;
  if (db === null) return makeSchema([]);
  const mariadb = /mariadb/i.test(String(about.version));

  // Restricting every query to `only` keeps create-all cheap on a large database.
  const only = options.only ?? [];
  const tables = await query<TableRow>(conn, db, only,
    `SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment FROM information_schema.TABLES
     WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'`, 'TABLE_NAME', 'TABLE_NAME');
  const exclude = new Set(options.exclude ?? []);
  const kept = tables.filter((t) => !exclude.has(t.name));
  if (kept.length === 0) return makeSchema([]);

  const columns = await query<ColumnRow>(conn, db, only,
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS COLUMN_TYPE, DATA_TYPE AS DATA_TYPE, IS_NULLABLE AS nullable,
            COLUMN_DEFAULT AS COLUMN_DEFAULT, EXTRA AS EXTRA,
            COLUMN_COMMENT AS comment, GENERATION_EXPRESSION AS generation
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`, 'TABLE_NAME', 'TABLE_NAME, ORDINAL_POSITION');
  const indexes = await query<IndexRow>(conn, db, only,
    `SELECT TABLE_NAME AS tbl, INDEX_NAME AS idx, NON_UNIQUE AS non_unique, COLUMN_NAME AS col, SUB_PART AS sub_part, INDEX_TYPE AS index_type,
            COLLATION AS collation
     FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`, 'TABLE_NAME', 'TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX');
  // Two queries joined here: MariaDB joins information_schema views slowly (7 ms against 0.5).
  const fks = await query<FkRow>(conn, db, only,
    `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, COLUMN_NAME AS col, REFERENCED_TABLE_NAME AS ref_table, REFERENCED_COLUMN_NAME AS ref_col
     FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL`, 'TABLE_NAME', 'TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION');
  const rules = await query<RuleRow>(conn, db, only,
    `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, UPDATE_RULE AS update_rule, DELETE_RULE AS delete_rule
     FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`, 'TABLE_NAME', 'TABLE_NAME, CONSTRAINT_NAME');
  // MariaDB keeps check names per table and says which table; MySQL keeps them per
  // database and names the table only in TABLE_CONSTRAINTS.
  const checks = await query<CheckRow>(conn, db, only,
    mariadb
      ? `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause
         FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`
      : `SELECT tc.TABLE_NAME AS tbl, tc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause
         FROM information_schema.TABLE_CONSTRAINTS tc
         JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
         WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK'`,
    mariadb ? 'TABLE_NAME' : 'tc.TABLE_NAME', mariadb ? 'TABLE_NAME, CONSTRAINT_NAME' : 'tc.TABLE_NAME, tc.CONSTRAINT_NAME');

  const byTable = <T extends { tbl: string }>(rows: T[]) => groupBy(rows, (r) => r.tbl);
  const columnsOf = byTable(columns);
  const indexesOf = byTable(indexes);
  const fksOf = byTable(fks);
  const checksOf = byTable(checks);
  const rulesOf = byTable(rules);
  return makeSchema(
    kept.map((t) =>
      readTable(t, columnsOf.get(t.name) ?? [], indexesOf.get(t.name) ?? [], fksOf.get(t.name) ?? [], rulesOf.get(t.name) ?? [], checksOf.get(t.name) ?? [], mariadb),
    ),
  );
}

/** Runs one whole-database query, restricted to `only` tables when given. */
async function query<T>(conn: Connection, db: string, only: readonly string[], sql: string, tableColumn: string, order: string): Promise<T[]> {
  const filter = only.length ? ` AND ${tableColumn} IN (${only.map(() => '?').join(', ')})` : '';
  return (await conn.query(`${sql}${filter} ORDER BY ${order}`, [db, ...only])).rows as T[];
}

function readTable(
  t: TableRow,
  columnRows: ColumnRow[],
  indexRows: IndexRow[],
  fkRows: FkRow[],
  ruleRows: RuleRow[],
  checkRows: CheckRow[],
  mariadb: boolean,
): Table {
  // MariaDB's JSON is LONGTEXT plus a column-level CHECK (json_valid(col)) named after the
  // column (https://mariadb.com/kb/en/json-data-type/): read as json, and not as a check.
  const jsonChecks = new Set(
    checkRows.filter((c) => columnRows.some((col) => col.name === c.name && col.DATA_TYPE === 'longtext' && isJsonValid(c.clause, col.name))).map((c) => c.name),
  );

  const columns: Column[] = columnRows.map((r) => ({
    name: r.name,
    type: jsonChecks.has(r.name) ? { kind: 'json' } : columnType(r),
    nullable: r.nullable === 'YES',
    default: r.generation ? null : readMysqlDefault(r, mariadb),
    autoIncrement: /auto_increment/i.test(r.EXTRA),
    comment: r.comment || null,
  }));

  const foreignKeys: ForeignKey[] = [];
  for (const [name, rows] of groupBy(fkRows, (r) => r.name)) {
    const rule = ruleRows.find((r) => r.name === name);
    foreignKeys.push({
      name,
      columns: rows.map((r) => r.col),
      refTable: rows[0]!.ref_table,
      refColumns: rows.map((r) => r.ref_col),
      onDelete: referentialAction(rule?.delete_rule ?? ''),
      onUpdate: referentialAction(rule?.update_rule ?? ''),
    });
  }

  let primaryKey: Table['primaryKey'] = null;
  const indexes: Index[] = [];
  const uniques: UniqueConstraint[] = [];
  for (const [name, rows] of groupBy(indexRows, (r) => r.idx)) {
    // Expression, prefix, full-text and spatial indexes are outside the IR.
    if (rows.some((r) => r.col === null || r.sub_part !== null) || !/^(BTREE|HASH)$/i.test(rows[0]!.index_type)) continue;
    const cols = rows.map((r) => r.col!);
    // COLLATION is 'D' for a descending key (MySQL 8.0, MariaDB 10.8 and later store DESC).
    const index: Index = { name, keys: rows.map((r): IndexKey => ({ kind: 'column', column: r.col!, order: r.collation === 'D' ? 'desc' : 'asc' })), unique: false, where: null };
    const unique = Number(rows[0]!.non_unique) === 0;
    if (name === 'PRIMARY') primaryKey = { name: null, columns: cols };
    // A UNIQUE constraint is a unique index in MySQL: a unique index over plain columns reads as a constraint.
    else if (unique && isPlainIndex(index)) uniques.push({ name, columns: cols });
    else if (unique) indexes.push({ ...index, unique });
    else if (!isImplicitForeignKeyIndex(name, cols, foreignKeys)) indexes.push(index);
  }

  const checks: CheckConstraint[] = checkRows
    .filter((c) => !jsonChecks.has(c.name))
    // MySQL escapes quotes in CHECK_CLAUSE (`_utf8mb4\'a\'`); MariaDB does not.
    .map((c) => ({ name: c.name, expression: mariadb ? c.clause : c.clause.replace(/\\'/g, "''") }));

  return { name: t.name, columns, primaryKey, indexes, uniques, checks, foreignKeys, comment: t.comment || null };
}

function columnType(r: ColumnRow): ColumnType {
  if (r.generation) {
    // A generated column keeps its definition as a custom type, so it is re-created as one.
    const stored = /stored/i.test(r.EXTRA) ? 'STORED' : 'VIRTUAL';
    return { kind: 'custom', sql: `${r.COLUMN_TYPE} GENERATED ALWAYS AS (${r.generation}) ${stored}` };
  }
  return parseMysqlType(r.COLUMN_TYPE);
}

function isJsonValid(clause: string, column: string): boolean {
  return canonicalExpression(clause) === canonicalExpression(`json_valid(${quoteMysql(column)})`);
}

/**
 * InnoDB creates an index for a foreign key that has none, named after the constraint
 * (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html), and drops it
 * once another index can serve. That index belongs to the foreign key, not to the model.
 */
function isImplicitForeignKeyIndex(name: string, columns: readonly string[], foreignKeys: readonly ForeignKey[]): boolean {
  return foreignKeys.some((fk) => fk.name === name && fk.columns.length === columns.length && fk.columns.every((c, i) => c === columns[i]));
}


