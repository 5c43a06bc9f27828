/**
 * The unit of work. A flush writes everything the session holds, inside a savepoint so a
 * failure leaves both the database and the objects as they were before it:
 *
 * 1. related new objects are added (save-update cascade); orphans and cascaded children
 *    of deleted parents are marked for deletion;
 * 2. per table, parents before children (foreign-key order): foreign keys are copied from
 *    related objects, new rows are INSERTed in batches (rows of a table that reference
 *    each other in later statements than the rows they reference), changed rows get an
 *    UPDATE of the changed columns only;
 * 3. per table, children before parents: DELETEs, by key, in batches (again referencing
 *    rows of the same table first).
 *
 * Only then do objects change state (pending → persistent, deleted, new snapshots).
 */
import type { EngineConnection } from '../engine/engine.js';
import { SessionError } from '../errors.js';
import { deleteByKeysSql, updateByKeySql } from '../query/dml.js';
import { dependencyOrder } from '../schema/dependency-order.js';
import { applyDatabaseCascades } from './database-cascades.js';
import { fail, insertStates } from './insert.js';
import type { InstanceState } from './instance-state.js';
import { snapshotValue, stateOf } from './instance-state.js';
import type { Mapper } from './mapper.js';
import type { UndoLog } from './relation-sync.js';
import { cascadeDeletes, cascadeSaves, relationList, relationsChanged, selfReferenceWaves, snapshotRelations, syncForeignKeys } from './relation-sync.js';
import { referenceWaves } from './self-reference.js';
import type { Session } from './session.js';

/** True when a flush would write something. */
export function needsFlush(session: Session): boolean {
  if (session.pendingCount > 0 || session.deletionCount > 0) return true;
  for (const { mapper, stored, batches } of session.tracked.lists()) {
    const related = relationList(mapper).length > 0;
    const changed = mapper.changed;
    for (const state of stored) {
      if (state.owner !== session || state.status !== 'persistent') continue;
      if (changed(state.obj, state.snapshot!, state.snapOffset) !== null) return true;
      if (related && relationsChanged(state)) return true;
    }
    for (const batch of batches) if (batch.nextDirty(0) >= 0) return true;
  }
  return false;
}

interface Update {
  readonly state: InstanceState;
  readonly changed: readonly number[];
}

/** Flushes a session (see the module comment); returns at once when there is nothing to write. */
export async function flush(session: Session): Promise<void> {
  const related = session.tracked.mappers().some((m) => relationList(m).length > 0);
  if (related) {
    // Relation syncing walks states one by one.
    session.tracked.materializeAll();
    cascadeSaves(session);
  }
  if (!needsFlush(session)) return;
  const conn = await session.connection();
  const undo: UndoLog = [];
  const inserted = new Map<Mapper, InstanceState[]>();
  const updated: Update[] = [];
  const deleted: InstanceState[] = [];
  let marked: InstanceState[] = [];
  let attached = new Map<Mapper, InstanceState[]>();
  try {
    await conn.transaction(async () => {
      if (related || session.deletionCount > 0) marked = await cascadeDeletes(session);
      // The flush owns the pending lists from here; objects added meanwhile start new ones.
      for (const entry of session.tracked.lists()) {
        const pending = valid(entry.pending, (s) => s.owner === session && s.status === 'pending');
        entry.pending = [];
        if (pending.length > 0) inserted.set(entry.mapper, pending);
      }
      if (related) attached = attachedByMapper(session, inserted);
      const order = flushOrder(session.tracked.mappers());
      for (const mapper of order) {
        const pending = inserted.get(mapper) ?? [];
        const waves = selfReferenceWaves(mapper, pending);
        if (waves.length === 0 && related) syncForeignKeys(session, mapper, attached, undo);
        for (const wave of waves) {
          if (related) syncForeignKeys(session, mapper, attached, undo);
          for (const part of referenceWaves(mapper, wave, 'object')) await insertStates(conn, mapper, part);
        }
        const changed = mapper.changed;
        const entry = session.tracked.entry(mapper);
        // Changed rows of a batch get states of their own (listed in `stored`) for their UPDATE.
        for (const batch of entry.batches) for (let i = batch.nextDirty(0); i >= 0; i = batch.nextDirty(i + 1)) stateOf(batch.objs[i]!);
        for (const state of entry.stored) {
          if (state.owner !== session || state.status !== 'persistent' || state.markedForDeletion) continue;
          const columns = changed(state.obj, state.snapshot!, state.snapOffset);
          if (columns === null) continue;
          await update(conn, state, columns);
          updated.push({ state, changed: columns });
        }
      }
      for (const mapper of [...order].reverse()) {
        const doomed = session.tracked.entry(mapper).stored.filter((s) => s.owner === session && s.markedForDeletion && s.status === 'persistent');
        if (doomed.length === 0) continue;
        await deleteRows(conn, mapper, doomed);
        for (const s of doomed) deleted.push(s);
      }
    });
  } catch (err) {
    for (let i = undo.length - 1; i >= 0; i--) {
      const [obj, prop, old] = undo[i]!;
      obj[prop] = old;
    }
    for (const [mapper, states] of inserted) {
      for (const s of states) {
        for (const prop of s.generated ?? []) s.obj[prop] = undefined;
        s.generated = null;
      }
      const entry = session.tracked.entry(mapper);
      entry.pending = states.concat(entry.pending);
    }
    for (const s of marked) {
      s.markedForDeletion = false;
      session.deletionCount--;
    }
    throw err;
  }
  settle(session, inserted, updated, deleted);
  if (related) {
    for (const mapper of session.tracked.mappers()) {
      if (relationList(mapper).length > 0) snapshotRelations(session.tracked.entry(mapper).stored.filter((s) => s.owner === session && s.status === 'persistent'));
    }
  }
}

