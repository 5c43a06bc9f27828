/**
 * SQLite's documented table rebuild for what ALTER TABLE cannot do
 * (https://www.sqlite.org/lang_altertable.html#otheralter): create the new table, copy
 * the rows, drop the old one, rename the new one, recreate indexes and triggers, check
 * foreign keys, all inside the migration's transaction, with foreign key enforcement
 * off around it.
 */
import type { PlannedStatement } from '../../ops/operations.js';
import type { Table } from '../../schema/ir.js';
import type { PlanContext } from '../dialect.js';
import { sqlString } from '../shared/normalize.js';
import { quoteSqlite as q, sqliteCreateIndex, sqliteCreateTable } from './ddl.js';

/** Name of the table being built during a rebuild. */
export const rebuildTableName = (table: string): string => `_orm_new_${table}`;

/**
 * Statements that turn table `before` into `after` (same name), keeping its rows.
 *
 * - `PRAGMA foreign_keys=OFF` runs before the transaction (it is a no-op inside one):
 *   with enforcement on, DROP TABLE would delete the rows of ON DELETE CASCADE children.
 *   Child tables keep their rows, and their foreign keys, which name the table, point at
 *   the new table once it is renamed. `PRAGMA foreign_keys=ON` runs after the commit.
 * - Rows are copied by column name; a new column gets its default, a new auto-increment
 *   column gets the rowid. Where the new table has no rowid alias, the rowid is copied
 *   too, so row identity survives any number of rebuilds.
 * - The rename runs with `legacy_alter_table=ON`: otherwise SQLite re-checks every view
 *   and trigger naming the table while it does not exist, and refuses.
 * - Dropping the table drops its triggers: those listed in `context.dependentObjects` are
 *   recreated; a guard makes the rebuild fail rather than lose any other trigger.
 * - `PRAGMA foreign_key_check` of the table and of the tables referencing it returns one
 *   row per violation: the runner must fail the migration (and roll back) if it returns
 *   any row.
 */
export function rebuildTable(before: Table, after: Table, context: PlanContext): PlannedStatement[] {
  if (sameDefinition(before, after)) return [];
  const name = after.name;
  const temp = rebuildTableName(name);
  const triggers = (context.dependentObjects ?? []).filter((o) => o.type === 'trigger' && o.tableName === name);

  const { columns, values } = copyColumns(before, after);
  const main: string[] = [
    triggerGuard(name, triggers.map((t) => t.name)),
    sqliteCreateTable(after, [], temp),
    `INSERT INTO ${q(temp)} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${q(name)}`,
    `DROP TABLE ${q(name)}`,
    'PRAGMA legacy_alter_table=ON',
    `ALTER TABLE ${q(temp)} RENAME TO ${q(name)}`,
    'PRAGMA legacy_alter_table=OFF',
    ...after.indexes.map((i) => sqliteCreateIndex(name, i)),
    ...triggers.map((t) => t.sql),
    ...foreignKeyChecks(name, context),
  ];

  return [
    { sql: 'PRAGMA foreign_keys=OFF', phase: 'before', transactional: false },
    ...main.map((sql): PlannedStatement => ({ sql })),
    // Also restores the setting if the transaction failed halfway through the rename.
    { sql: 'PRAGMA legacy_alter_table=OFF', phase: 'after', transactional: false },
    { sql: 'PRAGMA foreign_keys=ON', phase: 'after', transactional: false },
  ];
}

/** `PRAGMA foreign_key_check` for the table and for every other table referencing it. */
export function foreignKeyChecks(table: string, context: PlanContext): string[] {
  const referencing = context.schema.tables.filter((t) => t.name !== table && t.foreignKeys.some((f) => f.refTable === table)).map((t) => t.name);
  return [table, ...referencing].map((t) => `PRAGMA foreign_key_check(${q(t)})`);
}

function sameDefinition(before: Table, after: Table): boolean {
  return (
    sqliteCreateTable(before) === sqliteCreateTable(after) &&
    before.indexes.length === after.indexes.length &&
    before.indexes.every((i, n) => sqliteCreateIndex(before.name, i) === sqliteCreateIndex(after.name, after.indexes[n]!))
  );
}

/** Whether a table's primary key is SQLite's rowid alias (a lone INTEGER primary key). */
function rowidAlias(t: Table): string | null {
  const pk = t.primaryKey;
  if (pk?.columns.length !== 1) return null;
  const c = t.columns.find((x) => x.name === pk.columns[0]);
  return c && (c.autoIncrement || c.type.kind === 'integer') ? c.name : null;
}

function copyColumns(before: Table, after: Table): { columns: string[]; values: string[] } {
  const columns: string[] = [];
  const values: string[] = [];
  const alias = rowidAlias(after);
  if (alias === null) {
    columns.push('rowid');
    values.push('rowid');
  }
  for (const c of after.columns) {
    if (before.columns.some((b) => b.name === c.name)) {
      columns.push(q(c.name));
      values.push(q(c.name));
    } else if (c.autoIncrement || c.name === alias) {
      // A new key column: number the existing rows as the database would have.
      columns.push(q(c.name));
      values.push('rowid');
    }
  }
  return { columns, values };
}

/**
 * Fails the statement when the table has a trigger the rebuild would drop without
 * recreating it. SQLite has no RAISE outside triggers; an invalid JSON path is an error
 * whose message carries our text, raised only when the SELECT finds such a trigger.
 */
function triggerGuard(table: string, recreated: readonly string[]): string {
  const keep = recreated.length ? ` AND name NOT IN (${recreated.map(sqlString).join(', ')})` : '';
  // Double quotes in the text: SQLite quotes the message in single quotes, doubling ours.
  const head = sqlString(`rebuilding table "${table}" would drop its trigger "`);
  const tail = sqlString(`": drop and recreate it in the migration (op.execute), or plan with PlanContext.dependentObjects`);
  return `SELECT json_extract('{}', ${head} || name || ${tail}) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ${sqlString(table)}${keep}`;
}
