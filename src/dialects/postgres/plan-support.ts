import type { Schema, Table } from '../../schema/ir.js';
import { sqlString } from '../shared/normalize.js';
import { quotePg, shortenPg } from './identifiers.js';

/** The table as the plan context knows it, matched by its stored (shortened) name. */
export function liveTable(schema: Schema, name: string): Table | undefined {
  const short = shortenPg(name);
  return schema.tables.find((t) => shortenPg(t.name) === short);
}

/**
 * Moves an identity/serial sequence past the largest value in its column, never back:
 * rows inserted with explicit keys (seeds, a column that just became identity) would
 * otherwise collide with the next generated key.
 */
export function syncSequence(table: string, column: string): string {
  // pg_get_serial_sequence reads its first argument as SQL text (quotes kept) and its
  // second as a bare column name: https://www.postgresql.org/docs/current/functions-info.html
  const seq = `pg_get_serial_sequence(${sqlString(quotePg(table))}, ${sqlString(shortenPg(column))})::regclass`;
  return `SELECT setval(s.seq, s.mx) FROM (SELECT ${seq} AS seq, (SELECT MAX(${quotePg(column)}) FROM ${quotePg(table)}) AS mx) s ` +
    `WHERE s.mx >= 1 AND s.mx >= COALESCE(pg_sequence_last_value(s.seq), 0)`;
}
