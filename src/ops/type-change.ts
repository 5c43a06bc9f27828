/**
 * How a column type change treats existing values: shared by `lint` (ORM003), `invert`
 * (data-loss notes) and `describeOperation` (the destructive flag).
 */
import type { ColumnType } from '../schema/ir.js';
import { typeLabel } from '../schema/format.js';
import { isDeepStrictEqual } from 'node:util';

/**
 * `same`: nothing changes. `widening`: every existing value fits the new type unchanged.
 * `narrowing`: some values may be cut, rounded or refused (including every conversion
 * between unrelated types, and anything involving a `custom` type, which we cannot judge).
 */
export type TypeChange = 'same' | 'widening' | 'narrowing';

/** Longest text each type needs when written as text, for changes into varchar(n). */
const TEXT_WIDTH: Partial<Record<ColumnType['kind'], number>> = {
  integer: 11,
  bigint: 20,
  boolean: 5,
  date: 10,
  uuid: 36,
  timestamp: 32,
};

/** How changing a column from `before` to `after` treats existing values. */
export function classifyTypeChange(before: ColumnType, after: ColumnType): TypeChange {
  if (isDeepStrictEqual(before, after)) return 'same';
  return widens(before, after) ? 'widening' : 'narrowing';
}

/** `varchar(100) → varchar(20)`: the change as the model DSL spells the types. */
export function typeChangeLabel(before: ColumnType, after: ColumnType): string {
  return `${typeLabel(before)} → ${typeLabel(after)}`;
}

function widens(before: ColumnType, after: ColumnType): boolean {
  if (before.kind === 'custom' || after.kind === 'custom') return false;
  switch (after.kind) {
    case 'text':
      return before.kind !== 'blob';
    case 'varchar': {
      const length = after.length;
      if (length === null) return before.kind !== 'blob';
      if (before.kind === 'varchar') return before.length !== null && before.length <= length;
      if (before.kind === 'enum') return before.values.every((v) => v.length <= length);
      const width = TEXT_WIDTH[before.kind];
      return width !== undefined && width <= length;
    }
    case 'bigint':
      return before.kind === 'integer' || before.kind === 'boolean';
    case 'integer':
      return before.kind === 'boolean';
    case 'real':
      return before.kind === 'integer';
    case 'numeric': {
      const digits = before.kind === 'integer' ? 10 : before.kind === 'bigint' ? 19 : null;
      if (digits !== null) return after.precision === null || after.precision - (after.scale ?? 0) >= digits;
      if (before.kind === 'real') return after.precision === null;
      if (before.kind !== 'numeric') return false;
      if (after.precision === null) return true;
      if (before.precision === null) return false;
      const [s1, s2] = [before.scale ?? 0, after.scale ?? 0];
      return s2 >= s1 && after.precision - s2 >= before.precision - s1;
    }
    case 'timestamp':
      return before.kind === 'date' || (before.kind === 'timestamp' && after.withTimezone);
    case 'enum':
      return before.kind === 'enum' && before.values.every((v) => after.values.includes(v));
    case 'json':
    case 'blob':
    case 'boolean':
    case 'date':
    case 'uuid':
      return false;
  }
}

/** Values of `before` that `after` no longer allows (enum value removal). */
export function removedEnumValues(before: readonly string[], after: readonly string[]): string[] {
  return before.filter((v) => !after.includes(v));
}
