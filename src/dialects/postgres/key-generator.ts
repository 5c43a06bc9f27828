import { quotePg, shortenPg } from './identifiers.js';

/**
 * `setval` of the column's sequence (identity or serial) to the table's largest key, when
 * that key is at or past the value the sequence would hand out next; nothing otherwise,
 * nor for a column without a sequence or counting down
 * (https://www.postgresql.org/docs/current/functions-sequence.html). setval is not
 * transactional, like nextval: a rollback leaves the sequence ahead, a gap, never a clash.
 */
export function syncPostgresKeyGenerator(table: string, column: string): { sql: string; params: unknown[] } {
  const sql =
    `SELECT setval(q.seqrelid, m.top) FROM pg_sequence q, (SELECT max(${quotePg(column)}) AS top FROM ${quotePg(table)}) m ` +
    // pg_get_serial_sequence parses its first argument as SQL (quoted), its second as a plain name.
    `WHERE q.seqrelid = pg_get_serial_sequence($1, $2)::regclass AND q.seqincrement > 0 ` +
    `AND m.top >= COALESCE(pg_sequence_last_value(q.seqrelid), q.seqstart)`;
  return { sql, params: [quotePg(table), shortenPg(column)] };
}
