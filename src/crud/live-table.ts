/**
 * The CRUD commands work on the live database, not on model files: a table and its
 * columns are read by introspection and every name the user gives is checked against
 * them, with the closest names suggested.
 */
import type { Executor } from '../engine/engine.js';
import { UsageError, closest } from '../errors.js';
import type { Column, Table } from '../schema/ir.js';

/** Something that can read the live schema (an engine). */
export interface Introspector extends Executor {
  introspect(options?: { only?: readonly string[]; exclude?: readonly string[] }): Promise<{ readonly tables: readonly Table[] }>;
}

/** Reads one table from the live database; unknown names are a `UsageError` with the closest names. */
export async function liveTable(engine: Introspector, name: string): Promise<Table> {
  if (typeof name !== 'string' || name === '') throw new UsageError('a table name is required');
  const found = (await engine.introspect({ only: [name] })).tables.find((t) => t.name === name);
  if (found) return found;
  const names = (await engine.introspect()).tables.map((t) => t.name);
  const hint = names.length === 0 ? ' (it has no tables yet: orm create-all or orm migrate creates them)' : suggest(name, names);
  throw new UsageError(`no table '${name}' in the database${hint}`, { table: name, tables: names });
}

/** A column of the table, or a `UsageError` naming the table and the closest columns. */
export function findColumnOrThrow(table: Table, name: string, context = ''): Column {
  const column = table.columns.find((c) => c.name === name);
  if (column) return column;
  throw unknownColumn(table, name, context);
}

/** The error for a column the table does not have, with the closest names. */
export function unknownColumn(table: Table, name: string, context = ''): UsageError {
  const names = table.columns.map((c) => c.name);
  return new UsageError(`${context}no column '${name}' in table ${table.name}${suggest(name, names)}`, { table: table.name, column: name, columns: names });
}

/** ` (did you mean 'x'?)`, or the list of names when none is close, or ''. */
export function suggest(name: string, candidates: readonly string[]): string {
  const hint = closest(name, candidates);
  if (hint) return ` (did you mean '${hint}'?)`;
  if (candidates.length === 0) return '';
  const shown = candidates.slice(0, 12).map((c) => `'${c}'`).join(', ');
  return ` (it has ${shown}${candidates.length > 12 ? `, … ${candidates.length - 12} more` : ''})`;
}
