/**
 * The version table (`orm_migrations` unless configured): one row per applied revision,
 * with the checksum of its file, when and how long it ran, and, where DDL cannot roll
 * back, the statement that failed. Created from Table IR through the dialect's DDL
 * compiler, so it is portable; introspection callers exclude it, so it never shows up
 * in a diff.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { EngineConnection, Executor } from '../engine/engine.js';
import { DatabaseError } from '../errors.js';
import type { Column, ColumnType, Table } from '../schema/ir.js';

/** `failed` only where DDL cannot roll back: a migration stopped part-way. */
export type VersionStatus = 'applied' | 'failed';

/** One row of the version table. */
export interface VersionRow {
  readonly revision: string;
  readonly checksum: string;
  readonly appliedAt: Date | null;
  readonly durationMs: number;
  readonly status: VersionStatus;
  /** Where DDL is not transactional: the statement that failed, for `orm migrate resolve`. */
  readonly failedStatement: string | null;
  readonly error: string | null;
}

/** A statement with bound parameters. */
export interface SqlWithParams {
  readonly sql: string;
  readonly params: readonly unknown[];
}

const INSERT_BATCH = 100;
const APPLIED_AT: ColumnType = { kind: 'timestamp', withTimezone: true };
const col = (name: string, type: ColumnType, nullable: boolean, def: Column['default'] = null): Column => ({ name, type, nullable, default: def, autoIncrement: false, comment: null });

/** The version table as IR. */
export function versionTableIr(name: string): Table {
  return {
    name,
    columns: [
      col('revision', { kind: 'varchar', length: 64 }, false),
      col('checksum', { kind: 'varchar', length: 64 }, false),
      col('applied_at', APPLIED_AT, false, { kind: 'expression', sql: 'CURRENT_TIMESTAMP' }),
      col('duration_ms', { kind: 'integer' }, false, { kind: 'literal', value: 0 }),
      col('status', { kind: 'varchar', length: 16 }, false, { kind: 'literal', value: 'applied' }),
      col('failed_statement', { kind: 'text' }, true),
      col('error', { kind: 'text' }, true),
    ],
    primaryKey: { name: null, columns: ['revision'] },
    indexes: [],
    uniques: [],
    checks: [{ name: `ck_${name}_status`, expression: "status IN ('applied', 'failed')" }],
    foreignKeys: [],
    comment: 'ormkit: applied migrations',
  };
}

/** Builds the statements that read and write the version table, for one dialect. */
export class VersionTable {
  private readonly q: string;

  constructor(
    readonly dialect: Dialect,
    readonly name: string,
  ) {
    this.q = dialect.quoteIdentifier(name);
  }

  private cols(names: readonly string[]): string {
    return names.map((n) => this.dialect.quoteIdentifier(n)).join(', ');
  }

  private p(i: number): string {
    return this.dialect.placeholder(i);
  }

  create(): string[] {
    return this.dialect.ddl.createTable(versionTableIr(this.name));
  }

  select(): string {
    return `SELECT ${this.cols(['revision', 'checksum', 'applied_at', 'duration_ms', 'status', 'failed_statement', 'error'])} FROM ${this.q}`;
  }

  insert(row: { revision: string; checksum: string; durationMs: number; status: VersionStatus; failedStatement?: string | null; error?: string | null }): SqlWithParams {
    const names = ['revision', 'checksum', 'applied_at', 'duration_ms', 'status', 'failed_statement', 'error'];
    return {
      sql: `INSERT INTO ${this.q} (${this.cols(names)}) VALUES (${this.p(1)}, ${this.p(2)}, CURRENT_TIMESTAMP, ${this.p(3)}, ${this.p(4)}, ${this.p(5)}, ${this.p(6)})`,
      params: [row.revision, row.checksum, Math.round(row.durationMs), row.status, row.failedStatement ?? null, row.error ?? null],
    };
  }

