import type { Engine, EngineConnection } from '../engine/engine.js';
import { InputError, UsageError } from '../errors.js';
import type { Column, Table } from '../schema/ir.js';
import type { RawRow } from './assignments.js';
import { makeCoercer } from './coerce.js';
import { findColumnOrThrow, liveTable } from './live-table.js';
import type { RowWriterOptions } from './row-writer.js';
import { RowWriter, withLocation } from './row-writer.js';

/** Options of `insertRows`. */
export interface InsertOptions {
  /** Names each row in front of messages (`rows.json:12`); default `row N:` when there are several. */
  readonly describe?: (index: number) => string;
}

/** What `insertRows` did. */
export interface InsertResult {
  readonly table: string;
  readonly inserted: number;
  /** The generated key of a single inserted row, when the table has an auto-increment key and the driver reports it. */
  readonly insertedId?: number | string;
}

/**
 * Inserts rows into a live table, all or none (one transaction). Values are coerced by
 * column type first, so a bad value fails before anything is written; columns a row
 * leaves out take their defaults.
 */
export async function insertRows(engine: Engine, tableName: string, rows: readonly RawRow[], options: InsertOptions = {}): Promise<InsertResult> {
  if (rows.length === 0) throw new UsageError('nothing to insert: give column=value pairs, --json or --file');
  const table = await liveTable(engine, tableName);
  const describe = options.describe ?? ((i: number) => (rows.length > 1 ? `row ${i + 1}:` : ''));
  const key = rows.length === 1 ? autoIncrementKey(table) : null;
  let lastInsertId: number | bigint | null = null;
  const inserted = await engine.transaction(async (tx) => {
    const written = await writeRows(tx, table, rows, { describe, returnKey: key, onLastInsertId: (id) => (lastInsertId = id) });
    return written;
  });
  const id = key !== null ? (lastInsertId as number | bigint | null) : null;
  return { table: table.name, inserted, ...(id !== null ? { insertedId: typeof id === 'bigint' ? String(id) : id } : {}) };
}

/** Options of `writeRows`, shared by `insertRows` and `orm seed`. */
export interface WriteRowsOptions {
  /** Names row `index` in front of messages; '' for no prefix. */
  readonly describe: (index: number) => string;
  /** The upsert for a set of insert columns (seed modes); none when absent. */
  readonly upsertFor?: (columns: readonly string[]) => RowWriterOptions['upsert'];
  /** Called after each batch with the rows written by it. */
  readonly onRows?: (count: number) => void;
  /** The generated key of the last row written (see `RowWriterOptions.returnKey`). */
  readonly onLastInsertId?: (id: number | bigint | null) => void;
  /** The auto-increment column `onLastInsertId` reports. */
  readonly returnKey?: string | null;
}

/**
 * Writes rows of raw values on a connection that is inside a transaction: each row is
 * checked and coerced, and consecutive rows with the same columns share batched INSERTs
 * (rows keep their order). Returns the rows written.
 */
export async function writeRows(tx: EngineConnection, table: Table, rows: Iterable<RawRow>, options: WriteRowsOptions): Promise<number> {
  let writer: RowWriter | null = null;
  let signature = '';
  let total = 0;
  let reported = 0;
  const finish = async () => {
    if (!writer) return;
    await writer.flush();
    total += writer.written;
    options.onLastInsertId?.(writer.lastInsertId);
  };
  let index = 0;
  for (const row of rows) {
    const { columns, values } = prepareRow(tx, table, row, options.describe(index));
    const key = columns.join('\u0000');
    if (!writer || key !== signature) {
      await finish();
      reported = 0;
      writer = new RowWriter(tx, {
        table: table.name,
        columns,
        upsert: options.upsertFor?.(columns) ?? null,
        returnKey: options.returnKey,
        explicitKey: explicitKey(table, columns),
        describe: (tag) => options.describe(tag) || 'the row:',
        onBatch: (written) => {
          options.onRows?.(written - reported);
          reported = written;
        },
      });
      signature = key;
    }
    await writer.add(values, index++);
  }
  await finish();
  return total;
}

/** Checks one row against the table and returns its columns and encoded values. */
function prepareRow(tx: EngineConnection, table: Table, row: RawRow, location: string): { columns: string[]; values: unknown[] } {
  const columns: string[] = [];
  const values: unknown[] = [];
  try {
    for (const [name, raw] of row) {
      const column = findColumnOrThrow(table, name);
      const value = makeCoercer(column, raw.origin, { limits: tx.dialect.capabilities })(raw.value);
      // A null generated key asks for a generated one: left out, so every database makes
      // one (PostgreSQL refuses an explicit NULL there, SQLite and MySQL generate).
      if (value === null && column.autoIncrement) continue;
      values.push(tx.dialect.encodeValue(value, column.type));
      columns.push(column.name);
    }
    for (const column of table.columns) {
      if (!row.has(column.name) && isRequired(column)) {
        throw new InputError(`${column.name}: a value is required (NOT NULL without a default)`, { column: column.name });
      }
    }
  } catch (err) {
    throw withLocation(err, location);
  }
  return { columns, values };
}

/** NOT NULL, no default, not generated: the database would refuse a row without it. */
export function isRequired(column: Column): boolean {
  return !column.nullable && column.default === null && !column.autoIncrement;
}

/** The auto-increment column among `columns`, whose generator must then move past the given values. */
export function explicitKey(table: Table, columns: readonly string[]): string | null {
  return table.columns.find((c) => c.autoIncrement && columns.includes(c.name))?.name ?? null;
}

function autoIncrementKey(table: Table): string | null {
  const pk = table.primaryKey?.columns;
  if (pk?.length !== 1) return null;
  return table.columns.find((c) => c.name === pk[0] && c.autoIncrement)?.name ?? null;
}