/** `list` when every entry passes `test` (the usual case: no copy), else the passing ones. */
function valid<T>(list: T[], test: (x: T) => boolean): T[] {
  for (let i = 0; i < list.length; i++) if (!test(list[i]!)) return list.filter(test);
  return list;
}

/** Applies the state changes of a successful flush. */
function settle(session: Session, inserted: ReadonlyMap<Mapper, InstanceState[]>, updated: readonly Update[], deleted: readonly InstanceState[]): void {
  const generation = session.generation;
  for (const [mapper, states] of inserted) {
    const entry = session.tracked.entry(mapper);
    const width = mapper.columns.length;
    const snapshots = new Array<unknown>(states.length * width);
    const snapshotInto = mapper.snapshotInto;
    let k = 0;
    let listed = 0;
    for (const s of states) {
      s.status = 'persistent';
      s.key = mapper.keyOf(s.obj);
      snapshotInto(s.obj, snapshots, k);
      s.snapshot = snapshots;
      s.snapOffset = k;
      k += width;
      s.generation = generation;
      s.insertedIn = generation;
      if (s.listedIn === session.tracked) listed++;
    }
    // Usually none was listed before: one copy instead of a push per row.
    if (listed === 0) {
      entry.stored = entry.stored.length === 0 ? states.slice() : entry.stored.concat(states);
      for (const s of states) s.listedIn = session.tracked;
    } else {
      for (const s of states) session.tracked.store(s);
    }
    session.pendingCount -= states.length;
    session.identity.addFresh(mapper, states);
    session.noteBulkWrite();
  }
  for (const { state } of updated) {
    session.noteWrite(state);
    state.mapper.resnapshot(state);
  }
  for (const s of deleted) {
    session.noteWrite(s);
    s.status = 'deleted';
    s.markedForDeletion = false;
    session.identity.remove(s);
  }
  session.deletionCount -= deleted.length;
  if (deleted.length > 0) applyDatabaseCascades(session, deleted);
}

/** Attached (pending or persistent) states per mapper, for relation syncing. */
function attachedByMapper(session: Session, pending: ReadonlyMap<Mapper, InstanceState[]>): Map<Mapper, InstanceState[]> {
  const byMapper = new Map<Mapper, InstanceState[]>();
  for (const { mapper, stored } of session.tracked.lists()) {
    const list: InstanceState[] = [...(pending.get(mapper) ?? [])];
    for (const s of stored) if (s.owner === session && s.status === 'persistent') list.push(s);
    if (list.length > 0) byMapper.set(mapper, list);
  }
  return byMapper;
}

/** Mappers with referenced tables first (several model classes may share a table). */
function flushOrder(mappers: readonly Mapper[]): Mapper[] {
  const tables = new Map(mappers.map((m) => [m.table.name, m.table]));
  const { order } = dependencyOrder([...tables.values()]);
  return order.flatMap((t) => mappers.filter((m) => m.table.name === t.name));
}

async function update(conn: EngineConnection, state: InstanceState, changed: readonly number[]): Promise<void> {
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
async function deleteRows(conn: EngineConnection, mapper: Mapper, states: readonly InstanceState[]): Promise<void> {
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
