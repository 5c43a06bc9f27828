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
  throw new UsageError(`no table '${name}' in the database${suggest(name, names)}`, { table: name, tables: names });
}

/** Reads several tables at once, each checked as by `liveTable`; `context` prefixes the messages. */
export async function liveTables(engine: Introspector, names: readonly string[]): Promise<Map<string, Table>> {
  const all = (await engine.introspect()).tables;
  const byName = new Map(all.map((t) => [t.name, t]));
  for (const name of names) {
    if (!byName.has(name)) throw new UsageError(`no table '${name}' in the database${suggest(name, all.map((t) => t.name))}`, { table: name });
  }
  return byName;
}

/** A column of the table, or a `UsageError` naming the table and the closest columns. */
export function findColumnOrThrow(table: Table, name: string, context = ''): Column {
  const column = table.columns.find((c) => c.name === name);
  if (column) return column;
  throw unknownColumn(table, name, context);
}

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
