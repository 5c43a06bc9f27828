import { ignoreRules, ignoringTable } from '../diff/ignore.js';
import { ModelError } from '../errors.js';
import { foreignKeyTypeProblems } from '../ops/lint-foreign-key-types.js';
import { keyColumns } from '../schema/index-keys.js';
import type { Schema, Table } from '../schema/ir.js';
import { dependencyOrder } from '../schema/dependency-order.js';
import type { Engine, EngineConnection } from './engine.js';

export interface CreateAllResult {
  /** Tables created, in creation order. */
  readonly createdTables: readonly string[];
  /** Indexes created (on new and existing tables), as `table.index`. */
  readonly createdIndexes: readonly string[];
  /** Model tables that already existed (left as they are: changing them is a migration's job). */
  readonly existingTables: readonly string[];
  readonly statements: readonly string[];
}

/**
 * Creates the model tables that are missing, in foreign key order, and any missing
 * indexes; existing tables are not altered. Idempotent. Atomic where DDL is transactional.
 */
export async function createAll(engine: Engine, models: Schema): Promise<CreateAllResult> {
  const { dialect } = engine;
  const live = await engine.introspect({ only: models.tables.map((t) => t.name) });
  const existing = new Map(live.tables.map((t) => [t.name, t]));
  // Live names are as stored: a model name past the identifier limit is stored shortened.
  const stored = (name: string): string => dialect.shortenIdentifier(name);
  const missing = models.tables.filter((t) => !existing.has(stored(t.name)));
  const { order, cyclic } = dependencyOrder(missing);
  refuseMismatchedKeys(engine, missing, (name) => existing.get(stored(name)) ?? models.tables.find((t) => t.name === name));

  const statements: string[] = [];
  const createdIndexes: string[] = [];
  const deferred: Array<[Table, Table['foreignKeys'][number]]> = [];
  for (const t of order) {
    const omit = dialect.capabilities.forwardForeignKeys ? [] : t.foreignKeys.filter((fk) => cyclic.has(fk.name)).map((fk) => fk.name);
    statements.push(...dialect.ddl.createTable(t, { omitForeignKeys: omit }));
    for (const fk of t.foreignKeys) if (omit.includes(fk.name)) deferred.push([t, fk]);
  }
  for (const [t, fk] of deferred) statements.push(...dialect.ddl.addForeignKey(t.name, fk));
  for (const t of models.tables) {
    const live = existing.get(stored(t.name));
    const have = new Set(live?.indexes.map((i) => i.name) ?? []);
    const columns = live ? new Set(live.columns.map((c) => c.name)) : null;
    for (const index of t.indexes) {
      if (have.has(stored(index.name))) continue;
      // An index over a column the live table lacks waits for the migration adding it.
      if (columns && !keyColumns(index).every((c) => columns.has(c))) continue;
      statements.push(...dialect.ddl.createIndex(t.name, index));
      createdIndexes.push(`${t.name}.${index.name}`);
    }
  }

  if (statements.length > 0) await runStatements(engine, statements);
  return {
    createdTables: order.map((t) => t.name),
    createdIndexes,
    existingTables: models.tables.filter((t) => existing.has(stored(t.name))).map((t) => t.name),
    statements,
  };
}

/**
 * Stops before any DDL when a new table's foreign key joins column types the database
 * refuses (`Dialect.foreignKeyTypeProblem`; lint code ORM010): where DDL is not
 * transactional, the tables created before it would stay.
 */
function refuseMismatchedKeys(engine: Engine, tables: readonly Table[], tableNamed: (name: string) => Table | undefined): void {
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      const ref = tableNamed(fk.refTable);
      const [problem] = ref ? foreignKeyTypeProblems(engine.dialect, t, fk, ref) : [];
      if (problem !== undefined) throw new ModelError(`table '${t.name}': ${problem}; nothing was created`, { table: t.name, foreignKey: fk.name });
    }
  }
}

export interface DropAllResult {
  readonly droppedTables: readonly string[];
  readonly statements: readonly string[];
}

/** Options of `dropAll`. */
export interface DropAllOptions {
  /** Every table in the database instead of the model tables, except those `ignore` matches. */
  readonly all?: boolean;
  /** Only report what would be dropped. */
  readonly dryRun?: boolean;
  /** Table patterns `all` leaves alone (config `ignore`, see diff/ignore.ts); object patterns do not apply here. */
  readonly ignore?: readonly string[];
}

/**
 * Drops the model tables that exist, dependents first. With `all`, drops every table in
 * the database instead (including ones no model describes) except ignored ones.
 */
export async function dropAll(engine: Engine, models: Schema, options: DropAllOptions = {}): Promise<DropAllResult> {
  const live = await engine.introspect(options.all ? {} : { only: models.tables.map((t) => t.name) });
  const rules = ignoreRules(options.ignore);
  const { order, cyclic } = dependencyOrder(options.all ? live.tables.filter((t) => ignoringTable(rules, t.name) === undefined) : live.tables);
  const targets = [...order].reverse();
  const statements: string[] = [];
  if (!engine.dialect.capabilities.forwardForeignKeys) {
    // Tables referencing each other: drop the foreign keys closing the cycle first.
    for (const t of targets) {
      for (const fk of t.foreignKeys.filter((f) => cyclic.has(f.name))) {
        const planned = engine.dialect.plan({ kind: 'dropConstraint', table: t.name, constraint: { type: 'foreignKey', ...fk } }, { schema: live });
        statements.push(...planned.map((p) => p.sql));
      }
    }
  }
  statements.push(...targets.flatMap((t) => engine.dialect.ddl.dropTable(t)));
  if (statements.length > 0 && !options.dryRun) await runStatements(engine, statements);
  return { droppedTables: targets.map((t) => t.name), statements };
}

async function runStatements(engine: Engine, statements: readonly string[]): Promise<void> {
  const run = async (conn: EngineConnection) => {
    for (const sql of statements) await conn.execute(sql);
  };
  if (engine.dialect.capabilities.transactionalDdl) {
    await engine.transaction(run);
  } else {
    const conn = await engine.connect();
    try {
      await run(conn);
    } finally {
      conn.release();
    }
  }
}