  /**
   * One INSERT of several applied rows (at most `INSERT_BATCH` each: far below every
   * dialect's parameter limit).
   */
  insertApplied(rows: readonly { revision: string; checksum: string; durationMs: number }[]): SqlWithParams[] {
    const out: SqlWithParams[] = [];
    const names = this.cols(['revision', 'checksum', 'applied_at', 'duration_ms', 'status']);
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const chunk = rows.slice(i, i + INSERT_BATCH);
      let n = 0;
      const values = chunk.map(() => `(${this.p(++n)}, ${this.p(++n)}, CURRENT_TIMESTAMP, ${this.p(++n)}, 'applied')`);
      out.push({ sql: `INSERT INTO ${this.q} (${names}) VALUES ${values.join(', ')}`, params: chunk.flatMap((r) => [r.revision, r.checksum, Math.round(r.durationMs)]) });
    }
    return out;
  }

  markApplied(revision: string, checksum: string, durationMs: number): SqlWithParams {
    const c = (n: string) => this.dialect.quoteIdentifier(n);
    return {
      sql: `UPDATE ${this.q} SET ${c('status')} = 'applied', ${c('checksum')} = ${this.p(1)}, ${c('duration_ms')} = ${this.p(2)}, ${c('applied_at')} = CURRENT_TIMESTAMP, ${c('failed_statement')} = NULL, ${c('error')} = NULL WHERE ${c('revision')} = ${this.p(3)}`,
      params: [checksum, Math.round(durationMs), revision],
    };
  }

  markFailed(revision: string, failedStatement: string | null, error: string): SqlWithParams {
    const c = (n: string) => this.dialect.quoteIdentifier(n);
    return {
      sql: `UPDATE ${this.q} SET ${c('status')} = 'failed', ${c('failed_statement')} = ${this.p(1)}, ${c('error')} = ${this.p(2)} WHERE ${c('revision')} = ${this.p(3)}`,
      params: [failedStatement, error, revision],
    };
  }

  setChecksum(revision: string, checksum: string): SqlWithParams {
    const c = (n: string) => this.dialect.quoteIdentifier(n);
    return { sql: `UPDATE ${this.q} SET ${c('checksum')} = ${this.p(1)} WHERE ${c('revision')} = ${this.p(2)}`, params: [checksum, revision] };
  }

  delete(revision: string): SqlWithParams {
    return { sql: `DELETE FROM ${this.q} WHERE ${this.dialect.quoteIdentifier('revision')} = ${this.p(1)}`, params: [revision] };
  }

  /**
   * What identifies the state cheaply (sorted `revision:status` pairs), or null when the
   * table does not exist: runners compare it inside each migration's transaction.
   */
  async fingerprint(executor: Executor): Promise<string | null> {
    const c = (n: string) => this.dialect.quoteIdentifier(n);
    let rows: Record<string, unknown>[];
    try {
      rows = (await executor.execute(`SELECT ${c('revision')}, ${c('status')} FROM ${this.q}`)).rows;
    } catch (err) {
      if (err instanceof DatabaseError) return null;
      throw err;
    }
    return fingerprintOf(rows.map((r) => ({ revision: String(r.revision), status: r.status === 'failed' ? 'failed' : 'applied' })));
  }

  /** The rows, or null when the table does not exist yet. */
  async read(executor: Executor): Promise<VersionRow[] | null> {
    let rows: Record<string, unknown>[];
    try {
      rows = (await executor.execute(this.select())).rows;
    } catch (err) {
      // A missing table is the normal state of a fresh database.
      if (err instanceof DatabaseError) return null;
      throw err;
    }
    return rows.map((r) => ({
      revision: String(r.revision),
      checksum: String(r.checksum),
      appliedAt: (this.dialect.decodeValue(r.applied_at, APPLIED_AT) as Date | null) ?? null,
      durationMs: Number(r.duration_ms ?? 0),
      status: r.status === 'failed' ? 'failed' : 'applied',
      failedStatement: r.failed_statement == null ? null : String(r.failed_statement),
      error: r.error == null ? null : String(r.error),
    }));
  }

  /**
   * The rows, creating the table first when it is missing. Creation runs in an immediate
   * transaction that checks again, so two runners starting together create it once.
   */
  async ensure(conn: EngineConnection): Promise<VersionRow[]> {
    const rows = await this.read(conn);
    if (rows) return rows;
    const create = async (c: EngineConnection) => {
      const existing = await this.dialect.introspect(c.raw, { only: [this.name] });
      if (existing.tables.length > 0) return;
      for (const sql of this.create()) await c.execute(sql);
    };
    if (this.dialect.capabilities.transactionalDdl) await conn.transaction(create, { immediate: true });
    else await create(conn);
    return (await this.read(conn)) ?? [];
  }
}

/** The fingerprint of rows (see `VersionTable.fingerprint`). */
export function fingerprintOf(rows: readonly { readonly revision: string; readonly status: VersionStatus }[]): string {
  return rows
    .map((r) => `${r.revision}:${r.status}`)
    .sort()
    .join('|');
}
