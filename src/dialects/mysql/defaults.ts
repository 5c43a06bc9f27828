import type { Column, ColumnType, DefaultValue } from '../../schema/ir.js';
import { isCurrentTimestamp } from './expressions.js';
import { mysqlLiteral, parseMysqlStringLiteral } from './literal.js';
import { TIMESTAMP_FSP } from './types.js';

/**
 * The text after `DEFAULT` for a column, or null for none.
 *
 * Literals on TEXT, BLOB and JSON columns are written as expressions, `DEFAULT ('…')`:
 * MySQL 8 accepts no plain literal there (https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html)
 * and MariaDB reads both forms alike. CURRENT_TIMESTAMP takes the column's fractional
 * digits, which MySQL requires to match. Other expressions are parenthesized, as MySQL 8 requires.
 */
export function mysqlDefaultSql(column: Column): string | null {
  const d = column.default;
  if (d === null || column.autoIncrement) return null;
  if (d.kind === 'literal') {
    const literal = mysqlLiteral(d.value, column.type);
    return d.value !== null && needsExpressionDefault(column.type) ? `(${literal})` : literal;
  }
  if (isCurrentTimestamp(d.sql)) {
    const fsp = fractionalDigits(column.type);
    return fsp ? `CURRENT_TIMESTAMP(${fsp})` : 'CURRENT_TIMESTAMP';
  }
  return `(${d.sql})`;
}

function needsExpressionDefault(type: ColumnType): boolean {
  if (type.kind === 'text' || type.kind === 'json' || type.kind === 'blob') return true;
  return type.kind === 'custom' && /^\s*(tiny|medium|long)?(text|blob)\b|^\s*(json|geometry|point|linestring|polygon)\b/i.test(type.sql);
}

function fractionalDigits(type: ColumnType): number {
  if (type.kind === 'timestamp') return TIMESTAMP_FSP;
  if (type.kind === 'custom') return Number(/^\s*(?:datetime|timestamp)\s*\(\s*(\d)\s*\)/i.exec(type.sql)?.[1] ?? 0);
  return 0;
}

/** A row of `information_schema.COLUMNS`, as far as defaults go. */
export interface DefaultSource {
  readonly COLUMN_DEFAULT: string | null;
  readonly EXTRA: string;
  readonly DATA_TYPE: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Reads `COLUMN_DEFAULT`, which the two servers write differently
 * (https://mariadb.com/kb/en/information-schema-columns-table/):
 * - MariaDB (10.2.7+) writes SQL: quoted string literals (`'it''s'`), bare numbers,
 *   `NULL` for no default and bare expressions (`current_timestamp()`).
 * - MySQL writes a literal's bare value (`it's`) and SQL NULL for none; expression
 *   defaults say `DEFAULT_GENERATED` in EXTRA and may carry charset introducers.
 */
export function readMysqlDefault(row: DefaultSource, mariadb: boolean): DefaultValue | null {
  const raw = row.COLUMN_DEFAULT;
  if (raw === null) return null;
  if (mariadb) {
    if (raw === 'NULL') return null;
    const text = parseMysqlStringLiteral(raw);
    if (text !== undefined) return { kind: 'literal', value: text };
    if (NUMBER.test(raw)) return { kind: 'literal', value: Number(raw) };
    return { kind: 'expression', sql: raw };
  }
  const generated = /DEFAULT_GENERATED/i.test(row.EXTRA);
  if (generated || (/date|time/i.test(row.DATA_TYPE) && isCurrentTimestamp(raw))) {
    // MySQL escapes quotes inside expression text as \' (e.g. _utf8mb4\'a\').
    const sql = raw.replace(/\\'/g, "''");
    let inner = sql.trim();
    while (/^\(.*\)$/s.test(inner)) inner = inner.slice(1, -1).trim();
    // A parenthesized string literal (how TEXT/JSON defaults must be written) is a literal.
    const text = parseMysqlStringLiteral(inner.replace(/^_[A-Za-z0-9]+(?=')/, ''));
    return text !== undefined ? { kind: 'literal', value: text } : { kind: 'expression', sql };
  }
  return { kind: 'literal', value: raw };
}
