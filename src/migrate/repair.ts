/**
 * Version-table repairs that run no migration: `stamp` (declare where the database is),
 * `rehash` (accept an edited applied file), `resolve` (clear a failed migration after the
 * user repaired the database by hand).
 */
import type { Engine, EngineConnection } from '../engine/engine.js';
import { MigrationError } from '../errors.js';
import { display } from './graph.js';
import { MigrationLoader, readMigrations } from './load-migrations.js';
import type { MigrationsOptions } from './runner.js';
import { DEFAULT_VERSION_TABLE, withMigrationLock } from './runner.js';
import { databaseState } from './state.js';
import { resolveRevision } from './targets.js';
import { VersionTable } from './version-table.js';

/** Where the database was and is recorded, and the rows changed. */
export interface StampResult {
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** Revisions now recorded as applied that were not. */
  readonly added: readonly string[];
  /** Rows removed (including failed rows and revisions with no file). */
  readonly removed: readonly string[];
}

/** Runs `fn` in a transaction where DDL is transactional (so the version table changes atomically). */
async function atomically<T>(engine: Engine, conn: EngineConnection, fn: (c: EngineConnection) => Promise<T>): Promise<T> {
  return engine.dialect.capabilities.transactionalDdl ? conn.transaction(fn, { immediate: true }) : fn(conn);
}

/**
 * Records the database as being at `target` (`head`, `heads`, `base`, a revision) without
 * running anything: exactly the target and its ancestors end up applied. Used to adopt an
 * existing database (`orm pull`, then `orm stamp head`) and to repair a version table.
 */
export async function stamp(engine: Engine, options: MigrationsOptions & { readonly target: string; readonly lockTimeoutMs?: number }): Promise<StampResult> {
  const graph = await readMigrations(options.directory, options.loader ?? new MigrationLoader());
  const versions = new VersionTable(engine.dialect, options.versionTable ?? DEFAULT_VERSION_TABLE);
  const t = options.target.trim();
  const wanted = t === 'heads' ? graph.closure(graph.heads()) : graph.closure([resolveRevision(graph, t)].filter((x): x is string => x !== null));
  return withMigrationLock(engine, options, async (conn) => {
    await versions.ensure(conn);
    return atomically(engine, conn, async (c) => {
      const rows = (await versions.read(c)) ?? [];
      const before = databaseState(graph, rows);
      const removed: string[] = [];
      const added: string[] = [];
      for (const row of rows) {
        if (wanted.has(row.revision) && row.status === 'applied') continue;
        const del = versions.delete(row.revision);
        await c.execute(del.sql, del.params);
        removed.push(row.revision);
      }
      const kept = new Set(rows.filter((r) => wanted.has(r.revision) && r.status === 'applied').map((r) => r.revision));
      for (const revision of graph.sort(wanted)) {
        if (kept.has(revision)) continue;
        const ins = versions.insert({ revision, checksum: graph.get(revision).checksum, durationMs: 0, status: 'applied' });
        await c.execute(ins.sql, ins.params);
        added.push(revision);
      }
      return { from: before.heads, to: graph.headsOf(wanted), added, removed: removed.filter((r) => !added.includes(r)) };
    });
  });
}

/** The revision whose checksum was replaced, with the old and new checksums. */
export interface RehashResult {
  readonly revision: string;
  readonly file: string;
  readonly previous: string;
  readonly checksum: string;
}

/** Accepts the current text of an applied migration file: its checksum replaces the recorded one. */
export async function rehash(engine: Engine, options: MigrationsOptions & { readonly revision: string }): Promise<RehashResult> {
  const graph = await readMigrations(options.directory, options.loader ?? new MigrationLoader());
  const revision = resolveRevision(graph, options.revision);
  if (revision === null) throw new MigrationError('rehash needs a revision, not base');
  const file = graph.get(revision);
  const versions = new VersionTable(engine.dialect, options.versionTable ?? DEFAULT_VERSION_TABLE);
  return withMigrationLock(engine, options, async (conn) => {
    const row = ((await versions.read(conn)) ?? []).find((r) => r.revision === revision);
    if (!row) throw new MigrationError(`revision ${revision} (${display(file.path)}) is not applied: only applied migrations have a checksum to update`, { revision });
    const sql = versions.setChecksum(revision, file.checksum);
    await conn.execute(sql.sql, sql.params);
    return { revision, file: file.path, previous: row.checksum, checksum: file.checksum };
  });
}

/** The failed revision cleared, and how. */
export interface ResolveResult {
  readonly revision: string;
  readonly resolution: 'applied' | 'rolled-back';
}

/**
 * Clears a migration recorded as failed (DDL that could not roll back stopped part-way),
 * after the user repaired the database: `applied` keeps it as applied, `rolled-back`
 * forgets it so the next upgrade runs it again.
 */
export async function resolveFailed(engine: Engine, options: MigrationsOptions & { readonly revision: string; readonly resolution: 'applied' | 'rolled-back' }): Promise<ResolveResult> {
  const versions = new VersionTable(engine.dialect, options.versionTable ?? DEFAULT_VERSION_TABLE);
  return withMigrationLock(engine, options, async (conn) => {
    const failed = ((await versions.read(conn)) ?? []).filter((r) => r.status === 'failed');
    // The failed revision may have no file any more (or a renamed one): match the rows by prefix.
    const matches = failed.filter((r) => r.revision === options.revision || r.revision.startsWith(options.revision));
    if (matches.length === 0) {
      throw new MigrationError(
        failed.length === 0
          ? `no migration is recorded as failed; nothing to resolve`
          : `revision '${options.revision}' is not recorded as failed (failed: ${failed.map((r) => r.revision).join(', ')})`,
        { revision: options.revision },
      );
    }
    if (matches.length > 1) throw new MigrationError(`ambiguous revision prefix '${options.revision}' matches ${matches.map((r) => r.revision).join(', ')}`);
    const row = matches[0]!;
    const sql = options.resolution === 'applied' ? await appliedSql(options, versions, row.revision, row.checksum, row.durationMs) : versions.delete(row.revision);
    await conn.execute(sql.sql, sql.params);
    return { revision: row.revision, resolution: options.resolution };
  });
}

/** Marks a failed row applied, with the current checksum of its file when there is one. */
async function appliedSql(options: MigrationsOptions, versions: VersionTable, revision: string, recorded: string, durationMs: number) {
  const graph = await readMigrations(options.directory, options.loader ?? new MigrationLoader());
  return versions.markApplied(revision, graph.has(revision) ? graph.get(revision).checksum : recorded, durationMs);
}
