/**
 * Which column types InnoDB accepts on the two ends of a foreign key. It refuses the key
 * (errno 150, "incorrectly formed") unless both columns have the same base type and
 * signedness: INT against BIGINT fails, as does TINYINT(1) (a boolean) against INT.
 * Lengths and precisions may differ (VARCHAR(50) against VARCHAR(100), CHAR against
 * VARCHAR, DECIMAL(10,2) against DECIMAL(12,2), DATETIME(3) against DATETIME(6) were all
 * accepted by MariaDB 10.11 here). TEXT, BLOB and JSON columns cannot take part at all:
 * a key needs an index over the whole value.
 */
import type { ColumnType } from '../../schema/ir.js';
import { mysqlColumnType } from './types.js';

/** MariaDB 10.11 stores these two alike and accepted keys between them: not flagged. */
const LENIENT = new Set(['decimal', 'datetime']);
const UNINDEXABLE = /^(?:tiny|medium|long)?(?:text|blob)$|^json$/;

/** Why the database refuses a foreign key from a `column` type to a `referenced` type, or null. */
export function mysqlForeignKeyTypeProblem(column: ColumnType, referenced: ColumnType): string | null {
  const a = typeFamily(column);
  const b = typeFamily(referenced);
  for (const [family, type] of [
    [a, column],
    [b, referenced],
  ] as const) {
    if (UNINDEXABLE.test(family)) return `a ${mysqlColumnType(type)} column cannot be part of a foreign key on MySQL/MariaDB; use varchar(n)`;
  }
  if (a === b || (LENIENT.has(a) && LENIENT.has(b))) return null;
  return `MySQL/MariaDB refuse a foreign key between ${mysqlColumnType(column)} and ${mysqlColumnType(referenced)} (errno 150): make both columns the same type and signedness`;
}

/** The part of a type that must match: the base type and signedness, lengths dropped, CHAR as VARCHAR. */
function typeFamily(type: ColumnType): string {
  const words = mysqlColumnType(type)
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
  const base = words[0] === 'integer' ? 'int' : words[0] === 'char' ? 'varchar' : words[0] === 'numeric' || words[0] === 'dec' ? 'decimal' : (words[0] ?? '');
  const unsigned = words.includes('unsigned') || words.includes('zerofill');
  return unsigned ? `${base} unsigned` : base;
}
