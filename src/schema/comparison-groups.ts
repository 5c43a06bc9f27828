import type { ColumnType } from './ir.js';

/**
 * The group of types a column's values compare with in every database: numbers with
 * numbers, text with varchar, dates with timestamps, an enum only with its own type
 * (PostgreSQL), every other kind only with itself. Custom types are not judged: null.
 */
export function comparisonGroup(type: ColumnType): string | null {
  switch (type.kind) {
    case 'integer':
    case 'bigint':
    case 'real':
    case 'numeric':
      return 'number';
    case 'text':
    case 'varchar':
      return 'text';
    case 'enum':
      return `enum ${type.name}`;
    case 'date':
    case 'timestamp':
      return 'time';
    case 'custom':
      return null;
    default:
      return type.kind;
  }
}
