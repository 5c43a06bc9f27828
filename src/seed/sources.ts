/**
 * What each seed file contributes: a CSV file streams rows into the table it is named
 * after; a JSON file or a module gives arrays of row objects (one table, or
 * `{ table: rows }`); a module may instead export a seed function, run last.
 */
import { readFileSync } from 'node:fs';
import { InputError, OrmError } from '../errors.js';
import { jsonRowLines, withoutBom } from '../crud/json-lines.js';
import type { SeedContext } from './context.js';
import type { SeedFile } from './files.js';
import { tableNameOf } from './files.js';

/** One unit of seed data from a file. */
export type SeedSource =
  | { readonly kind: 'csv'; readonly file: SeedFile; readonly table: string }
  | {
      readonly kind: 'rows';
      readonly file: SeedFile;
      readonly table: string;
      readonly rows: readonly unknown[];
      /** Names row `index` in front of messages (`seeds/users.json:12`). */
      readonly describe: (index: number) => string;
    }
  | { readonly kind: 'function'; readonly file: SeedFile; readonly run: (ctx: SeedContext) => unknown };

/** Reads a seed file into its sources (CSV files are only named here; they stream later). */
export async function loadSources(file: SeedFile): Promise<SeedSource[]> {
  switch (file.kind) {
    case 'csv':
      return [{ kind: 'csv', file, table: tableNameOf(file.path) }];
    case 'json':
      return jsonSources(file);
    case 'module':
      return moduleSources(file);
  }
}

function jsonSources(file: SeedFile): SeedSource[] {
  let text: string;
  let doc: unknown;
  try {
    text = withoutBom(readFileSync(file.path, 'utf8'));
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file.display}: cannot be read as JSON: ${(err as Error).message}`, { file: file.path });
  }
  const lines = jsonRowLines(text);
  const at = (list: readonly number[] | undefined) => (i: number) => `${file.display}:${list?.[i] ?? 1}`;
  if (Array.isArray(doc)) return [{ kind: 'rows', file, table: tableNameOf(file.path), rows: doc, describe: at(lines.array) }];
  if (isPlainObject(doc)) {
    return Object.keys(doc).map((table) => {
      const rows = doc[table];
      if (!Array.isArray(rows)) throw new InputError(`${file.display}: '${table}' must be an array of rows, got ${typeName(rows)}`, { file: file.path });
      return { kind: 'rows' as const, file, table, rows, describe: at(lines.byKey.get(table)) };
    });
  }
  throw new InputError(`${file.display}: expected an array of rows, or an object of arrays by table ({"users": [...]}), got ${typeName(doc)}`, { file: file.path });
}

async function moduleSources(file: SeedFile): Promise<SeedSource[]> {
  const { ormkitJiti } = await import('../modules/jiti.js');
  const jiti = ormkitJiti(import.meta.url);
  let mod: Record<string, unknown>;
  try {
    mod = (await jiti.import(file.path)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof OrmError) throw err;
    throw new InputError(`${file.display}: failed to load: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, { file: file.path });
  }
  const rowsOf = (table: string, rows: readonly unknown[]): SeedSource => ({
    kind: 'rows',
    file,
    table,
    rows,
    describe: (i) => `${file.display} ${table}[${i}]`,
  });
  const exported = 'default' in mod ? mod.default : undefined;
  if (typeof exported === 'function') return [{ kind: 'function', file, run: exported as (ctx: SeedContext) => unknown }];
  if (Array.isArray(exported)) return [rowsOf(tableNameOf(file.path), exported)];
  if (isPlainObject(exported)) {
    return Object.keys(exported).map((table) => {
      const rows = exported[table];
      if (!Array.isArray(rows)) throw new InputError(`${file.display}: default export '${table}' must be an array of rows, got ${typeName(rows)}`, { file: file.path });
      return rowsOf(table, rows);
    });
  }
  // Named exports: arrays of rows by table, and/or a `seed` function.
  const sources: SeedSource[] = [];
  for (const [name, value] of Object.entries(mod)) {
    if (name === 'default') continue;
    if (Array.isArray(value)) sources.push(rowsOf(name, value));
    else if (name === 'seed' && typeof value === 'function') sources.push({ kind: 'function', file, run: value as (ctx: SeedContext) => unknown });
  }
  if (sources.length === 0) {
    throw new InputError(
      `${file.display}: exports no rows and no seed function; use export default { users: [...] }, export default [...], or export default async (ctx) => { … }`,
      { file: file.path },
    );
  }
  return sources;
}

/** True for `{…}` objects (not arrays, class instances or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
