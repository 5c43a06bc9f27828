import { DialectError } from '../../errors.js';
import type { ColumnType, LiteralValue } from '../../schema/ir.js';

/** Quotes an identifier with backticks, doubling embedded backticks. */
export const quoteMysql = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/**
 * A MySQL string literal. Backslashes are escapes in MySQL strings unless the session has
 * NO_BACKSLASH_ESCAPES, which the driver turns off (mysql2 escapes bound values the same way):
 * https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
 */
export function mysqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\0/g, '\\0')}'`;
}

/**
 * A SQL literal as MySQL reads it: booleans are 1/0 (a boolean is TINYINT(1)), objects and
 * arrays are JSON text, and on a json column every non-string value is JSON text too.
 */
export function mysqlLiteral(value: LiteralValue, type?: ColumnType): string {
  if (value === null) return 'NULL';
  if (type?.kind === 'json') return mysqlString(typeof value === 'string' ? value : JSON.stringify(value));
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new DialectError(`cannot write ${value} as a MySQL literal`);
      return String(value);
    case 'boolean':
      return value ? '1' : '0';
    case 'string':
      return mysqlString(value);
    default:
      return mysqlString(JSON.stringify(value));
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/**
 * Reads one quoted MySQL string (`'it''s'`, `'a\\b'`) starting at `start`; returns the value
 * and the offset after the closing quote, or null when the text there is not a string.
 * `\%` and `\_` keep their backslash, as MySQL does (they are LIKE escapes).
 */
export function readMysqlString(text: string, start = 0): { value: string; end: number } | null {
  const quote = text[start];
  if (quote !== "'" && quote !== '"') return null;
  let out = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      out += next === '%' || next === '_' ? `\\${next}` : (ESCAPES[next] ?? next);
    } else if (ch === quote) {
      if (text[i + 1] !== quote) return { value: out, end: i + 1 };
      out += quote;
      i++;
    } else {
      out += ch;
    }
  }
  return null;
}

/** The value of `text` when it is exactly one quoted string (surrounding blanks allowed), else undefined. */
export function parseMysqlStringLiteral(text: string): string | undefined {
  const s = text.trim();
  const read = readMysqlString(s);
  return read && read.end === s.length ? read.value : undefined;
}
