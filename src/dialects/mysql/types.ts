import type { ColumnType } from '../../schema/ir.js';
import { canonicalExpression } from '../shared/tokens.js';
import { mysqlString, readMysqlString } from './literal.js';

/** Length of a `varchar()` declared without one: MySQL requires a length. */
export const DEFAULT_VARCHAR_LENGTH = 255;
/** MySQL's DECIMAL without precision is DECIMAL(10, 0). */
export const DEFAULT_DECIMAL = { precision: 10, scale: 0 } as const;
/**
 * Fractional-second digits of a portable timestamp. DATETIME(6) rather than TIMESTAMP:
 * DATETIME spans years 1000-9999 (TIMESTAMP ends in 2038), is never converted through the
 * session time zone, and has none of TIMESTAMP's legacy auto-update defaults; 6 digits
 * keep the microseconds PostgreSQL keeps. Values are UTC (the driver sets time_zone).
 */
export const TIMESTAMP_FSP = 6;

/** The column type as written in MySQL DDL. */
export function mysqlColumnType(type: ColumnType): string {
  switch (type.kind) {
    case 'integer':
      return 'INT';
    case 'bigint':
      return 'BIGINT';
    case 'real':
      return 'DOUBLE';
    case 'numeric':
      return type.precision === null ? 'DECIMAL' : `DECIMAL(${type.precision}, ${type.scale ?? 0})`;
    case 'text':
      return 'TEXT';
    case 'varchar':
      return `VARCHAR(${type.length ?? DEFAULT_VARCHAR_LENGTH})`;
    case 'boolean':
      // MySQL's BOOLEAN is this very type; spelling it out matches what it reports.
      return 'TINYINT(1)';
    case 'date':
      return 'DATE';
    case 'timestamp':
      // No time zone type exists: withTimezone maps here too and is normalized away.
      return `DATETIME(${TIMESTAMP_FSP})`;
    case 'json':
      return 'JSON';
    case 'blob':
      // LONGBLOB (4 GB), not BLOB (64 KB): a portable blob has no small size limit elsewhere.
      return 'LONGBLOB';
    case 'uuid':
      return 'CHAR(36)';
    case 'enum':
      return `ENUM(${type.values.map(mysqlString).join(', ')})`;
    case 'custom':
      return type.sql;
  }
}

const INTEGER_FAMILY = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);

/**
 * Reads a type back into the portable vocabulary: `information_schema.COLUMNS.COLUMN_TYPE`
 * (`int(11)`, `tinyint(1)`, `enum('a','b')`, `decimal(10,2)`) or a model's custom type text.
 * Types outside the vocabulary stay `custom`, in a canonical spelling so that the model's
 * `customType('INT UNSIGNED')` and the reported `int(10) unsigned` compare equal.
 */
export function parseMysqlType(declared: string): ColumnType {
  const s = declared.trim();
  const enumValues = /^enum\s*\(/i.test(s) ? readEnumValues(s) : null;
  if (enumValues) return { kind: 'enum', name: '', values: enumValues };
  const m = /^([a-z][a-z ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/i.exec(s);
  if (!m) return { kind: 'custom', sql: canonicalCustomType(s) };
  const base = m[1]!.toLowerCase().replace(/\s+/g, ' ');
  const a = m[2] === undefined ? null : Number(m[2]);
  const b = m[3] === undefined ? null : Number(m[3]);
  switch (base) {
    case 'int':
    case 'integer':
      return { kind: 'integer' };
    case 'bigint':
      return { kind: 'bigint' };
    case 'tinyint':
    case 'bool':
    case 'boolean':
      return a === 1 || base !== 'tinyint' ? { kind: 'boolean' } : { kind: 'custom', sql: 'tinyint' };
    case 'double':
    case 'double precision':
    case 'real':
      return a === null ? { kind: 'real' } : { kind: 'custom', sql: canonicalCustomType(s) };
    case 'decimal':
    case 'numeric':
    case 'dec':
    case 'fixed':
      return a === null ? { kind: 'numeric', ...DEFAULT_DECIMAL } : { kind: 'numeric', precision: a, scale: b ?? 0 };
    case 'text':
      return a === null ? { kind: 'text' } : { kind: 'custom', sql: canonicalCustomType(s) };
    case 'varchar':
    case 'character varying':
    case 'nvarchar':
    case 'national varchar':
      return { kind: 'varchar', length: a ?? DEFAULT_VARCHAR_LENGTH };
    case 'char':
    case 'character':
      return a === 36 ? { kind: 'uuid' } : { kind: 'custom', sql: canonicalCustomType(s) };
    case 'uuid':
      return { kind: 'uuid' };
    case 'date':
      return { kind: 'date' };
    case 'datetime':
      return a === TIMESTAMP_FSP ? { kind: 'timestamp', withTimezone: false } : { kind: 'custom', sql: canonicalCustomType(s) };
    case 'json':
      return { kind: 'json' };
    case 'longblob':
      return { kind: 'blob' };
    default:
      return { kind: 'custom', sql: canonicalCustomType(s) };
  }
}

/**
 * A canonical spelling of a type outside the vocabulary: keywords lower-cased, spacing
 * fixed, and integer display widths dropped (`int(10) unsigned` → `int unsigned`): MySQL 8
 * no longer reports them and they never changed what a column stores.
 */
function canonicalCustomType(sql: string): string {
  const canonical = canonicalExpression(sql);
  const m = /^([a-z]+)\(\d+\)(.*)$/.exec(canonical);
  return m && INTEGER_FAMILY.has(m[1]!) ? `${m[1]}${m[2]}` : canonical;
}

/** The values of `enum('a','b''c')`; MySQL strips trailing spaces from enum values. */
function readEnumValues(s: string): string[] | null {
  const values: string[] = [];
  let i = s.indexOf('(') + 1;
  for (;;) {
    while (s[i] === ' ') i++;
    const read = readMysqlString(s, i);
    if (!read) return null;
    values.push(read.value.replace(/ +$/, ''));
    i = read.end;
    while (s[i] === ' ') i++;
    if (s[i] === ')') return s.slice(i + 1).trim() === '' ? values : null;
    if (s[i] !== ',') return null;
    i++;
  }
}
