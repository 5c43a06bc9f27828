/**
 * Consecutive quick migrations sharing one transaction, each in a savepoint of its own.
 *
 * A commit is what a migration costs most on a local database: SQLite syncs the file
 * twice per commit (~2–3 ms here), PostgreSQL flushes its WAL, so 300 small migrations
 * spent three quarters of their time committing. A group keeps every migration atomic
 * together with its version-table row — a failing statement rolls back to the
 * migration's savepoint, the migrations before it are committed, and the database is
 * left at the one before, exactly as with a transaction per migration — and commits
 * once per group instead of once per migration.
 *
 * Only migrations made of additive operations join (see `isAdditive`), and only where
 * DDL is transactional and every statement runs inside the transaction: anything that
 * touches existing rows or objects, runs raw SQL, or needs statements outside the
 * transaction (a SQLite table rebuild, `CREATE INDEX CONCURRENTLY`) runs on its own as
 * before. A group commits when it has been open for `maxOpenMs`, before any migration
 * that cannot join, and at the end of the run, so a crash loses at most that much
 * finished work and other connections wait at most that long for the write lock.
 * Migrations are reported done (`onDone`) once their group has committed.
 */
import type { Dialect } from '../dialects/dialect.js';
import type { EngineConnection } from '../engine/engine.js';
import { isAdditive } from '../ops/additive.js';
import type { RecordedOperation } from '../ops/op-api.js';
import type { MigrationFile } from './migration-file.js';
import type { Direction, StepOutcome, StepStatement } from './run-step.js';
import { executeStatement, stepError } from './run-step.js';
import type { VersionTable } from './version-table.js';

/** How long a group stays open before it commits (milliseconds). */
export const GROUP_MAX_OPEN_MS = 500;

export class TransactionGroup {
  private open = false;
  private openedAt = 0;
  private done: Array<() => void> = [];
  /** Version rows of the upgrades in the group, written together just before the commit. */
  private applied: Array<{ revision: string; checksum: string; durationMs: number }> = [];

  constructor(
    private readonly conn: EngineConnection,
    private readonly dialect: Dialect,
    private readonly versions: VersionTable,
    private readonly maxOpenMs = GROUP_MAX_OPEN_MS,
  ) {}

  /** Whether a migration with these operations and statements can run in the group. */
  accepts(recorded: readonly RecordedOperation[], statements: readonly StepStatement[]): boolean {
    return (
      this.dialect.capabilities.transactionalDdl &&
      recorded.every((r) => isAdditive(r.op)) &&
      statements.every((s) => s.statement.phase !== 'before' && s.statement.phase !== 'after' && s.statement.transactional !== false)
    );
  }

  /**
   * Runs one migration in a savepoint, beginning the group's transaction when none is
   * open (then `expected()`, the version table's fingerprint the run planned against, is
   * checked as `runStep` does). `at` names where the database is before this migration,
   * for the rollback message; `onDone` runs once the group has committed it.
   */
  async run(
    file: MigrationFile,
    direction: Direction,
    statements: readonly StepStatement[],
    expected: () => string,
    at: () => string,
    onDone: (durationMs: number) => void,
  ): Promise<StepOutcome> {
    const { conn, versions } = this;
    if (!this.open) {
      await conn.begin({ immediate: true });
      this.open = true;
      this.openedAt = performance.now();
      if ((await versions.fingerprint(conn)) !== expected()) {
        this.open = false;
        await conn.rollback();
        return { status: 'raced' };
      }
    }
    // One name for every member (each is released before the next): one cached statement.
    const savepoint = 'orm_migration';
    await conn.execute(`SAVEPOINT ${savepoint}`);
    const started = performance.now();
    let current: StepStatement | null = null;
    try {
      for (const s of statements) {
        current = s;
        await executeStatement(conn, s);
      }
      current = null;
      const durationMs = performance.now() - started;
      if (direction === 'upgrade') {
        this.applied.push({ revision: file.revision, checksum: file.checksum, durationMs });
      } else {
        const write = versions.delete(file.revision);
        await conn.execute(write.sql, write.params);
      }
      await conn.execute(`RELEASE SAVEPOINT ${savepoint}`);
      this.done.push(() => onDone(durationMs));
      if (performance.now() - this.openedAt >= this.maxOpenMs) await this.commit();
      return { status: 'done', durationMs };
    } catch (err) {
      await conn.execute(`ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
      await conn.execute(`RELEASE SAVEPOINT ${savepoint}`).catch(() => undefined);
      // The migrations before this one keep their place: the database is left at `at`.
      await this.commit();
      throw stepError(err, file, direction, current, at());
    }
  }

  /**
   * Writes the version rows of the group's upgrades and commits, if a transaction is
   * open, then reports its migrations done. The rows and the migrations they record
   * commit together, or not at all.
   */
  async commit(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    const applied = this.applied;
    this.applied = [];
    try {
      for (const write of this.versions.insertApplied(applied)) await this.conn.execute(write.sql, write.params);
      await this.conn.commit();
    } catch (err) {
      this.done = [];
      await this.conn.rollback().catch(() => undefined);
      throw err;
    }
    const done = this.done;
    this.done = [];
    for (const fn of done) fn();
  }
}
