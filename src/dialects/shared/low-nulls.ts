/**
 * Index key options on databases with neither NULLS FIRST/LAST nor operator classes
 * (SQLite, MySQL/MariaDB; capabilities `indexNullsOrder` and `indexOpclasses` false).
 * Both sort NULLs low: first in an ascending key, last in a descending one. A key asking
 * for that placement is the key without the option; a key asking for the other, or for an
 * operator class, is refused (a ModelError naming table and index) before any migration
 * is written, rather than built different from what it says.
 */
import { ModelError } from '../../errors.js';
import { hasNoKeyOptions, keyLabel } from '../../schema/index-keys.js';
import type { Index, IndexKey } from '../../schema/ir.js';

/** The index with NULLs placements that are the database's own left out; throws for any other option. */
export function withLowNulls(table: string, index: Index, database: string): Index {
  if (index.keys.every(hasNoKeyOptions)) return index;
  return { ...index, keys: index.keys.map((k) => lowNullsKey(table, index.name, k, database)) };
}

function lowNullsKey(table: string, index: string, key: IndexKey, database: string): IndexKey {
  const where = `table '${table}', index '${index}'`;
  if (key.opclass !== undefined) {
    throw new ModelError(`${where}: ${database} has no operator classes (${keyLabel(key)}); remove opclass('${key.opclass}')`, { table, index });
  }
  if (key.nulls === undefined) return key;
  const low = key.order === 'asc' ? 'first' : 'last';
  if (key.nulls !== low) {
    const kind = key.order === 'asc' ? 'an ascending' : 'a descending';
    const call = key.nulls === 'first' ? 'nullsFirst()' : 'nullsLast()';
    throw new ModelError(`${where}: ${database} puts NULLs ${low} in ${kind} key, so (${keyLabel(key)}) cannot be built; remove ${call}`, { table, index });
  }
  const { nulls: _nulls, ...rest } = key;
  return rest;
}
