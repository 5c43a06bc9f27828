import type { Engine } from '../engine/engine.js';
import { InputError, UsageError } from '../errors.js';
import { compileDelete, compileUpdate } from '../query/compile.js';
import type { Table } from '../schema/ir.js';
import type { RawRow } from './assignments.js';
import { makeCoercer } from './coerce.js';
import { findColumnOrThrow, liveTable } from './live-table.js';
import { whereFor } from './select-rows.js';

/** Options of `updateRows`. */
export interface UpdateOptions {
  /** New values by column (`--set col=value`). */
  readonly set: RawRow;
  /** A `--where` expression; required unless `all`. */
  readonly where?: string | null;
  /** Update every row (the explicit opt-in for an update without `where`). */
  readonly all?: boolean;
}

/** What `updateRows` did. */
export interface UpdateResult {
  readonly table: string;
  /** Rows the database reports as updated. */
  readonly updated: number;
}

/** Updates rows of a live table; values are coerced by column type and bound. */
export async function updateRows(engine: Engine, tableName: string, options: UpdateOptions): Promise<UpdateResult> {
  const table = await liveTable(engine, tableName);
  if (options.set.size === 0) throw new UsageError('nothing to update: give at least one --set column=value');
  // No prototype: a column named `__proto__` is a key like any other.
  const set: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, raw] of options.set) {
    const column = findColumnOrThrow(table, name, '--set: ');
    set[column.name] = engine.dialect.encodeValue(coerce(() => makeCoercer(column, raw.origin, { limits: engine.dialect.capabilities })(raw.value), '--set'), column.type);
  }
  const query = compileUpdate(engine.dialect, table.name, set, scope(engine, table, options, 'update'));
  // A generated key set by hand must move its generator past it, as an insert does
  // (`syncKeyGenerator`): else the next generated key can be the one just set.
  const sync = engine.dialect.syncKeyGenerator;
  const syncs = sync ? table.columns.filter((c) => c.autoIncrement && Object.hasOwn(set, c.name)).map((c) => sync(table.name, c.name)) : [];
  if (syncs.length === 0) return { table: table.name, updated: (await engine.execute(query.sql, query.params)).rowsAffected };
  const updated = await engine.transaction(async (tx) => {
    const result = await tx.execute(query.sql, query.params);
    for (const s of syncs) await tx.execute(s.sql, s.params);
    return result.rowsAffected;
  });
  return { table: table.name, updated };
}

/** Options of `deleteRows`. */
export interface DeleteOptions {
  readonly where?: string | null;
  /** Delete every row (required when there is no `where`). */
  readonly all?: boolean;
}

/** What `deleteRows` did. */
export interface DeleteResult {
  readonly table: string;
  readonly deleted: number;
}

/** Deletes rows of a live table matching a `--where` expression, or all with `all`. */
export async function deleteRows(engine: Engine, tableName: string, options: DeleteOptions): Promise<DeleteResult> {
  const table = await liveTable(engine, tableName);
  const query = compileDelete(engine.dialect, table.name, scope(engine, table, options, 'delete'));
  const result = await engine.execute(query.sql, query.params);
  return { table: table.name, deleted: result.rowsAffected };
}

/** The WHERE of an update or delete: an expression, or every row only when asked for. */
function scope(engine: Engine, table: Table, options: { where?: string | null; all?: boolean }, verb: string) {
  const hasWhere = options.where !== undefined && options.where !== null;
  if (hasWhere && options.all) throw new UsageError(`${verb}: give either --where or --all, not both`);
  if (!hasWhere && !options.all) {
    throw new UsageError(`refusing to ${verb} every row of ${table.name} without --where; pass --where EXPR, or --all to mean every row`);
  }
  return whereFor(engine, table, options.where);
}

/** Runs a coercion, naming the flag the bad value came from. */
export function coerce<T>(fn: () => T, flag: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${flag} ${err.message}`, err.details);
    throw err;
  }
}
