import { closest, InputError } from '../../errors.js';
import type { PlannedStatement } from '../../ops/operations.js';
import type { Schema } from '../../schema/ir.js';
import { quotePg, shortenPg } from './identifiers.js';
import { liveTable, syncSequence } from './plan-support.js';
import { encodePostgres } from './values.js';

/** Bound parameters per statement: the protocol's Bind message counts them in 16 bits. */
export const PG_MAX_PARAMETERS = 65535;

/**
 * Multi-row INSERTs with bound values, batched so no statement passes 65535
 * parameters. Rows may name different columns: a column a row leaves out gets DEFAULT.
 * Values are encoded for their column types when the table is known. Rows that give
 * explicit values to an identity column are followed by a sequence sync, so the next
 * generated key does not collide with them.
 */
export function planBulkInsert(tableName: string, rows: readonly Readonly<Record<string, unknown>>[], schema: Schema): PlannedStatement[] {
  const table = liveTable(schema, tableName);
  const columns: string[] = [];
  for (const row of rows) for (const [k, v] of Object.entries(row)) if (v !== undefined && !columns.includes(k)) columns.push(k);
  const t = quotePg(tableName);
  if (columns.length === 0) return rows.map(() => ({ sql: `INSERT INTO ${t} DEFAULT VALUES` }));

  const types = columns.map((name) => {
    if (!table) return null;
    const col = table.columns.find((c) => shortenPg(c.name) === shortenPg(name));
    if (!col) {
      const guess = closest(name, table.columns.map((c) => c.name));
      throw new InputError(`bulk insert into '${tableName}': no column '${name}'${guess ? ` (did you mean '${guess}'?)` : ''}`, { table: tableName, column: name });
    }
    return col;
  });
  const perStatement = Math.max(1, Math.floor(PG_MAX_PARAMETERS / columns.length));
  const out: PlannedStatement[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const params: unknown[] = [];
    const tuples = rows.slice(start, start + perStatement).map((row) => {
      const cells = columns.map((name, i) => {
        const value = row[name];
        if (value === undefined) return 'DEFAULT';
        const col = types[i];
        params.push(col ? encodePostgres(value, col.type) : value);
        return `$${params.length}`;
      });
      return `(${cells.join(', ')})`;
    });
    out.push({ sql: `INSERT INTO ${t} (${columns.map(quotePg).join(', ')}) VALUES ${tuples.join(', ')}`, params });
  }
  for (const col of types) if (col?.autoIncrement) out.push({ sql: syncSequence(tableName, col.name) });
  return out;
}
