/**
 * `orm seed`: loads JSON, CSV and module seed files into the live database in one
 * transaction (all rows or none), tables in foreign-key order so parents exist before
 * the rows that reference them (files of one table in name order). Seed functions run
 * after all rows, in file order, so they can rely on the data files. Rows of one table
 * must themselves be ordered when the table references itself; foreign-key cycles
 * between seeded tables are not deferred.
 */
import { rowFromObject } from '../crud/assignments.js';
import { writeRows } from '../crud/insert-rows.js';
import { suggest } from '../crud/live-table.js';
import { withLocation } from '../crud/row-writer.js';
import type { Engine, EngineConnection } from '../engine/engine.js';
import { InputError, IntegrityError, OrmError, UsageError } from '../errors.js';
import { Session } from '../orm/session.js';
import { compileDelete } from '../query/compile.js';
import { dependencyOrder } from '../schema/dependency-order.js';
import type { Table } from '../schema/ir.js';
import { checkConflictTarget, upsertFor } from './conflict.js';
import type { SeedContext, SeedMode } from './context.js';
import { writeCsv } from './csv-source.js';
import { listSeedFiles, resolveTableName } from './files.js';
import type { SeedSource } from './sources.js';
import { isPlainObject, loadSources } from './sources.js';

/** Options of `seed`, as the `orm seed` flags give them. */
export interface SeedOptions {
  /** Seed files and folders (folders are walked recursively). */
  readonly paths: readonly string[];
  /** Base for relative paths (default: the current directory). */
  readonly baseDir?: string;
  /** `insert` (default), `upsert` or `replace`; see `upsertFor`. */
  readonly mode?: SeedMode;
  /**
   * The unique constraint upsert/replace match rows on (default: the primary key). MySQL
   * cannot name one: a row colliding on any unique key updates the row it collides with.
   */
  readonly on?: string;
  /** Empty the seeded tables first (dependents first). */
  readonly truncate?: boolean;
  /** Tables never seeded (the migration version table). */
  readonly exclude?: readonly string[];
  /** Called after each batch; the CLI draws its progress line from it. */
  readonly onProgress?: (progress: SeedProgress) => void;
}

/** Reported after each batch while seeding. */
export interface SeedProgress {
  readonly table: string;
  readonly file: string;
  /** Rows written to `table` so far. */
  readonly tableRows: number;
  readonly totalRows: number;
  readonly elapsedMs: number;
}

/** Rows loaded into one table. */
export interface SeedTableSummary {
  readonly table: string;
  /** Rows written: inserted, or (upsert, replace) matched to an existing row. */
  readonly rows: number;
  readonly files: readonly string[];
  readonly elapsedMs: number;
}

/** What a seed did. */
export interface SeedResult {
  readonly mode: SeedMode;
  readonly files: readonly string[];
  /** Tables emptied by `truncate`, with the rows deleted, in deletion order. */
  readonly truncated: readonly { readonly table: string; readonly deleted: number }[];
  /** Tables in the order they were loaded. */
  readonly tables: readonly SeedTableSummary[];
  /** Seed functions run, by file. */
  readonly functions: readonly string[];
  readonly totalRows: number;
  readonly elapsedMs: number;
}

