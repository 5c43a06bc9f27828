/**
 * InnoDB needs an index whose leading columns are a foreign key's columns. It creates one
 * (named after the constraint) when a foreign key has none, drops it when another index
 * can serve, and refuses to drop the last index that serves one
 * (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html#foreign-key-restrictions).
 * So at any moment the implicit index exists exactly when no other index serves the
 * foreign key; the planner keeps that true when it drops keys and foreign keys.
 */
import { leadingColumns } from '../../schema/index-keys.js';
import type { ForeignKey, Table } from '../../schema/ir.js';
import { columnList } from './ddl.js';
import { quoteMysql } from './literal.js';
import { shortName } from './names.js';

interface Key {
  readonly name: string;
  readonly columns: readonly string[];
}

/** The primary key (named PRIMARY), unique keys and indexes of a table. */
function keysOf(table: Table): Key[] {
  return [
    ...(table.primaryKey ? [{ name: 'PRIMARY', columns: table.primaryKey.columns }] : []),
    ...table.uniques,
    // Key order does not matter: InnoDB serves a foreign key from a DESC key too.
    ...table.indexes.filter((i) => i.where === null).map((i) => ({ name: i.name, columns: leadingColumns(i) })),
  ];
}

const sameName = (a: string, b: string): boolean => a === b || shortName(a).toLowerCase() === shortName(b).toLowerCase();

/** True when `key` can serve `fk`: the foreign key's columns lead the key, in order. */
function serves(key: Key, fk: ForeignKey): boolean {
  return fk.columns.length <= key.columns.length && fk.columns.every((c, i) => c.toLowerCase() === key.columns[i]!.toLowerCase());
}

/**
 * `ADD INDEX` clauses that keep every foreign key of `table` indexed once the key named
 * `dropped` is gone; they go in the same ALTER TABLE as the drop, which InnoDB then allows.
 * The new index takes the foreign key's name, as InnoDB's own would, so it reads back as implicit.
 */
export function keepForeignKeysIndexed(table: Table | undefined, dropped: string): string[] {
  if (!table) return [];
  const keys = keysOf(table);
  const gone = keys.find((k) => sameName(k.name, dropped));
  if (!gone) return [];
  const rest = keys.filter((k) => k !== gone);
  return table.foreignKeys
    .filter((fk) => serves(gone, fk) && !rest.some((k) => serves(k, fk)))
    .map((fk) => `ADD INDEX ${quoteMysql(shortName(fk.name))} (${columnList(fk.columns)})`);
}

/** True when InnoDB holds an implicit index for `fk`: no declared key of `table` serves it. */
export function hasImplicitIndex(table: Table | undefined, fk: ForeignKey): boolean {
  return table !== undefined && !keysOf(table).some((k) => serves(k, fk));
}
