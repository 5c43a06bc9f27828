import type { UpsertSpec } from '../dialect.js';
import { quotePg } from './identifiers.js';

/**
 * `ON CONFLICT (…) DO UPDATE SET c = EXCLUDED.c`, or `DO NOTHING` to keep the existing row
 * (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT). EXCLUDED is
 * the row proposed for insertion with defaults applied, so a column missing from the
 * INSERT list resets to its default. One statement may not propose the same key twice
 * ("cannot affect row a second time"): writers start a new statement at a repeated key.
 */
export function postgresUpsertClause(spec: UpsertSpec): string {
  const target = `ON CONFLICT (${spec.conflictColumns.map(quotePg).join(', ')})`;
  if (spec.updateColumns.length === 0) return `${target} DO NOTHING`;
  return `${target} DO UPDATE SET ${spec.updateColumns.map((c) => `${quotePg(c)} = EXCLUDED.${quotePg(c)}`).join(', ')}`;
}
