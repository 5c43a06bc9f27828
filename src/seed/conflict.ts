/**
 * The conflict target and update list of `--mode upsert|replace` for one table. Upsert
 * updates the columns a seed row gives and keeps the rest; replace makes the existing
 * row equal to the seed row, so columns the row leaves out return to their defaults
 * (generated keys excepted: they stay, so references to the row stay valid).
 */
import { UsageError } from '../errors.js';
import type { RowWriterOptions } from '../crud/row-writer.js';
import { suggest } from '../crud/live-table.js';
import { hasExpressionKey, keyColumns } from '../schema/index-keys.js';
import type { Table } from '../schema/ir.js';
import type { SeedMode } from './context.js';

/** The upsert of one INSERT, given its columns; null for a plain insert. */
export type UpsertFor = (insertColumns: readonly string[]) => RowWriterOptions['upsert'];

/** The named unique constraints (and unique indexes) of a table, by name. */
function uniqueTargets(table: Table): Map<string, readonly string[]> {
  const targets = new Map<string, readonly string[]>();
  for (const u of table.uniques) targets.set(u.name, u.columns);
  for (const i of table.indexes) if (i.unique && i.where === null && !hasExpressionKey(i)) targets.set(i.name, keyColumns(i));
  return targets;
}

/** Checks `--on`: it must name a unique constraint of one of the seeded tables. */
export function checkConflictTarget(mode: SeedMode, on: string | undefined, tables: readonly Table[]): void {
  if (on === undefined) return;
  if (mode === 'insert') throw new UsageError('--on names the unique constraint of --mode upsert or --mode replace; add one of those modes');
  if (tables.some((t) => uniqueTargets(t).has(on))) return;
  const names = tables.flatMap((t) => [...uniqueTargets(t).keys()]);
  throw new UsageError(`--on '${on}': no unique constraint of that name on the seeded tables${suggest(on, names)}`, { on, constraints: names });
}

/** How rows of `table` are written in `mode`; `on` names a unique constraint (else the primary key). */
export function upsertFor(table: Table, mode: SeedMode, on: string | undefined): UpsertFor {
  if (mode === 'insert') return () => null;
  const conflictColumns = (on !== undefined ? uniqueTargets(table).get(on) : undefined) ?? table.primaryKey?.columns;
  if (!conflictColumns || conflictColumns.length === 0) {
    const names = [...uniqueTargets(table).keys()];
    throw new UsageError(
      names.length > 0
        ? `--mode ${mode}: table ${table.name} has no primary key to match rows on; pass --on <unique constraint> (it has ${names.map((n) => `'${n}'`).join(', ')})`
        : `--mode ${mode}: table ${table.name} has no primary key and no unique constraint to match rows on; seed it with --mode insert (with --truncate to start over), or add a key`,
      { table: table.name },
    );
  }
  const keys = new Set(conflictColumns);
  const generated = new Set([...(table.primaryKey?.columns ?? []), ...table.columns.filter((c) => c.autoIncrement).map((c) => c.name)]);
  return (insertColumns) => {
    const given = new Set(insertColumns);
    const updateColumns =
      mode === 'upsert'
        ? insertColumns.filter((c) => !keys.has(c))
        : table.columns.map((c) => c.name).filter((c) => !keys.has(c) && (given.has(c) || !generated.has(c)));
    return { conflictColumns, updateColumns };
  };
}
