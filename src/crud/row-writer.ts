/**
 * Writes rows to one table in multi-row INSERT batches: at most 500 rows (SQLite caps a
 * compound SELECT, which a VALUES list is, at 500 terms) and under the dialect's
 * parameter limit. Each batch runs in a savepoint so that, when the database refuses it,
 * the rows are retried one by one to name the offending row (`seeds/users.csv:42: …`).
 * An upsert batch ends before a row whose conflict key an earlier row of the batch has:
 * rows then meet each other one statement after another, as SQLite and MySQL would have
 * it within one, and PostgreSQL does not refuse the statement. Must run inside a
 * transaction.
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
  /**
   * A column whose value in the last row written becomes `lastInsertId`: read with
   * RETURNING where the dialect has it (PostgreSQL reports no insert id), else the
   * driver's insert id stands.
   */
  readonly returnKey?: string | null;
  /**
   * An auto-increment column the rows give values for: after each batch the column's key
   * generator is moved past them, where the dialect needs that (`syncKeyGenerator`).
   */
  readonly explicitKey?: string | null;
}

/** Rows per statement for `columnCount` columns under `maxParameters`. */
export function batchRows(maxParameters: number, columnCount: number): number {
  return Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(maxParameters / Math.max(1, columnCount))));
}

/** Batches rows of one table into multi-row INSERTs on a connection inside a transaction. */
export class RowWriter {
  /**
   * Rows written: inserted, or (upsert) matched to an existing row and updated or kept.
   * Counted by the writer, since MySQL counts an upsert's update twice.
   */
  written = 0;
  /** The generated key of the last inserted row, where the driver reports one. */
  lastInsertId: number | bigint | null = null;
  private readonly width: number;
  private readonly perBatch: number;
  private readonly params: unknown[];
  private readonly tags: number[] = [];
  private count = 0;
  private readonly sqlByRows = new Map<number, string>();
  private suffix = '';
  /** Positions of the conflict columns among the INSERT's columns; null unless upserting on given columns. */
  private readonly keyAt: readonly number[] | null = null;
  /** Conflict keys of the queued rows. */
  private readonly keys = new Set<string>();
  /** A row whose key repeats one queued: it opens the next batch (see `push`). */
  private held: { readonly values: unknown[]; readonly tag: number } | null = null;
  private readonly upserting: boolean;
  /** Check after each upsert batch that its keys exist (see `Capabilities.upsertOnAnyUniqueKey`). */
  private readonly verifyKeys: boolean;
  private readonly returnKey: string | null;
  private readonly syncKey: { readonly sql: string; readonly params: readonly unknown[] } | null;

  constructor(
    private readonly conn: EngineConnection,
    private readonly options: RowWriterOptions,
  ) {
    const { dialect } = conn;
    this.width = options.columns.length;
    this.perBatch = this.width === 0 ? 1 : batchRows(dialect.capabilities.maxParameters, this.width);
    this.params = new Array<unknown>(this.perBatch * this.width);
    const upsert = this.width > 0 ? options.upsert : null;
    this.upserting = !!upsert;
    this.returnKey = options.returnKey != null && dialect.capabilities.returning ? options.returnKey : null;
    if (upsert) {
      if (!dialect.upsertClause) throw new UsageError(`upsert is not supported on ${dialect.name} yet; use --mode insert`);
      this.suffix = ` ${dialect.upsertClause({ table: options.table, insertColumns: options.columns, ...upsert })}`;
      const at = upsert.conflictColumns.map((c) => options.columns.indexOf(c));
      // A row leaving a key column out collides only through its default: not tracked.
      if (at.every((i) => i >= 0)) this.keyAt = at;
    }
    this.verifyKeys = this.keyAt !== null && dialect.capabilities.upsertOnAnyUniqueKey === true;
    if (this.returnKey !== null) this.suffix += ` RETURNING ${dialect.quoteIdentifier(this.returnKey)}`;
    this.syncKey = options.explicitKey != null && dialect.syncKeyGenerator ? dialect.syncKeyGenerator(options.table, options.explicitKey) : null;
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
    if (this.keyAt !== null) {
      const key = conflictKey(values, this.keyAt);
      if (key !== null) {
        if (this.keys.has(key)) {
          this.held = { values: values.slice(0, this.width), tag };
          return true;
        }
        this.keys.add(key);
      }
    }
    const base = this.count * this.width;
    for (let i = 0; i < this.width; i++) this.params[base + i] = values[i];
    this.tags[this.count] = tag;
    return ++this.count === this.perBatch;
  }

  /** Writes the queued rows; a held row (repeated key) then starts the next batch. */
  async flush(): Promise<void> {
    await this.write();
    const held = this.held;
    if (held === null) return;
    this.held = null;
    if (this.push(held.values, held.tag)) await this.write();
  }

