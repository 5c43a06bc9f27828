import type { UpsertSpec } from '../dialect.js';
import { quoteSqlite } from './ddl.js';

/**
 * `ON CONFLICT (…) DO UPDATE SET c = excluded.c` (https://www.sqlite.org/lang_upsert.html).
 * `excluded` is the whole row that failed to insert, defaults included, so a column
 * missing from the INSERT list resets to its default.
 */
export function sqliteUpsertClause(spec: UpsertSpec): string {
  const target = `ON CONFLICT (${spec.conflictColumns.map(quoteSqlite).join(', ')})`;
  if (spec.updateColumns.length === 0) return `${target} DO NOTHING`;
  return `${target} DO UPDATE SET ${spec.updateColumns.map((c) => `${quoteSqlite(c)} = excluded.${quoteSqlite(c)}`).join(', ')}`;
}
