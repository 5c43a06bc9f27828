import { DialectError } from '../../errors.js';
import type { ColumnType, LiteralValue } from '../../schema/ir.js';
import { sqlString } from '../shared/normalize.js';

/**
 * A SQL literal for DDL defaults and offline scripts. Strings with a backslash use the
 * E'' form so they mean the same whatever `standard_conforming_strings` says. On a json
 * column the literal is JSON text: a string that already is JSON is kept (as the
 * normalizer reads it), anything else is serialized.
 */
export function postgresLiteral(value: LiteralValue, type?: ColumnType): string {
  if (value === null) return 'NULL';
  if (type?.kind === 'json') return pgString(typeof value === 'string' && isJson(value) ? value : JSON.stringify(value));
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new DialectError(`cannot write ${value} as a PostgreSQL literal`);
      return String(value);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'string':
      return pgString(value);
    default:
      return pgString(JSON.stringify(value));
  }
}

function pgString(value: string): string {
  return value.includes('\\') ? `E${sqlString(value.replace(/\\/g, '\\\\'))}` : sqlString(value);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
