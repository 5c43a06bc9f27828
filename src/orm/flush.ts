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
 *    rows of the same table first). When a new object takes the key of a row deleted in
 *    the same flush (delete, then add again), the DELETEs go first instead.
 *
 * Only then do objects change state (pending → persistent, deleted, new snapshots).
 */
import { dependencyOrder } from '../schema/dependency-order.js';
import { applyDatabaseCascades } from './database-cascades.js';
import type { InstanceState } from './instance-state.js';
import { stateOf } from './instance-state.js';
import type { Mapper } from './mapper.js';
import { PendingInserts } from './pending-inserts.js';
import type { UndoLog } from './relation-sync.js';
import { cascadeDeletes, cascadeSaves, relationList, relationsChanged, selfReferenceWaves, snapshotRelations, syncForeignKeys } from './relation-sync.js';
import { deleteRows, update } from './row-writes.js';
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
  let inserted = null as PendingInserts | null;
  const updated: Update[] = [];
  const deleted: InstanceState[] = [];
  let marked: InstanceState[] = [];
  let attached = new Map<Mapper, InstanceState[]>();
  let deletesFirst = false;
  try {
    await conn.transaction(async () => {
      if (related || session.deletionCount > 0) marked = await cascadeDeletes(session);
      // The flush owns the pending lists from here; objects added meanwhile start new ones.
      const pending = (inserted = PendingInserts.take(session));
      if (related) attached = attachedByMapper(session, pending);
      const order = flushOrder(session.tracked.mappers());
      const deleteAll = async () => {
        for (const mapper of [...order].reverse()) {
          const doomed = session.tracked.entry(mapper).stored.filter((s) => s.owner === session && s.markedForDeletion && s.status === 'persistent');
          if (doomed.length === 0) continue;
          await deleteRows(conn, mapper, doomed);
          for (const s of doomed) deleted.push(s);
        }
      };
      deletesFirst = session.deletionCount > 0 && reusesDeletedKey(session, pending);
      if (deletesFirst) await deleteAll();
      for (const mapper of order) {
        if (pending.hasBatches(mapper)) {
          // Batches exist only without relations or self-references: nothing to order or sync.
          await pending.insertAll(conn, mapper);
        } else {
          const waves = selfReferenceWaves(mapper, pending.states(mapper));
          if (waves.length === 0 && related) syncForeignKeys(session, mapper, attached, undo);
          for (const wave of waves) {
            if (related) syncForeignKeys(session, mapper, attached, undo);
            await pending.insertStates(conn, mapper, wave);
          }
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
      if (!deletesFirst) await deleteAll();
    });
  } catch (err) {
    for (let i = undo.length - 1; i >= 0; i--) {
      const [obj, prop, old] = undo[i]!;
      obj[prop] = old;
    }
    inserted?.undo(session);
    for (const s of marked) {
      s.markedForDeletion = false;
      session.deletionCount--;
    }
    throw err;
  }
  if (deletesFirst) {
    // The deleted rows leave the identity map before the new rows with their keys enter it.
    settle(session, [], deleted);
    inserted?.settle(session);
    settle(session, updated, []);
  } else {
    inserted?.settle(session);
    settle(session, updated, deleted);
  }
  if (related) {
    for (const mapper of session.tracked.mappers()) {
      if (relationList(mapper).length > 0) snapshotRelations(session.tracked.entry(mapper).stored.filter((s) => s.owner === session && s.status === 'persistent'));
    }
  }
}

/** Applies the state changes of a successful flush's UPDATEs and DELETEs. */
function settle(session: Session, updated: readonly Update[], deleted: readonly InstanceState[]): void {
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

/** True when a new row holds the key of a stored row marked for deletion (same table). */
function reusesDeletedKey(session: Session, pending: PendingInserts): boolean {
  for (const { mapper, stored } of session.tracked.lists()) {
    let doomed: Set<unknown> | null = null;
    for (const s of stored) if (s.owner === session && s.markedForDeletion && s.status === 'persistent') (doomed ??= new Set()).add(s.key);
    if (doomed === null) continue;
    for (const m of session.tracked.mappers()) {
      if (m.table.name !== mapper.table.name) continue;
      for (const key of pending.keys(m)) if (key !== undefined && doomed.has(key)) return true;
    }
  }
  return false;
}

/** Attached (pending or persistent) states per mapper, for relation syncing. */
function attachedByMapper(session: Session, pending: PendingInserts): Map<Mapper, InstanceState[]> {
  const byMapper = new Map<Mapper, InstanceState[]>();
  for (const { mapper, stored } of session.tracked.lists()) {
    const list: InstanceState[] = [...pending.states(mapper)];
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
