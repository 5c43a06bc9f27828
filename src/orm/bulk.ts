/**
 * Bulk `update()` and `delete()` of a query: one statement, bypassing the unit of work,
 * while keeping the session truthful. When objects of the session could be affected, the
 * affected keys are read (RETURNING, or a SELECT first where the dialect has none), and the
 * loaded objects among them get the new values (or are marked deleted), including what a
 * database-side ON DELETE CASCADE / SET NULL did to loaded children.
 */
import { UsageError, ValidationError } from '../errors.js';
import type { Expr } from '../query/ast.js';
import { isExpr } from '../query/ast.js';
import { compileAliasedSelect, compileBulkDelete, compileBulkUpdate } from '../query/dml.js';
import { closest } from '../errors.js';
import type { MappedColumn } from './columns.js';
import { applyDatabaseCascades } from './database-cascades.js';
import { prepareCondition } from './expressions.js';
import { refreshFromRow } from './hydrate.js';
import { matchTuples } from './keys.js';
import type { InstanceState } from './instance-state.js';
import type { Mapper } from './mapper.js';
import type { Session } from './session.js';
import { describe } from './validate.js';

/** `query.update(values)`: one UPDATE; returns the number of rows it matched. */
export async function bulkUpdate(session: Session, mapper: Mapper, where: Expr | null, values: Readonly<Record<string, unknown>>): Promise<number> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new UsageError(`update() expects an object of new values, got ${describe(values)}`);
  const set = new Map<string, unknown>();
  const literals: [MappedColumn, unknown, unknown][] = [];
  let expressions = false;
  for (const [prop, v] of Object.entries(values)) {
    const col = mapper.byProp.get(prop);
    if (!col) {
      const hint = closest(prop, [...mapper.byProp.keys()]);
      throw new UsageError(`update(): ${mapper.name} has no column '${prop}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
    if (col.primaryKey) throw new UsageError(`update(): changing the primary key (${mapper.name}.${prop}) in bulk is not supported`);
    if (v === undefined) continue;
    if (isExpr(v)) {
      set.set(col.name, prepareCondition(mapper, v));
      expressions = true;
      continue;
    }
    const problem = v === null ? (col.nullable ? null : 'is NOT NULL but got null') : col.validate(v);
    if (problem !== null) throw new ValidationError(`${mapper.name}.${prop}: ${problem}`, { model: mapper.name, field: prop, value: v });
    const encoded = v === null ? null : col.encode(v);
    set.set(col.name, encoded);
    literals.push([col, encoded, v]);
  }
  await session.autoflushNow();
  if (session.identity.isEmpty(mapper)) {
    const q = compileBulkUpdate(session.dialect, mapper.table.name, set, where, []);
    const result = await session.execute(q.sql, q.params);
    session.noteBulkWrite();
    return result.rowsAffected;
  }
  const { count, tracked } = await affected(session, mapper, where, (returning) => compileBulkUpdate(session.dialect, mapper.table.name, set, where, returning));
  session.noteBulkWrite();
  for (const state of tracked) {
    session.noteWrite(state);
    for (const [col, encoded, given] of literals) {
      // A copy per object: objects never share one mutable value. Through the snapshot form
      // where there is one (json, dates, bytes): decode() reads driver values, and a driver
      // that parses json itself (pg) never sees the text encode() made.
      const value = encoded === null ? null : col.unsnap ? col.unsnap(col.snap!(given)) : col.decode(encoded);
      state.obj[col.prop] = value;
      state.snapshot![state.snapOffset + col.index] = col.snap ? col.snap(value) : value;
    }
  }
  if (expressions && tracked.length > 0) await reload(session, mapper, tracked);
  return count;
}

/** `query.delete()`: one DELETE; returns the number of rows it removed. */
export async function bulkDelete(session: Session, mapper: Mapper, where: Expr | null): Promise<number> {
  await session.autoflushNow();
  if (session.identity.mappers().length === 0) {
    const q = compileBulkDelete(session.dialect, mapper.table.name, where, []);
    const result = await session.execute(q.sql, q.params);
    session.noteBulkWrite();
    return result.rowsAffected;
  }
  const { count, keys, tracked } = await affected(session, mapper, where, (returning) => compileBulkDelete(session.dialect, mapper.table.name, where, returning));
  session.noteBulkWrite();
  for (const state of tracked) {
    session.noteWrite(state);
    state.status = 'deleted';
    if (state.markedForDeletion) {
      state.markedForDeletion = false;
      session.deletionCount--;
    }
    session.identity.remove(state);
  }
  applyDatabaseCascades(session, keys.map((obj) => ({ mapper, obj })));
  return count;
}

/**
 * Runs the statement, learning which rows it hit: with RETURNING of the key where the
 * dialect has it, else by selecting the keys first (inside the same transaction).
 */
async function affected(
  session: Session,
  mapper: Mapper,
  where: Expr | null,
  statement: (returning: readonly MappedColumn[]) => { sql: string; params: unknown[] },
): Promise<{ count: number; keys: Record<string, unknown>[]; tracked: InstanceState[] }> {
  let rows: Record<string, unknown>[];
  let count: number;
  if (session.dialect.capabilities.returning) {
    const q = statement(mapper.pk);
    rows = (await session.execute(q.sql, q.params)).rows;
    count = rows.length;
  } else {
    const pre = compileAliasedSelect(session.dialect, { table: mapper.table.name, columns: mapper.pk, where });
    rows = (await session.execute(pre.sql, pre.params)).rows;
    const q = statement([]);
    count = (await session.execute(q.sql, q.params)).rowsAffected;
  }
  const keys = rows.map((row) => Object.fromEntries(mapper.pk.map((c) => [c.prop, c.decode(row[c.alias])])));
  const tracked: InstanceState[] = [];
  for (const row of rows) {
    const state = session.identity.get(mapper, mapper.keyOfRow(row));
    if (state && state.status === 'persistent') tracked.push(state);
  }
  return { count, keys, tracked };
}

/** Re-reads tracked rows after an update whose new values were SQL expressions. */
async function reload(session: Session, mapper: Mapper, states: readonly InstanceState[]): Promise<void> {
  const perQuery = Math.max(1, Math.floor(session.dialect.capabilities.maxParameters / mapper.pk.length));
  for (let i = 0; i < states.length; i += perQuery) {
    const chunk = states.slice(i, i + perQuery);
    const byKey = new Map(chunk.map((s) => [s.key, s]));
    const where = matchTuples(mapper, mapper.pk, chunk.map((s) => mapper.pk.map((c) => s.obj[c.prop])));
    const q = compileAliasedSelect(session.dialect, { table: mapper.table.name, columns: mapper.columns, where });
    for (const row of await session.queryArrays(q.sql, q.params)) {
      const state = byKey.get(mapper.keyOfArray(row));
      if (state) refreshFromRow(state, row, false, session.generation);
    }
  }
}
