/**
 * Runs one migration's statements: `before` statements outside the transaction, the
 * main ones inside it together with the version-table write, `after` statements after
 * the commit. Where the dialect's DDL is transactional, a failure rolls everything back;
 * where it is not, the revision is recorded as failed with the statement that failed.
 */
import type { Dialect, DependentObject } from '../dialects/dialect.js';
import type { EngineConnection } from '../engine/engine.js';
import { DatabaseError, IntegrityError, LockError, MigrationError, OrmError } from '../errors.js';
import type { RecordedOperation } from '../ops/op-api.js';
import type { Operation, PlannedStatement } from '../ops/operations.js';
import { display } from './graph.js';
import type { MigrationFile } from './migration-file.js';
import { oneLineSql, operationLabel } from './operation-label.js';
import type { VersionTable } from './version-table.js';

/** A planned statement with the operation it came from. */
export interface StepStatement {
  readonly statement: PlannedStatement;
  readonly op: Operation;
}

/** Which function of a migration runs. */
export type Direction = 'upgrade' | 'downgrade';

/**
 * Plans every recorded operation against the schema it applies to. Planning errors
 * (an operation the dialect cannot express) name the file and the operation.
 */
export function planStep(
  dialect: Dialect,
  file: MigrationFile,
  recorded: readonly RecordedOperation[],
  dependentObjects?: readonly DependentObject[],
): StepStatement[] {
  const out: StepStatement[] = [];
  for (const r of recorded) {
    let planned: PlannedStatement[];
    try {
      planned = dialect.plan(r.op, { schema: r.before, dependentObjects });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new MigrationError(`${display(file.path)}: ${operationLabel(r.op)}: ${message}`, { file: file.path, revision: file.revision, operation: r.op.kind }, { cause: err });
    }
    for (const statement of planned) out.push({ statement, op: r.op });
  }
  return out;
}

/** `PRAGMA foreign_key_check` returns the violating rows: any row means the step failed. */
export function mustReturnNoRows(sql: string): boolean {
  return /^\s*PRAGMA\s+(?:"?\w+"?\.)?foreign_key_check\b/i.test(sql);
}

/** Runs one planned statement; a check that must return no rows and returns some throws. */
export async function executeStatement(conn: EngineConnection, s: StepStatement): Promise<void> {
  const result = await conn.execute(s.statement.sql, s.statement.params ?? []);
  if (mustReturnNoRows(s.statement.sql) && result.rows.length > 0) {
    const first = result.rows[0]!;
    throw new IntegrityError(
      `foreign key check failed: ${result.rows.length} row(s) violate a foreign key (first: table ${String(first.table)}, rowid ${String(first.rowid)}, referencing ${String(first.parent)})`,
      { kind: 'foreign_key', table: String(first.table), sql: s.statement.sql },
    );
  }
}

/** What `runStep` needs besides the migration: the connection, the dialect, the version table. */
export interface StepContext {
  readonly conn: EngineConnection;
  readonly dialect: Dialect;
  readonly versions: VersionTable;
  /**
   * The version table's fingerprint as this runner planned against it: when the one read
   * inside the step's transaction differs, another runner got in between and the step
   * is abandoned.
   */
  readonly expected: string;
  /** Where the database is before this step, for the rollback message. */
  readonly at: () => string;
}

/** Done (with the time its statements took), or abandoned because another runner got in first. */
export type StepOutcome = { readonly status: 'done'; readonly durationMs: number } | { readonly status: 'raced' };

/**
 * Runs one migration's planned statements and its version-table write, in one transaction
 * where the dialect allows. Throws a DatabaseError naming the file, operation and SQL.
 */
