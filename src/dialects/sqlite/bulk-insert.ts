import { MigrationError } from '../../errors.js';
import type { PlannedStatement } from '../../ops/operations.js';
import type { Table } from '../../schema/ir.js';
import { quoteSqlite as q } from './ddl.js';
import { encodeSqlite } from './values.js';

/** Rows per INSERT: well under SQLite's limits on terms in one VALUES list. */
const ROWS_PER_STATEMENT = 500;

/**
 * INSERT statements for `op.bulkInsert`, values bound as parameters and encoded for
 * their column type (json → text, booleans → 0/1, …). Rows naming the same columns
 * share statements; a row naming none gets DEFAULT VALUES.
 */
export function planBulkInsert(table: Table, rows: readonly Readonly<Record<string, unknown>>[], maxParameters: number): PlannedStatement[] {
  const groups = new Map<string, { columns: string[]; rows: Readonly<Record<string, unknown>>[] }>();
  for (const row of rows) {
    const columns = Object.keys(row);
    const key = JSON.stringify(columns);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { columns, rows: [] }));
    group.rows.push(row);
  }
  const out: PlannedStatement[] = [];
  for (const { columns, rows: group } of groups.values()) {
    if (columns.length === 0) {
      for (let i = 0; i < group.length; i++) out.push({ sql: `INSERT INTO ${q(table.name)} DEFAULT VALUES` });
      continue;
    }
    const types = columns.map((name) => {
      const c = table.columns.find((x) => x.name === name);
      if (!c) throw new MigrationError(`bulkInsert: table '${table.name}' has no column '${name}'`);
      return c.type;
    });
    const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(maxParameters / columns.length)));
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < group.length; i += perStatement) {
      const chunk = group.slice(i, i + perStatement);
      out.push({
        sql: `INSERT INTO ${q(table.name)} (${columns.map(q).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
        params: chunk.flatMap((row) => columns.map((c, n) => encodeSqlite(row[c], types[n]!))),
      });
    }
  }
  return out;
}