  private async write(): Promise<void> {
    if (this.count === 0) return;
    const rows = this.count;
    const params = rows === this.perBatch ? this.params : this.params.slice(0, rows * this.width);
    const keyCount = this.keys.size;
    this.count = 0;
    this.keys.clear();
    const conn = this.conn;
    await conn.execute('SAVEPOINT orm_batch');
    try {
      const result = await conn.execute(this.sql(rows), params);
      if (this.verifyKeys && keyCount > 0 && (await this.keysFound(params, rows)) < keyCount) throw new LandedElsewhere();
      this.written += this.upserting ? rows : result.rowsAffected;
      const returned = this.returnKey === null ? undefined : result.rows[result.rows.length - 1]?.[this.returnKey];
      this.lastInsertId = returned === undefined ? result.lastInsertId : (returned as number | bigint | null);
    } catch (err) {
      await conn.execute('ROLLBACK TO SAVEPOINT orm_batch');
      throw await this.locate(err, rows, params);
    }
    await conn.execute('RELEASE SAVEPOINT orm_batch');
    if (this.syncKey !== null) await conn.execute(this.syncKey.sql, this.syncKey.params);
    this.options.onBatch?.(this.written);
  }

  /** How many of the batch's conflict keys (NULL-free ones) exist in the table now. */
  private async keysFound(params: readonly unknown[], rows: number): Promise<number> {
    const at = this.keyAt!;
    const values: unknown[] = [];
    for (let r = 0; r < rows; r++) {
      const key = at.map((i) => params[r * this.width + i]);
      if (key.every((v) => v !== null && v !== undefined)) values.push(...key);
    }
    if (values.length === 0) return 0;
    const { dialect } = this.conn;
    const q = dialect.quoteIdentifier;
    const cols = at.map((i) => q(this.options.columns[i]!));
    const tuple = (n: number) => (at.length === 1 ? dialect.placeholder(n + 1) : `(${at.map((_c, j) => dialect.placeholder(n + j + 1)).join(', ')})`);
    const tuples = Array.from({ length: values.length / at.length }, (_x, r) => tuple(r * at.length));
    const target = at.length === 1 ? cols[0]! : `(${cols.join(', ')})`;
    const { rows: found } = await this.conn.execute(`SELECT COUNT(*) AS n FROM ${q(this.options.table)} WHERE ${target} IN (${tuples.join(', ')})`, values);
    return Number(found[0]?.n ?? 0);
  }

  /** The error for a row whose upsert changed another row, found through a unique key other than the conflict key. */
  private landedElsewhere(): IntegrityError {
    const key = this.keyAt!.map((i) => this.options.columns[i]!).join(', ');
    return new IntegrityError(
      `collides with an existing row on a unique key of ${this.options.table} other than (${key}); refused, since ${this.conn.dialect.name}'s upsert would overwrite that row instead (match on that key with --on, or fix the row)`,
      { table: this.options.table, kind: 'unique' },
    );
  }

  /** Retries a failed batch row by row to find the row the database refuses. */
  private async locate(err: unknown, rows: number, params: readonly unknown[]): Promise<unknown> {
    if (err instanceof LandedElsewhere && rows === 1) return withLocation(this.landedElsewhere(), this.describe(this.tags[0]!));
    if (rows === 1) return withLocation(err, this.describe(this.tags[0]!));
    const sql = this.sql(1);
    for (let r = 0; r < rows; r++) {
      const row = params.slice(r * this.width, (r + 1) * this.width);
      try {
        await this.conn.execute(sql, row);
        if (this.verifyKeys && (await this.keysFound(row, 1)) === 0 && this.keyAt!.every((i) => row[i] != null)) throw new LandedElsewhere();
      } catch (rowErr) {
        await this.conn.execute('ROLLBACK TO SAVEPOINT orm_batch');
        return withLocation(rowErr instanceof LandedElsewhere ? this.landedElsewhere() : rowErr, this.describe(this.tags[r]!));
      }
    }
    // Every row passes alone: the rows collide with each other (say, a duplicate key twice
    // in one batch). Name the batch.
    await this.conn.execute('ROLLBACK TO SAVEPOINT orm_batch');
    return withLocation(err instanceof LandedElsewhere ? this.landedElsewhere() : err, `${this.describe(this.tags[0]!)} (in a batch of ${rows} rows)`);
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

/** An upserted key missing after its statement (see `RowWriter.keysFound`); replaced by an IntegrityError naming the row. */
class LandedElsewhere extends Error {}

/** A row's values at `at` as one comparable string; null when one is NULL (NULLs never collide). */
function conflictKey(values: readonly unknown[], at: readonly number[]): string | null {
  let key = '';
  for (const i of at) {
    const v = values[i];
    if (v === null || v === undefined) return null;
    key += `${typeof v}:${v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v instanceof Date ? v.toISOString() : String(v)}\u0000`;
  }
  return key;
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
