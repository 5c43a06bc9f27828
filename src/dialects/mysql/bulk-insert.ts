import type { PlannedStatement } from '../../ops/operations.js';
import type { ColumnType, Schema } from '../../schema/ir.js';
import { findTable } from '../../schema/ir.js';
import { quoteMysql } from './literal.js';
import { encodeMysql } from './values.js';

/** Most placeholders in one prepared statement (the protocol counts them in 16 bits). */
export const MAX_PARAMETERS = 65_535;
/**
 * Rough bytes per statement: well under max_allowed_packet's smallest common default
 * (4 MB on MySQL 5.7; 16 MB MariaDB, 64 MB MySQL 8), since values travel inline, escaped.
 */
const MAX_STATEMENT_BYTES = 2 * 1024 * 1024;

/**
 * Multi-row INSERTs with bound values, batched under MAX_PARAMETERS and the byte budget.
 * A key missing from a row writes DEFAULT (not NULL), so rows may differ in shape; values
 * are encoded for their column's type when the table is known.
 */
export function planMysqlBulkInsert(table: string, rows: readonly Readonly<Record<string, unknown>>[], schema: Schema): PlannedStatement[] {
  if (rows.length === 0) return [];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const types = new Map<string, ColumnType>(findTable(schema, table)?.columns.map((c) => [c.name, c.type]) ?? []);
  const head = `INSERT INTO ${quoteMysql(table)} (${columns.map(quoteMysql).join(', ')}) VALUES `;

  const statements: PlannedStatement[] = [];
  let tuples: string[] = [];
  let params: unknown[] = [];
  let bytes = 0;
  const flush = (): void => {
    if (tuples.length > 0) statements.push({ sql: head + tuples.join(', '), params });
    tuples = [];
    params = [];
    bytes = 0;
  };
  for (const row of rows) {
    const values: unknown[] = [];
    const slots = columns.map((c) => {
      if (!Object.prototype.hasOwnProperty.call(row, c)) return 'DEFAULT';
      const type = types.get(c);
      values.push(type ? encodeMysql(row[c], type) : row[c]);
      return '?';
    });
    const size = values.reduce<number>((n, v) => n + approximateBytes(v), 16);
    if (tuples.length > 0 && (params.length + values.length > MAX_PARAMETERS || bytes + size > MAX_STATEMENT_BYTES)) flush();
    tuples.push(`(${slots.join(', ')})`);
    params.push(...values);
    bytes += size;
  }
  flush();
  return statements;
}

/** Escaped inline size: strings and bytes may double (escapes, hex). */
function approximateBytes(value: unknown): number {
  if (typeof value === 'string') return 2 * Buffer.byteLength(value) + 2;
  if (value instanceof Uint8Array) return 2 * value.byteLength + 3;
  return 24;
}
