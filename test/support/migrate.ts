/**
 * Plans and executes schema operations the way a migration runner must, for tests:
 *
 * 1. plan every operation against the schema as it stands just before it
 *    (`applyOperation` moves the schema on), with the database's triggers/views;
 * 2. run the `before` statements of all operations outside any transaction (SQLite's
 *    `PRAGMA foreign_keys=OFF` is a no-op inside one);
 * 3. run the `main` statements in one transaction (where DDL is transactional); a
 *    `PRAGMA foreign_key_check` that returns any row fails the migration; a statement
 *    that cannot run in a transaction (`transactional: false`) commits what came
 *    before it and runs alone, as the runner does;
 * 4. run the `after` statements, whether the transaction committed or not.
 *
 * The real runner (version table, locking, checksums) lives in src/migrate/.
 */
import type { Engine, EngineConnection, Operation, PlannedStatement, Schema } from '../../src/index.js';
import { applyOperation } from '../../src/index.js';
import type { DependentObject } from '../../src/dialects/dialect.js';
import { readDependentObjects } from '../../src/dialects/sqlite/objects.js';

export interface PlannedMigration {
  readonly before: readonly PlannedStatement[];
  readonly main: readonly PlannedStatement[];
  readonly after: readonly PlannedStatement[];
  /** The schema the operations lead to. */
  readonly schema: Schema;
}

/** Plans `ops` from `schema` with the engine's dialect. Pure. */
export function planMigration(engine: Pick<Engine, 'dialect'>, schema: Schema, ops: readonly Operation[], dependentObjects?: readonly DependentObject[]): PlannedMigration {
  const before: PlannedStatement[] = [];
  const main: PlannedStatement[] = [];
  const after: PlannedStatement[] = [];
  let current = schema;
  for (const op of ops) {
    for (const s of engine.dialect.plan(op, { schema: current, dependentObjects })) {
      const phase = s.phase ?? 'main';
      const list = phase === 'before' ? before : phase === 'after' ? after : main;
      // Connection settings need saying once per migration.
      if (phase !== 'main' && list.some((x) => x.sql === s.sql)) continue;
      list.push(s);
    }
    current = applyOperation(current, op);
  }
  return { before, main, after, schema: current };
}

export class ForeignKeyCheckError extends Error {
  constructor(readonly rows: readonly Record<string, unknown>[]) {
    super(`foreign key check failed: ${JSON.stringify(rows.slice(0, 5))}`);
  }
}

/** Runs a planned migration on one connection: before, main in a transaction, after. */
export async function executePlan(conn: EngineConnection, plan: PlannedMigration): Promise<void> {
  const run = async (s: PlannedStatement) => {
    const result = await conn.execute(s.sql, s.params ?? []);
    if (/^\s*PRAGMA\s+foreign_key_check\b/i.test(s.sql) && result.rows.length > 0) throw new ForeignKeyCheckError(result.rows);
  };
  try {
    for (const s of plan.before) await run(s);
    const transactional = conn.dialect.capabilities.transactionalDdl;
    if (transactional) await conn.begin();
    try {
      for (const s of plan.main) {
        if (transactional && s.transactional === false) {
          await conn.commit();
          await run(s);
          await conn.begin();
        } else await run(s);
      }
      if (transactional) await conn.commit();
    } catch (err) {
      if (transactional && conn.inTransaction) await conn.rollback();
      throw err;
    }
  } finally {
    for (const s of plan.after) await run(s);
  }
}

/** Introspects, plans and executes `ops`; returns the plan. */
export async function migrate(engine: Engine, ops: readonly Operation[]): Promise<PlannedMigration> {
  const conn = await engine.connect();
  try {
    const schema = await engine.dialect.introspect(conn.raw);
    const objects = engine.dialect.name === 'sqlite' ? await readDependentObjects(conn.raw) : undefined;
    const plan = planMigration(engine, schema, ops, objects);
    await executePlan(conn, plan);
    return plan;
  } finally {
    conn.release();
  }
}
