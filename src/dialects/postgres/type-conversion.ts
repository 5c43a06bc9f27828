import type { ColumnType, ColumnTypeKind } from '../../schema/ir.js';

/**
 * How `ALTER COLUMN … TYPE` converts the rows from one type to another:
 *
 * - `assignment`: no USING clause, so PostgreSQL applies its assignment cast, which
 *   refuses a value that does not fit (a varchar too long for its new length) where an
 *   explicit cast would cut it silently;
 * - `cast`: `USING col::type`, for an explicit-only cast (boolean ↔ integer, jsonb → number);
 * - `viaText`: `USING col::text::type`, where no cast exists (integer → timestamp, bytea →
 *   uuid, enums): the rows convert through their text form, and one that has no meaning in
 *   the new type fails the statement loudly; an empty column always converts;
 * - `viaInteger`: `USING col::integer::type`, boolean → bigint, real or numeric: boolean
 *   casts only to and from integer (through text, `'true'` is no number), so 1/0 as for integer;
 * - `nonZero`: `USING col <> 0`, bigint, real or numeric → boolean: what the integer →
 *   boolean cast does (0 is false, any other value true), without integer's range.
 *
 * The casts are those of `pg_cast` (https://www.postgresql.org/docs/current/sql-createcast.html);
 * every type converts to text and varchar by assignment (its output function) and from
 * them explicitly (its input function).
 */
export type PgConversion = 'assignment' | 'cast' | 'viaText' | 'viaInteger' | 'nonZero';

const NUMBERS = new Set<ColumnTypeKind>(['integer', 'bigint', 'real', 'numeric']);
const STRINGS = new Set<ColumnTypeKind>(['text', 'varchar']);
const TIMES = new Set<ColumnTypeKind>(['date', 'timestamp']);

export function pgConversion(before: ColumnType, after: ColumnType): PgConversion {
  const from = before.kind;
  const to = after.kind;
  // Values of an unknown type: let PostgreSQL find the cast, as the user would write it.
  if (from === 'custom' || to === 'custom') return 'cast';
  if (from === 'enum' || to === 'enum') return STRINGS.has(to) ? 'assignment' : 'viaText';
  if (from === to || STRINGS.has(to)) return 'assignment';
  if (NUMBERS.has(from) && NUMBERS.has(to)) return 'assignment';
  if (TIMES.has(from) && TIMES.has(to)) return 'assignment';
  if (STRINGS.has(from)) return 'cast';
  if ((from === 'boolean' && to === 'integer') || (from === 'integer' && to === 'boolean')) return 'cast';
  if (from === 'boolean' && NUMBERS.has(to)) return 'viaInteger';
  if (NUMBERS.has(from) && to === 'boolean') return 'nonZero';
  if (from === 'json' && (NUMBERS.has(to) || to === 'boolean')) return 'cast';
  return 'viaText';
}
