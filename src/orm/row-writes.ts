/**
 * The UPDATE and DELETE statements of a flush: an UPDATE of the changed columns of one
 * stored row (values checked like an INSERT's), and DELETEs by key in batches, deeper
 * cascade levels and rows referencing others of their table first.
 */
import type { EngineConnection } from '../engine/engine.js';
import { SessionError } from '../errors.js';
import { deleteByKeysSql, updateByKeySql } from '../query/dml.js';
import { fail } from './insert.js';
import type { InstanceState } from './instance-state.js';
import { snapshotValue } from './instance-state.js';
import type { Mapper } from './mapper.js';
import { referenceWaves } from './self-reference.js';

/** UPDATEs the `changed` columns (indexes) of one stored row, by its key. */
export async function update(conn: EngineConnection, state: InstanceState, changed: readonly number[]): Promise<void> {
  const { mapper, obj } = state;
  const columns = changed.map((i) => mapper.columns[i]!);
  const pk = columns.find((c) => c.primaryKey);
  if (pk) {
    throw new SessionError(`${mapper.describe(obj)}: changing the primary key (${pk.prop}) of a stored row is not supported; delete it and add a new object`);
  }
  const params: unknown[] = [];
  for (const c of columns) {
    const v = obj[c.prop];
    if (v === null) {
      if (!c.nullable) fail(mapper, c, v, obj);
      params.push(null);
    } else {
      if (c.validate(v) !== null) fail(mapper, c, v, obj);
      params.push(c.encode(v));
    }
  }
  for (const c of mapper.pk) params.push(c.encode(obj[c.prop]));
  const names = columns.map((c) => c.name);
  const sql = mapper.sql(`update:${changed.join(',')}`, () => updateByKeySql(conn.dialect, mapper.table.name, names, mapper.pk.map((c) => c.name)));
  await conn.execute(sql, params);
}

/** Deletes deeper cascade levels first, then by key in batches within the parameter limit. */
export async function deleteRows(conn: EngineConnection, mapper: Mapper, states: readonly InstanceState[]): Promise<void> {
  const byDepth = [...new Set(states.map((s) => s.deleteDepth))].sort((a, b) => b - a);
  const perStatement = Math.max(1, Math.min(500, Math.floor(conn.dialect.capabilities.maxParameters / mapper.pk.length)));
  for (const depth of byDepth) {
    // Rows referencing others of the same table go first (see self-reference.ts).
    for (const level of referenceWaves(mapper, states.filter((s) => s.deleteDepth === depth), 'stored').reverse()) {
      for (let i = 0; i < level.length; i += perStatement) {
        const chunk = level.slice(i, i + perStatement);
        const sql = mapper.sql(`delete:${chunk.length}`, () => deleteByKeysSql(conn.dialect, mapper.table.name, mapper.pk.map((c) => c.name), chunk.length));
        // The key as stored (the snapshot), whatever the object holds now.
        const params = chunk.flatMap((s) => mapper.pk.map((c) => c.encode(c.unsnap ? c.unsnap(snapshotValue(s, c.index)) : snapshotValue(s, c.index))));
        await conn.execute(sql, params);
      }
    }
  }
}
