/**
 * Which objects a session holds, and as what: `add()` (new objects, objects re-added in
 * the session that knows them, objects of a closed session re-attached), `delete()`
 * (marked, written at the next flush), `expunge()` and forgetting (the object leaves
 * without any SQL). Counters on the session let a flush or `get()` tell at once whether
 * anything is pending.
 */
import { SessionError } from '../errors.js';
import { ModelBase } from '../schema/model-base.js';
import { fail } from './insert.js';
import type { InstanceState } from './instance-state.js';
import { newState, setState, stateOf } from './instance-state.js';
import type { Mapper } from './mapper.js';
import { RowBatch } from './row-batch.js';
import type { Session } from './session.js';

/**
 * `session.add()` for an object of `mapper`: literal defaults are filled in and present
 * values checked now (ValidationError naming `Model.field`); missing required values are
 * reported at flush, when relations may have supplied them.
 */
export function addObject(session: Session, mapper: Mapper, o: Record<string, unknown>): void {
  const existing = stateOf(o);
  if (existing) {
    if (existing.owner === session) return readd(session, existing);
    if (existing.owner && !existing.owner.closed) {
      throw new SessionError(`${mapper.describe(o)} belongs to another open session; close it (or expunge the object there) first`);
    }
    if (existing.snapshot !== null && existing.key !== undefined) return reattach(session, existing);
  }
  mapper.requireKey();
  const bad = mapper.onAdd(o);
  if (bad >= 0) fail(mapper, mapper.columns[bad]!, o[mapper.columns[bad]!.prop], o);
  const state = newState(o, mapper, session);
  setState(o, state);
  session.tracked.entry(mapper).pending.push(state);
  session.pendingCount++;
}

/**
 * `session.addAll()`: `addObject()` for each, except that consecutive objects of one model
 * that no session ever held go into one pending batch (no state each; see row-batch.ts).
 * As with one `add()` at a time, the objects before one that fails validation stay added.
 */
export function addObjects(session: Session, objs: Iterable<object>, mapperOf: (obj: object) => Mapper): void {
  let batch: RowBatch | null = null;
  const list = (): void => {
    if (batch !== null && batch.size > 0) {
      session.tracked.entry(batch.mapper).pending.push(batch);
      session.pendingCount += batch.size;
    }
    batch = null;
  };
  try {
    for (const obj of objs) {
      const mapper = mapperOf(obj);
      const o = obj as Record<string, unknown>;
      if (!ModelBase.hasSlot(o) || ModelBase.readSlot(o) !== undefined) {
        // Known to a session (or listed twice): the one-object path, after what came before.
        list();
        addObject(session, mapper, o);
        continue;
      }
      if (batch === null || batch.mapper !== mapper) {
        list();
        mapper.requireKey();
        batch = RowBatch.pending(mapper, session, session.tracked);
      }
      const bad = mapper.onAdd(o);
      if (bad >= 0) fail(mapper, mapper.columns[bad]!, o[mapper.columns[bad]!.prop], o);
      (batch as RowBatch).add(o);
    }
  } finally {
    list();
  }
}

/** An object this session already holds: undoes a marked deletion, or inserts a deleted row again. */
function readd(session: Session, state: InstanceState): void {
  if (state.markedForDeletion) {
    state.markedForDeletion = false;
    session.deletionCount--;
  } else if (state.status === 'deleted') {
    // Deleted by an earlier flush of this transaction: insert it again.
    state.status = 'pending';
    state.snapshot = null;
    state.key = undefined;
    session.tracked.entry(state.mapper).pending.push(state);
    session.pendingCount++;
  }
}

/** A stored object of a closed session joins this one (expired: the next load refreshes it). */
function reattach(session: Session, state: InstanceState): void {
  const other = session.identity.get(state.mapper, state.key);
  if (other && other !== state) throw new SessionError(`another object for ${state.mapper.describe(state.obj)} is already in this session`);
  state.owner = session;
  state.status = 'persistent';
  state.generation = 0;
  session.identity.add(state);
  session.tracked.store(state);
}

/** `session.delete()`: marks a stored object of this session (re-attaching one from a closed session first). */
export function markForDeletion(session: Session, mapper: Mapper, obj: object): void {
  let state = stateOf(obj);
  if (state && state.owner !== session && state.snapshot !== null && (!state.owner || state.owner.closed)) {
    session.add(obj);
    state = stateOf(obj);
  }
  if (!state || state.owner !== session) throw new SessionError(`session.delete(): this ${mapper.name} object is not in this session; load or add it first`);
  if (state.status === 'pending') throw new SessionError(`session.delete(): ${mapper.name} object was never saved; use session.expunge() to drop it`);
  if (state.status === 'deleted' || state.markedForDeletion) return;
  state.markedForDeletion = true;
  state.deleteDepth = 0;
  session.deletionCount++;
}

/** `session.expunge()`: the object leaves the session; its row is untouched. */
export function expungeObject(session: Session, obj: object): void {
  const state = stateOf(obj);
  if (!state || state.owner !== session) return;
  if (state.status === 'pending') session.pendingCount--;
  if (state.markedForDeletion) session.deletionCount--;
  state.markedForDeletion = false;
  session.identity.remove(state);
  state.owner = null;
  if (state.status === 'persistent') state.status = 'detached';
  session.tracked.noteDeparture();
}

/** Detaches a state and makes it new again (no row, no snapshot). */
export function forgetState(session: Session, s: InstanceState): void {
  session.identity.remove(s);
  s.owner = null;
  s.status = 'detached';
  s.snapshot = null;
  s.key = undefined;
  s.insertedIn = 0;
  s.transactionBackup = undefined;
  s.generated = null;
  session.tracked.noteDeparture();
}
