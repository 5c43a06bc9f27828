/**
 * Writes rows to one table in multi-row INSERT batches: at most 500 rows (SQLite caps a
 * compound SELECT, which a VALUES list is, at 500 terms) and under the dialect's
 * parameter limit. Each batch runs in a savepoint so that, when the database refuses it,
 * the rows are retried one by one to name the offending row (`seeds/users.csv:42: …`).
 * Must run inside a transaction.
 */
import type { UpsertSpec } from '../dialects/dialect.js';
import type { EngineConnection } from '../engine/engine.js';
import { DatabaseError, InputError, IntegrityError, OrmError, UsageError } from '../errors.js';

/** SQLite's SQLITE_MAX_COMPOUND_SELECT default. */
export const MAX_BATCH_ROWS = 500;

/** What a `RowWriter` writes, and where it reports. */
export interface RowWriterOptions {
  readonly table: string;
  /** The INSERT's columns; every row gives one (already encoded) value per column. */
  readonly columns: readonly string[];
  /** Turns collisions into updates (see `Dialect.upsertClause`); null for plain inserts. */
  readonly upsert?: Omit<UpsertSpec, 'table' | 'insertColumns'> | null;
  /** Names a row by its tag (a line number, an index) in front of messages; default `row N:`. */
  readonly describe?: (tag: number) => string;
  /** Called after each batch with the total written so far. */
  readonly onBatch?: (written: number) => void;
}

/** Rows per statement for `columnCount` columns under `maxParameters`. */
export function batchRows(maxParameters: number, columnCount: number): number {
  return Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(maxParameters / Math.max(1, columnCount))));
}

/** Batches rows of one table into multi-row INSERTs on a connection inside a transaction. */
export class RowWriter {
  /** Rows the database reported as written (inserted or updated). */
  written = 0;
  /** The generated key of the last inserted row, where the driver reports one. */
  lastInsertId: number | bigint | null = null;
  private readonly width: number;
  private readonly perBatch: number;
  private readonly params: unknown[];
  private readonly tags: number[] = [];
  private count = 0;
  private readonly sqlByRows = new Map<number, string>();
  private readonly suffix: string;

  constructor(
    private readonly conn: EngineConnection,
    private readonly options: RowWriterOptions,
  ) {
    const { dialect } = conn;
    this.width = options.columns.length;
    this.perBatch = this.width === 0 ? 1 : batchRows(dialect.capabilities.maxParameters, this.width);
    this.params = new Array<unknown>(this.perBatch * this.width);
    if (options.upsert && this.width > 0) {
      if (!dialect.upsertClause) throw new UsageError(`upsert is not supported on ${dialect.name} yet; use --mode insert`);
      this.suffix = ` ${dialect.upsertClause({ table: options.table, insertColumns: options.columns, ...options.upsert })}`;
    } else {
      this.suffix = '';
    }
  }

  /** Queues one row of encoded values (in `columns` order); writes a batch when full. */
  async add(values: readonly unknown[], tag: number): Promise<void> {
    if (this.push(values, tag)) await this.flush();
  }

  /**
   * Queues one row without awaiting; true when the batch is full and `flush()` must be
   * awaited before the next push. The streaming hot path: no promise per row.
   */
  push(values: readonly unknown[], tag: number): boolean {
    const base = this.count * this.width;
    for (let i = 0; i < this.width; i++) this.params[base + i] = values[i];
    this.tags[this.count] = tag;
    return ++this.count === this.perBatch;
  }

  /** Writes the queued rows. */
  async flush(): Promise<void> {
    if (this.count === 0) return;
    const rows = this.count;
    const params = rows === this.perBatch ? this.params : this.params.slice(0, rows * this.width);
    this.count = 0;
    const conn = this.conn;
    await conn.execute('SAVEPOINT orm_batch');
    try {
      const result = await conn.execute(this.sql(rows), params);
      this.written += result.rowsAffected;
      this.lastInsertId = result.lastInsertId;
    } catch (err) {
      await conn.execute('ROLLBACK TO SAVEPOINT orm_batch');
      throw await this.locate(err, rows, params);
    }
    await conn.execute('RELEASE SAVEPOINT orm_batch');
    this.options.onBatch?.(this.written);
  }

  /** Retries a failed batch row by row to find the row the database refuses. */
  private async locate(err: unknown, rows: number, params: readonly unknown[]): Promise<unknown> {
    if (rows === 1) return withLocation(err, this.describe(this.tags[0]!));
    const sql = this.sql(1);
    for (let r = 0; r < rows; r++) {
      try {
        await this.conn.execute(sql, params.slice(r * this.width, (r + 1) * this.width));
      } catch (rowErr) {
        await this.conn.execute('ROLLBACK TO SAVEPOINT orm_batch');
        return withLocation(rowErr, this.describe(this.tags[r]!));
      }
    }
    // Every row passes alone: the rows collide with each other (say, a duplicate key twice
    // in one batch). Name the batch.
    await this.conn.execute('ROLLBACK TO SAVEPOINT orm_batch');
    return withLocation(err, `${this.describe(this.tags[0]!)} (in a batch of ${rows} rows)`);
  }

  private describe(tag: number): string {
    return this.options.describe ? this.options.describe(tag) : `row ${tag}:`;
  }

  private sql(rows: number): string {
    let sql = this.sqlByRows.get(rows);
    if (sql === undefined) {
      sql = insertSql(this.conn.dialect, this.options.table, this.options.columns, rows) + this.suffix;
      this.sqlByRows.set(rows, sql);
    }
    return sql;
  }
}

/** `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)` with the dialect's numbered placeholders. */
export function insertSql(dialect: EngineConnection['dialect'], table: string, columns: readonly string[], rows: number): string {
  const q = dialect.quoteIdentifier;
  if (columns.length === 0) return `INSERT INTO ${q(table)} ${dialect.defaultValuesClause}`;
  const tuples: string[] = new Array<string>(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const cells = new Array<string>(columns.length);
    for (let c = 0; c < columns.length; c++) cells[c] = dialect.placeholder(++n);
    tuples[r] = `(${cells.join(', ')})`;
  }
  return `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${tuples.join(', ')}`;
}

/** The same error with the row's location in front of the message (`seeds/users.csv:42 …`). */
export function withLocation(err: unknown, location: string): unknown {
  if (!(err instanceof OrmError) || location === '') return err;
  const message = `${location} ${err.message}`;
  const details = { ...err.details, location };
  if (err instanceof IntegrityError) return new IntegrityError(message, { ...details, kind: err.kind }, { cause: err });
  if (err instanceof DatabaseError) return new DatabaseError(message, details, { cause: err });
  if (err instanceof InputError) return new InputError(message, details);
  if (err instanceof UsageError) return new UsageError(message, details);
  return new OrmError(err.code, message, details, { cause: err });
}
