import type { Connection, DependentObject } from '../dialect.js';

/**
 * The triggers and views of a SQLite database, for `PlanContext.dependentObjects`: table
 * rebuilds recreate the triggers of the rebuilt table from these.
 */
export async function readDependentObjects(conn: Connection): Promise<DependentObject[]> {
  const { rows } = await conn.query(
    `SELECT type, name, tbl_name AS "tableName", sql FROM sqlite_schema WHERE type IN ('trigger', 'view') AND sql IS NOT NULL ORDER BY type, name`,
  );
  return rows as unknown as DependentObject[];
}