/** Runs a seed. Any failure rolls everything back and names the file (and line) at fault. */
export async function seed(engine: Engine, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const mode = options.mode ?? 'insert';
  const files = listSeedFiles(options.paths, options.baseDir ?? process.cwd());
  const sources: SeedSource[] = [];
  for (const file of files) sources.push(...(await loadSources(file)));

  const live = new Map((await engine.introspect({ exclude: options.exclude })).tables.map((t) => [t.name, t]));
  const liveNames = new Set(live.keys());
  const data: Array<{ source: Exclude<SeedSource, { kind: 'function' }>; table: Table }> = [];
  for (const source of sources) {
    if (source.kind === 'function') continue;
    const name = resolveTableName(source.table, liveNames);
    if (name === null) {
      throw new UsageError(`${source.file.display}: no table '${source.table}' in the database${suggest(source.table, [...liveNames])}`, { file: source.file.path, table: source.table });
    }
    data.push({ source, table: live.get(name)! });
  }
  const targets = [...new Set(data.map((d) => d.table))];
  const order = dependencyOrder(targets).order;
  checkConflictTarget(mode, options.on, targets);
  const writeModes = new Map(targets.map((t) => [t.name, upsertFor(t, mode, options.on)]));

  const summaries = new Map<string, { rows: number; files: string[]; ms: number }>();
  const truncated: { table: string; deleted: number }[] = [];
  const functions: string[] = [];
  let totalRows = 0;

  await engine.transaction(
    async (tx) => {
      if (options.truncate) {
        for (const table of [...order].reverse()) {
          const query = compileDelete(tx.dialect, table.name);
          try {
            truncated.push({ table: table.name, deleted: (await tx.execute(query.sql, query.params)).rowsAffected });
          } catch (err) {
            throw truncateRefused(err, table.name, live, targets);
          }
        }
      }
      /** Counts rows as batches land and reports progress. */
      const counter = (table: string, file: string) => {
        const summary = summaries.get(table) ?? { rows: 0, files: [], ms: 0 };
        summaries.set(table, summary);
        if (!summary.files.includes(file)) summary.files.push(file);
        return (count: number) => {
          summary.rows += count;
          totalRows += count;
          options.onProgress?.({ table, file, tableRows: summary.rows, totalRows, elapsedMs: performance.now() - started });
        };
      };
      for (const table of order) {
        const tableStarted = performance.now();
        for (const { source } of data.filter((d) => d.table === table)) {
          const onRows = counter(table.name, source.file.display);
          const upsert = writeModes.get(table.name)!;
          if (source.kind === 'csv') await writeCsv(tx, table, source.file, { upsertFor: upsert, onRows });
          else await writeRows(tx, table, objectRows(source), { describe: source.describe, upsertFor: upsert, onRows });
        }
        summaries.get(table.name)!.ms += performance.now() - tableStarted;
      }
      for (const source of sources) {
        if (source.kind !== 'function') continue;
        functions.push(source.file.display);
        const ctx = seedContext(engine, tx, mode, options.on, live, counter, (table, ms) => (summaries.get(table)!.ms += ms), source.file.display);
        await runFunction(source, ctx);
      }
    },
    { immediate: true },
  );

  return {
    mode,
    files: files.map((f) => f.display),
    truncated,
    tables: [...summaries].map(([table, s]) => ({ table, rows: s.rows, files: s.files, elapsedMs: Math.round(s.ms) })),
    functions,
    totalRows,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/**
 * The error of a `--truncate` the database refused: rows of a table that is not seeded
 * still reference the table being emptied. Names those tables and what to do.
 */
function truncateRefused(err: unknown, table: string, live: ReadonlyMap<string, Table>, seeded: readonly Table[]): unknown {
  if (!(err instanceof IntegrityError) || err.kind !== 'foreign_key') return err;
  const seededNames = new Set(seeded.map((t) => t.name));
  const referencing = [...live.values()].filter((t) => !seededNames.has(t.name) && t.foreignKeys.some((fk) => fk.refTable === table));
  // The constraint, where the database names it, says which of them it is.
  const named = referencing.filter((t) => t.foreignKeys.some((fk) => fk.name === err.constraint));
  const culprits = (named.length > 0 ? named : referencing).map((t) => `'${t.name}'`);
  const which = culprits.length === 0 ? 'another table' : culprits.length === 1 ? `table ${culprits[0]}` : `one of the tables ${culprits.join(', ')}`;
  return new IntegrityError(
    `--truncate: cannot empty ${table}: rows of ${which}, which this seed does not load, still reference it; seed that table too, or empty it first (orm delete <table> --all)`,
    { table, kind: 'foreign_key', ...(err.constraint !== undefined ? { constraint: err.constraint } : {}) },
    { cause: err },
  );
}

/** Rows of a JSON/module source as raw rows; anything but a plain object is refused with its location. */
function* objectRows(source: Extract<SeedSource, { kind: 'rows' }>) {
  for (let i = 0; i < source.rows.length; i++) {
    const row = source.rows[i];
    if (!isPlainObject(row)) {
      throw new InputError(`${source.describe(i)} expected an object of column values, got ${row === null ? 'null' : Array.isArray(row) ? 'an array' : typeof row}`, {
        file: source.file.path,
      });
    }
    yield rowFromObject(row);
  }
}

function seedContext(
  engine: Engine,
  tx: EngineConnection,
  mode: SeedMode,
  on: string | undefined,
  live: ReadonlyMap<string, Table>,
  counter: (table: string, file: string) => (count: number) => void,
  timer: (table: string, ms: number) => void,
  display: string,
): SeedContext & { finish(failed: boolean): Promise<void> } {
  let session: Session | null = null;
  return {
    engine,
    connection: tx,
    mode,
    get session() {
      // Made on first use: most seed functions never need one. Its close() warnings are
      // moot here: unflushed objects are flushed by finish(), and a failure rolls back all.
      session ??= new Session(engine, { connection: tx, onWarning: () => undefined });
      return session;
    },
    /** Flushes what the function's session still holds (or, after a failure, just closes it). */
    async finish(failed) {
      if (session === null) return;
      try {
        if (!failed && !session.closed) await session.commit();
      } finally {
        await session.close().catch((err: unknown) => {
          if (!failed) throw err;
        });
      }
    },
    async insert(tableName, rows) {
      const table = live.get(tableName);
      if (!table) throw new UsageError(`${display}: insert into '${tableName}': no such table${suggest(tableName, [...live.keys()])}`, { table: tableName });
      const list = Array.isArray(rows) ? rows : [rows];
      const source = { kind: 'rows' as const, file: { path: display, display, kind: 'module' as const }, table: tableName, rows: list, describe: (i: number) => `${display} insert('${tableName}')[${i}]` };
      const started = performance.now();
      try {
        return await writeRows(tx, table, objectRows(source), { describe: source.describe, upsertFor: upsertFor(table, mode, on), onRows: counter(tableName, display) });
      } finally {
        timer(tableName, performance.now() - started);
      }
    },
  };
}

async function runFunction(source: Extract<SeedSource, { kind: 'function' }>, ctx: ReturnType<typeof seedContext>): Promise<void> {
  let failed = true;
  try {
    await source.run(ctx);
    failed = false;
    await ctx.finish(false);
  } catch (err) {
    if (failed) await ctx.finish(true);
    if (err instanceof OrmError) throw err.message.startsWith(source.file.display) ? err : withLocation(err, `${source.file.display}:`);
    throw new InputError(`${source.file.display}: the seed function failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, { file: source.file.path });
  }
}
