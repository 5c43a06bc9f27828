/**
 * Which column types PostgreSQL accepts on the two ends of a foreign key: it needs an
 * equality operator between them, reached by casting the referencing column's values
 * implicitly ("Key columns … are of incompatible types" otherwise). So text goes with
 * varchar and dates with timestamps; numbers only widen: an integer column may reference
 * an integer, bigint, numeric or double key, a numeric column a numeric or double key,
 * a double column only a double key (checked on PostgreSQL 15 here). Across groups
 * (integer against varchar, uuid against text, boolean against integer) the key is
 * refused. Custom types are not judged.
 */
import type { ColumnType } from '../../schema/ir.js';
import { comparisonGroup } from '../../schema/comparison-groups.js';
import { postgresColumnType } from './types.js';

/** Why the database refuses a foreign key from a `column` type to a `referenced` type, or null. */
export function postgresForeignKeyTypeProblem(column: ColumnType, referenced: ColumnType): string | null {
  const a = comparisonGroup(column);
  const b = comparisonGroup(referenced);
  if (a === null || b === null) return null;
  if (a === b && (a !== 'number' || NUMBER_RANK[column.kind]! <= NUMBER_RANK[referenced.kind]!)) return null;
  return `PostgreSQL refuses a foreign key between ${postgresColumnType(column)} and ${postgresColumnType(referenced)} (no equality between them): make both columns the same type`;
}

/** Numbers cast implicitly only upwards in this order. */
const NUMBER_RANK: Partial<Record<ColumnType['kind'], number>> = { integer: 0, bigint: 0, numeric: 1, real: 2 };
