import { ModelError } from '../../errors.js';
import type { Schema, Table } from '../../schema/ir.js';
import { shortenIdentifier } from '../shared/normalize.js';

/** MySQL's limit for table, column, index and constraint names: https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html */
export const MAX_IDENTIFIER_LENGTH = 64;

/**
 * The name MySQL gets for an index or constraint. Generated names (`fk_<table>_<cols>_<ref>`)
 * easily pass 64 characters; they are shortened with a hash suffix, the same way in DDL,
 * plans and normalization, so the model and the database agree.
 */
export const shortName = (name: string): string => shortenIdentifier(name, MAX_IDENTIFIER_LENGTH);

/**
 * Table and column names are what users type in queries, so they are never shortened:
 * one past the limit is a model error here rather than a server error later.
 */
export function assertNameFits(what: 'table' | 'column', name: string, table?: string): void {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_LENGTH) return;
  const where = table === undefined ? '' : `table '${table}': `;
  throw new ModelError(`${where}${what} name '${name}' is ${Buffer.byteLength(name)} bytes long; MySQL allows ${MAX_IDENTIFIER_LENGTH}: choose a shorter name`, { table: table ?? name });
}

/** Index and constraint names of a table: every kind shares one check, as in `toSchema`. */
function partNames(t: Table): string[] {
  return [...t.indexes, ...t.uniques, ...t.checks, ...t.foreignKeys].map((x) => x.name);
}

/**
 * Throws ModelError when two different names shorten to the same one: within a table
 * (indexes and constraints), and across the schema for foreign keys and checks, whose
 * names InnoDB (and MySQL 8 for checks) keeps per database. Never truncates silently.
 */
export function assertNoShortNameCollision(tables: readonly Table[]): void {
  for (const t of tables) findCollision(partNames(t), (a, b, s) => `table '${t.name}': names '${a}' and '${b}' both become '${s}'`);
  if (tables.length > 1) {
    const schemaWide = tables.flatMap((t) => [...t.foreignKeys, ...t.checks].map((x) => x.name));
    findCollision(schemaWide, (a, b, s) => `foreign key or check names '${a}' and '${b}' both become '${s}'`);
  }
}

function findCollision(names: readonly string[], describe: (a: string, b: string, short: string) => string): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const s = shortName(name);
    const other = seen.get(s);
    if (other !== undefined && other !== name) {
      throw new ModelError(`${describe(other, name, s)} once shortened to MySQL's ${MAX_IDENTIFIER_LENGTH}-character limit; rename one of them`, {
        names: [other, name],
        shortened: s,
      });
    }
    seen.set(s, name);
  }
}

/** Shortens every index and constraint name of a schema (tables and columns keep theirs). */
export function shortenSchemaNames(schema: Schema): readonly Table[] {
  assertNoShortNameCollision(schema.tables);
  return schema.tables.map(shortenTableNames);
}

function shortenTableNames(t: Table): Table {
  return {
    ...t,
    indexes: t.indexes.map((i) => ({ ...i, name: shortName(i.name) })),
    uniques: t.uniques.map((u) => ({ ...u, name: shortName(u.name) })),
    checks: t.checks.map((c) => ({ ...c, name: shortName(c.name) })),
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, name: shortName(f.name) })),
  };
}
