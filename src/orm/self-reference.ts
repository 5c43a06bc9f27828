/**
 * Row order within one table that references itself (`employees.manager_id →
 * employees.id`), by the key values the rows hold. InnoDB checks a foreign key as each
 * row is written, not at the end of the statement as SQLite and PostgreSQL do
 * (https://dev.mysql.com/doc/refman/8.0/en/ansi-diff-foreign-keys.html), so one multi-row
 * INSERT must not put a row before the row it references, nor one DELETE remove a row
 * before the rows referencing it (it deletes in index order, whatever the IN list says).
 * Splitting such rows into successive statements works the same on every database.
 */
import type { MappedColumn } from './columns.js';
import type { InstanceState } from './instance-state.js';
import { snapshotValue } from './instance-state.js';
import type { Mapper } from './mapper.js';

/** A foreign key of a table to itself, as mapped columns. */
interface SelfKey {
  readonly columns: readonly MappedColumn[];
  readonly refColumns: readonly MappedColumn[];
}

const selfKeysOf = new WeakMap<Mapper, readonly SelfKey[]>();

function selfKeys(mapper: Mapper): readonly SelfKey[] {
  let keys = selfKeysOf.get(mapper);
  if (!keys) {
    const list: SelfKey[] = [];
    for (const fk of mapper.table.foreignKeys) {
      if (fk.refTable !== mapper.table.name) continue;
      const columns = fk.columns.map((n) => mapper.byName.get(n));
      const refColumns = fk.refColumns.map((n) => mapper.byName.get(n));
      if (columns.every((c) => c !== undefined) && refColumns.every((c) => c !== undefined)) list.push({ columns, refColumns } as SelfKey);
    }
    keys = list;
    selfKeysOf.set(mapper, keys);
  }
  return keys;
}

/** True when the table has a foreign key to itself (its new rows are ordered one by one). */
export function hasSelfReference(mapper: Mapper): boolean {
  return selfKeys(mapper).length > 0;
}

/** Where a row's values are read: what the object holds now (to insert), or its row as stored (to delete). */
export type ValueSource = 'object' | 'stored';

/**
 * `states` in waves, each wave holding only rows whose referenced rows (among `states`)
 * are in earlier waves: the INSERT order. Delete in the reverse order. Rows that
 * reference each other in a cycle share the last wave (the database then decides).
 * Usually one wave: `[states]` itself.
 */
export function referenceWaves(mapper: Mapper, states: readonly InstanceState[], source: ValueSource): InstanceState[][] {
  const keys = selfKeys(mapper);
  if (keys.length === 0 || states.length < 2) return [states as InstanceState[]];
  const value = source === 'object' ? (s: InstanceState, c: MappedColumn) => s.obj[c.prop] : storedValue;
  const deps = new Map<InstanceState, InstanceState[]>();
  for (const key of keys) {
    const byRef = new Map<string, InstanceState>();
    for (const s of states) {
      const k = tupleKey(mapper, s, key.refColumns, value);
      if (k !== undefined) byRef.set(k, s);
    }
    for (const s of states) {
      const k = tupleKey(mapper, s, key.columns, value);
      const target = k === undefined ? undefined : byRef.get(k);
      if (target === undefined || target === s) continue;
      const list = deps.get(s);
      if (list) list.push(target);
      else deps.set(s, [target]);
    }
  }
  if (deps.size === 0) return [states as InstanceState[]];
  const waves: InstanceState[][] = [];
  const done = new Set<InstanceState>();
  let rest = states as InstanceState[];
  while (rest.length > 0) {
    const wave = rest.filter((s) => (deps.get(s) ?? []).every((d) => done.has(d)));
    if (wave.length === 0) {
      waves.push(rest);
      break;
    }
    for (const s of wave) done.add(s);
    waves.push(wave);
    rest = rest.filter((s) => !done.has(s));
  }
  return waves;
}

function storedValue(s: InstanceState, c: MappedColumn): unknown {
  const v = snapshotValue(s, c.index);
  return c.unsnap ? c.unsnap(v) : v;
}

/** A comparable key of some column values of a row; undefined when one is null (NULL references nothing). */
function tupleKey(mapper: Mapper, s: InstanceState, columns: readonly MappedColumn[], value: (s: InstanceState, c: MappedColumn) => unknown): string | undefined {
  let key = '';
  for (const c of columns) {
    const part = mapper.keyOfValue(value(s, c));
    if (part === undefined) return undefined;
    key += `${typeof part}:${String(part)}\u0000`;
  }
  return key;
}
