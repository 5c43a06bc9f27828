/**
 * `upgrade` and `downgrade`: lock → read the version table → plan the revisions to run →
 * for each, build its operations through `MigrationOp`, plan them as SQL and run them
 * with the version-table write in one transaction (see `runStep`), or in a savepoint of
 * a transaction shared with the quick migrations around it (see `TransactionGroup`).
 */
import type { DependentObject } from '../dialects/dialect.js';
import type { EngineConnection, Engine } from '../engine/engine.js';
import { LockError, MigrationError } from '../errors.js';
import type { Schema } from '../schema/ir.js';
import type { RevisionGraph } from './graph.js';
import { display } from './graph.js';
import { MigrationLoader, readMigrations } from './load-migrations.js';
import type { Direction, StepOutcome } from './run-step.js';
import { assertConsistent, databaseState, describeHeads } from './state.js';
import { planDowngrade, planUpgrade } from './targets.js';
import type { VersionRow } from './version-table.js';
import { VersionTable, fingerprintOf } from './version-table.js';

/** Where the migrations are and where their state is kept. */
export interface MigrationsOptions {
  /** The migrations folder. */
  readonly directory: string;
  /** Version table name; default `orm_migrations`. */
  readonly versionTable?: string;
  /** Share one loader between calls to reuse imported modules' transpilation. */
  readonly loader?: MigrationLoader;
}

/** Options of `upgrade` and `downgrade`. */
export interface RunOptions extends MigrationsOptions {
  /** Upgrade: `head` (default), `heads`, a revision or prefix, `+N`. Downgrade: `base`, a revision, `-N`. */
  readonly target?: string;
  /** Milliseconds to wait for another runner's lock (servers; SQLite waits on its busy timeout). Default 60000. */
  readonly lockTimeoutMs?: number;
  /** Progress, for a CLI to print as it goes. */
  readonly onEvent?: (event: RunEvent) => void;
  /**
   * Before each migration runs, check it against the live schema and stop before it on
   * an error finding the database is certain to refuse (ORM010, a foreign key between
   * types it does not accept), so it is not left half applied. Default true; false runs
   * it anyway.
   */
  readonly lint?: boolean;
}

/** Progress of a run: each migration as it starts and finishes. */
export type RunEvent =
  | { readonly type: 'start'; readonly direction: Direction; readonly revision: string; readonly file: string; readonly message: string }
  | { readonly type: 'done'; readonly direction: Direction; readonly revision: string; readonly file: string; readonly durationMs: number };

/** One migration that ran. */
export interface RunStep {
  readonly revision: string;
  readonly file: string;
  readonly message: string;
  readonly durationMs: number;
  readonly statements: number;
  /** It ran raw SQL (`op.execute`), whose effect only the database knows: it may read more than the files say. */
  readonly rawSql: boolean;
}

/** What a run did and where it left the database. */
export interface RunResult {
  readonly direction: Direction;
  /** Applied heads before the run (empty: base). */
  readonly from: readonly string[];
  /** Applied heads after it. */
  readonly to: readonly string[];
  /** Revisions run, in order. */
  readonly steps: readonly RunStep[];
  /** Applied files edited since (downgrade runs them anyway; upgrade refuses). */
  readonly changed: readonly string[];
}

/** The version table when the config names none. */
export const DEFAULT_VERSION_TABLE = 'orm_migrations';
/** How long a runner waits for another by default. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** Applies migrations up to `target` (default `head`). */
export function upgrade(engine: Engine, options: RunOptions): Promise<RunResult> {
  return run(engine, options, 'upgrade');
}

/** Undoes migrations down to `target` (`base`, a revision, `-N`). */
export function downgrade(engine: Engine, options: RunOptions & { readonly target: string }): Promise<RunResult> {
  return run(engine, options, 'downgrade');
}

/** Runs `fn` on one connection holding the migration lock. */
export async function withMigrationLock<T>(engine: Engine, options: MigrationsOptions & { lockTimeoutMs?: number }, fn: (conn: EngineConnection) => Promise<T>): Promise<T> {
  const conn = await engine.connect(() => 'the migration runner');
  let release: (() => Promise<void>) | null = null;
  try {
    release = await engine.dialect.acquireMigrationLock(conn.raw, { key: options.versionTable ?? DEFAULT_VERSION_TABLE, timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS });
    return await fn(conn);
  } finally {
    try {
      await release?.();
    } finally {
      conn.release();
    }
  }
}

