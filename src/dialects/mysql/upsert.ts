import type { UpsertSpec } from '../dialect.js';
import { quoteMysql } from './literal.js';

/**
 * `ON DUPLICATE KEY UPDATE c = VALUES(c)`
 * (https://dev.mysql.com/doc/refman/8.0/en/insert-on-duplicate.html). `VALUES(c)` is the
 * value the row would have been inserted with, its default when the INSERT leaves `c` out.
 * (MySQL 8.0.20 prefers a row alias, which MariaDB does not parse; VALUES() works on both.)
 *
 * MySQL has no conflict target: a row colliding on ANY unique key — the primary key or
 * another unique constraint, not only `conflictColumns` — updates the row it collides
 * with, where SQLite and PostgreSQL raise the unique violation; row writers therefore
 * check the upserted keys afterwards (`capabilities.upsertOnAnyUniqueKey`, crud/row-writer.ts)
 * and fail such a row the same way. Keeping the existing row
 * needs an assignment that changes nothing (`k = k`): INSERT IGNORE would also turn
 * other errors (foreign keys, NOT NULL) into warnings.
 */
export function mysqlUpsertClause(spec: UpsertSpec): string {
  const q = quoteMysql;
  if (spec.updateColumns.length === 0) {
    const keep = q(spec.conflictColumns[0]!);
    return `ON DUPLICATE KEY UPDATE ${keep} = ${keep}`;
  }
  return `ON DUPLICATE KEY UPDATE ${spec.updateColumns.map((c) => `${q(c)} = VALUES(${q(c)})`).join(', ')}`;
}
