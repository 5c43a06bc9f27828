import type { Dialect } from '../dialects/dialect.js';
import { tokenize } from '../dialects/shared/tokens.js';
import { MigrationError } from '../errors.js';
import type { LiteralValue } from '../schema/ir.js';

/**
 * A statement with its bound parameters written in as SQL literals, for offline scripts
 * that nobody binds. Placeholders are found with the SQL tokenizer, so a `?` inside a
 * string literal is left alone.
 */
export function inlineParams(dialect: Dialect, sql: string, params: readonly unknown[] = []): string {
  if (params.length === 0) return sql;
  const positional = dialect.placeholder(1) === '?';
  let next = 0;
  let out = '';
  let last = 0;
  for (const token of tokenize(sql)) {
    if (token.kind !== 'param') continue;
    let index: number;
    if (positional && token.value === '?') index = next++;
    else if (!positional && /^\$\d+$/.test(token.value)) index = Number(token.value.slice(1)) - 1;
    else continue;
    if (index >= params.length) throw new MigrationError(`statement has more placeholders than parameters: ${sql.slice(0, 200)}`);
    out += sql.slice(last, token.start) + literalFor(dialect, params[index]);
    last = token.end;
  }
  return out + sql.slice(last);
}

function literalFor(dialect: Dialect, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return dialect.literal(value.toISOString());
  if (value instanceof Uint8Array) throw new MigrationError('an offline script cannot contain binary parameters (bulkInsert of a blob): run this migration online');
  return dialect.literal(value as LiteralValue);
}