async function run(engine: Engine, options: RunOptions, direction: Direction): Promise<RunResult> {
  const loader = options.loader ?? new MigrationLoader();
  const graph = await readMigrations(options.directory, loader);
  const { dialect } = engine;
  const tableName = options.versionTable ?? DEFAULT_VERSION_TABLE;
  const versions = new VersionTable(dialect, tableName);
  const target = options.target ?? (direction === 'upgrade' ? 'head' : undefined);
  if (target === undefined) throw new MigrationError('downgrade needs a target: base, a revision, or -N');

  const timeout = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  return withMigrationLock(engine, options, async (conn) => {
    let rows: VersionRow[] = await versions.ensure(conn);
    let state = databaseState(graph, rows);
    assertConsistent(graph, state, { allowChanged: direction === 'downgrade' });
    const from = state.heads;
    const changed = state.changed.map((c) => c.file);
    const pending = (applied: ReadonlySet<string>) => (direction === 'upgrade' ? planUpgrade(graph, applied, target) : planDowngrade(graph, applied, target));
    let remaining = pending(state.applied);
    const steps: RunStep[] = [];

    if (remaining.length === 0) return { direction, from, to: from, steps, changed };

    // Loaded only when there is something to run: a no-op upgrade stays a quick read.
    const [{ MigrationOp }, { callMigration }, { planStep, runStep }, { TransactionGroup }, { isAdditive }, { foreignKeyTypeConflicts }] = await Promise.all([
      import('../ops/op-api.js'),
      import('./call-migration.js'),
      import('./run-step.js'),
      import('./run-group.js'),
      import('../ops/additive.js'),
      import('../ops/lint-foreign-key-types.js'),
    ]);
    await loader.prepare(remaining.map((r) => graph.get(r)));
    // Quick additive migrations share a transaction, each in its own savepoint (run-group.ts).
    const group = new TransactionGroup(conn, dialect, versions);
    try {
      while (remaining.length > 0) {
        await group.commit();
        // The schema the migrations build on and the revisions it reflects, read at one
        // moment: where no lock keeps other runners out (SQLite), one may have moved the
        // database on since the version table was last read.
        let schema: Schema;
        ({ rows, schema } = await snapshot(conn, dialect, versions, tableName));
        state = databaseState(graph, rows);
        assertConsistent(graph, state, { allowChanged: direction === 'downgrade' });
        remaining = remaining.filter((r) => (direction === 'upgrade' ? !state.applied.has(r) : state.applied.has(r)));
        // Triggers and views, for planners that rebuild tables: read again only after a
        // migration that may have changed them.
        let dependents: DependentObject[] | undefined | null = null;
        for (const revision of remaining) {
          const file = graph.get(revision);
          const op = new MigrationOp(schema);
          await callMigration(loader, file, direction, op);
          if (options.lint !== false) {
            // The lint findings certain to fail without row counts: foreign keys the database refuses.
            const [refused] = foreignKeyTypeConflicts(op.recorded.map((r) => r.op), { dialect, schema });
            if (refused) {
              throw new MigrationError(
                `${direction} stopped before ${display(file.path)} (${revision}), nothing of it run: ${refused.code} ${refused.message}; fix the migration, or run with --skip-lint if the database accepts it`,
                { revision, code: refused.code },
              );
            }
          }
          if (dependents === null) dependents = dialect.readDependentObjects ? await dialect.readDependentObjects(conn.raw) : undefined;
          const statements = planStep(dialect, file, op.recorded, dependents);
          const rawSql = op.recorded.some((r) => r.op.kind === 'execute');
          options.onEvent?.({ type: 'start', direction, revision, file: file.path, message: file.message });
          const before = rows;
          const at = () => describeHeads(graph, databaseState(graph, before).heads);
          const done = (durationMs: number) => {
            options.onEvent?.({ type: 'done', direction, revision, file: file.path, durationMs });
            steps.push({ revision, file: file.path, message: file.message, durationMs, statements: statements.length, rawSql });
          };
          let outcome: StepOutcome;
          if (group.accepts(op.recorded, statements)) {
            outcome = await group.run(file, direction, statements, () => fingerprintOf(before), at, done);
          } else {
            await group.commit();
            outcome = await runStep({ conn, dialect, versions, expected: fingerprintOf(before), at }, file, direction, statements);
            if (outcome.status === 'done') done(outcome.durationMs);
          }
          // Another runner moved the database on while this one planned: start again from
          // what is there now; its revisions are not run twice.
          if (outcome.status === 'raced') break;
          rows =
            direction === 'upgrade'
              ? [...rows, { revision, checksum: file.checksum, appliedAt: null, durationMs: outcome.durationMs, status: 'applied', failedStatement: null, error: null }]
              : rows.filter((r) => r.revision !== revision);
          if (!op.recorded.every((r) => isAdditive(r.op))) dependents = null;
          if (rawSql) {
            // Raw SQL changes the schema in ways the operations cannot track: read it again,
            // unless another runner has moved on meanwhile (then start again from a snapshot).
            // Raw SQL is never additive, so no shared transaction is open here.
            const now = await snapshot(conn, dialect, versions, tableName);
            if (fingerprintOf(now.rows) !== fingerprintOf(rows)) break;
            schema = now.schema;
          } else schema = op.schema;
        }
        // Steps are recorded as their transaction commits.
        await group.commit();
        const ran = new Set(steps.map((s) => s.revision));
        remaining = remaining.filter((r) => !ran.has(r));
      }
    } finally {
      // Whatever stopped the run, the migrations that finished stay applied.
      await group.commit();
    }
    if (steps.length > 0) await loader.saveCompiled();
    return { direction, from, to: databaseState(graph, rows).heads, steps, changed };
  }).catch((err: unknown) => {
    if (err instanceof LockError) throw new LockError(`waited ${timeout} ms for another migration run on this database to finish (raise the lock timeout to wait longer): ${err.message}`, { ...err.details, timeoutMs: timeout });
    throw err;
  });
}

/** The graph of a migrations folder (re-exported for callers that only need the files). */
export function migrationGraph(options: MigrationsOptions): Promise<RevisionGraph> {
  return readMigrations(options.directory, options.loader);
}

/** The version rows and the live schema, read in one transaction so that they agree. */
async function snapshot(conn: EngineConnection, dialect: Engine['dialect'], versions: VersionTable, tableName: string): Promise<{ rows: VersionRow[]; schema: Schema }> {
  await conn.begin();
  try {
    const rows = (await versions.read(conn)) ?? [];
    const schema = await dialect.introspect(conn.raw, { exclude: [tableName] });
    return { rows, schema };
  } finally {
    await conn.commit();
  }
}
