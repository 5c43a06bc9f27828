import type { Engine } from '../engine/engine.js';
import type { RevisionGraph } from './graph.js';
import { MigrationLoader, readMigrations } from './load-migrations.js';
import type { MigrationsOptions } from './runner.js';
import { DEFAULT_VERSION_TABLE } from './runner.js';
import type { DatabaseState } from './state.js';
import { databaseState } from './state.js';
import { VersionTable } from './version-table.js';

/** Where the database is relative to the migration files (`orm current`). */
export interface CurrentStatus {
  readonly graph: RevisionGraph;
  readonly state: DatabaseState;
  /** False when the version table does not exist (nothing was ever applied). */
  readonly versionTableExists: boolean;
  /** Heads of the migration files. */
  readonly fileHeads: readonly string[];
  /** The database has every revision applied, nothing failed, nothing unknown. */
  readonly atHead: boolean;
  /** Revisions not applied yet, in the order `upgrade heads` would run them. */
  readonly pending: readonly string[];
}

/** Reads where the database is, without changing anything (the version table is not created). */
export async function currentStatus(engine: Engine, options: MigrationsOptions): Promise<CurrentStatus> {
  const graph = await readMigrations(options.directory, options.loader ?? new MigrationLoader());
  const rows = await new VersionTable(engine.dialect, options.versionTable ?? DEFAULT_VERSION_TABLE).read(engine);
  return statusOf(graph, rows);
}

/** The status of a graph and version-table rows (null: no version table). */
export function statusOf(graph: RevisionGraph, rows: Parameters<typeof databaseState>[1] | null): CurrentStatus {
  const state = databaseState(graph, rows ?? []);
  const pending = graph.order.filter((id) => !state.applied.has(id));
  return {
    graph,
    state,
    versionTableExists: rows !== null,
    fileHeads: graph.heads(),
    atHead: pending.length === 0 && state.failed.length === 0 && state.unknown.length === 0,
    pending,
  };
}