export async function runStep(ctx: StepContext, file: MigrationFile, direction: Direction, statements: readonly StepStatement[]): Promise<StepOutcome> {
  const { conn, dialect, versions } = ctx;
  const before = statements.filter((s) => s.statement.phase === 'before');
  const after = statements.filter((s) => s.statement.phase === 'after');
  const main = statements.filter((s) => s.statement.phase !== 'before' && s.statement.phase !== 'after');
  const transactional = dialect.capabilities.transactionalDdl;
  let current: StepStatement | null = null;
  let inTx = false;
  // Once part of the step is committed, a failure can no longer roll it all back.
  let premarked = false;

  const run = async (s: StepStatement) => {
    current = s;
    await executeStatement(conn, s);
  };
  const write = async (sql: { sql: string; params: readonly unknown[] }) => {
    current = null;
    await conn.execute(sql.sql, sql.params);
  };
  const premark = async () => {
    if (premarked) return;
    const reason = `${direction} interrupted before it finished`;
    if (direction === 'upgrade') await write(versions.insert({ revision: file.revision, checksum: file.checksum, durationMs: 0, status: 'failed', error: reason }));
    else await write(versions.markFailed(file.revision, null, reason));
    premarked = true;
  };
  const finish = async (durationMs: number) => {
    if (direction === 'downgrade') await write(versions.delete(file.revision));
    else if (premarked) await write(versions.markApplied(file.revision, file.checksum, durationMs));
    else await write(versions.insert({ revision: file.revision, checksum: file.checksum, durationMs, status: 'applied' }));
  };

  let pending: unknown = null;
  try {
    for (const s of before) await run(s);
    current = null;
    if (transactional) {
      await conn.begin({ immediate: true });
      inTx = true;
    }
    if ((await versions.fingerprint(conn)) !== ctx.expected) {
      if (inTx) await conn.rollback();
      inTx = false;
      return { status: 'raced' };
    }
    if (!transactional) await premark();
    const started = performance.now();
    for (const s of main) {
      if (transactional && s.statement.transactional === false) {
        // A statement that cannot run in a transaction splits the step: record it as
        // in progress with the part before, so a failure after it is visible.
        await premark();
        await conn.commit();
        inTx = false;
        await run(s);
        await conn.begin({ immediate: true });
        inTx = true;
        continue;
      }
      await run(s);
    }
    const durationMs = performance.now() - started;
    await finish(durationMs);
    if (inTx) await conn.commit();
    inTx = false;
    return { status: 'done', durationMs };
  } catch (err) {
    if (inTx) await conn.rollback().catch(() => undefined);
    inTx = false;
    const failedAt = current as StepStatement | null;
    if (premarked) {
      const message = err instanceof Error ? err.message : String(err);
      const mark = versions.markFailed(file.revision, failedAt?.statement.sql ?? null, message);
      await conn.execute(mark.sql, mark.params).catch(() => undefined);
    }
    pending = stepError(err, file, direction, failedAt, premarked ? null : ctx.at());
    throw pending;
  } finally {
    for (const s of after) {
      try {
        await run(s);
      } catch (err) {
        if (pending === null) throw stepError(err, file, direction, s, null);
      }
    }
  }
}

/**
 * One line naming the file, the operation and the SQL, and what state the database is
 * in: rolled back to `at`, or recorded as failed (`at` null).
 */
export function stepError(err: unknown, file: MigrationFile, direction: Direction, failedAt: StepStatement | null, at: string | null): OrmError {
  if (err instanceof MigrationError) return err;
  // Waiting for another runner's lock is not a failure of this migration's SQL.
  if (err instanceof LockError && failedAt === null) return err;
  const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  const where = failedAt ? ` at ${operationLabel(failedAt.op)}` : '';
  const sql = failedAt ? `; SQL: ${oneLineSql(failedAt.statement.sql)}` : '';
  const state =
    at !== null
      ? `; rolled back: the database is still at ${at}`
      : `; part of it is committed (this database cannot roll DDL back), so ${file.revision} is recorded as failed: repair the database, then run \`orm migrate resolve ${file.revision} --applied\` or \`--rolled-back\``;
  return new DatabaseError(`${direction} ${display(file.path)} failed${where}: ${reason}${sql}${state}`, {
    file: file.path,
    revision: file.revision,
    operation: failedAt?.op.kind,
    sql: failedAt?.statement.sql,
    rolledBack: at !== null,
    cause: err instanceof OrmError ? err.code : undefined,
  }, { cause: err });
}
