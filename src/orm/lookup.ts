/**
 * Reads by primary key: `session.get()` (the identity map first, then one SELECT) and
 * `session.refresh()` (always a SELECT, overwriting the object's values).
 */
import { SessionError } from '../errors.js';
import { hydrateOne, hydrateRows, refreshFromRow } from './hydrate.js';
import { snapshotValue, stateOf } from './instance-state.js';
import { keyParams, selectByKeySql } from './keys.js';
import type { Mapper } from './mapper.js';
import type { Session } from './session.js';

/** `session.get()`: the object for a key, or null. */
export async function getByKey(session: Session, mapper: Mapper, key: unknown): Promise<object | null> {
  // A lone key value of the right type (the common case) needs no object for its parameters.
  const only = mapper.pk.length === 1 ? mapper.pk[0]! : null;
  const simple = only !== null && (typeof key === 'number' || typeof key === 'string') && only.validate(key) === null;
  const params = simple ? null : keyParams(mapper, key);
  const identityKey = simple ? key : params!.key;
  // Only new or deleted rows can change what a key finds; changed values cannot.
  if (session.autoflush && (session.pendingCount > 0 || session.deletionCount > 0)) await session.flush();
  const mapped = session.identity.get(mapper, identityKey);
  if (mapped && mapped.generation === session.generation) return mapped.obj;
  const sql = selectByKeySql(mapper);
  const values = simple ? [only.encodeAsIs ? key : only.encode(key)] : params!.values;
  // A synchronous driver spares the promise: awaiting costs about as much as the lookup.
  const sync = session.currentConnection?.queryRowSync;
  const row = sync ? sync(sql, values) : ((await session.queryArrays(sql, values))[0] ?? null);
  if (row === null) {
    if (mapped) session.forget(mapped);
    return null;
  }
  if (mapped) return hydrateRows(session, mapper, [row])[0]!;
  return hydrateOne(session, mapper, row, identityKey);
}

/** `session.refresh()`: overwrites a persistent object's values from its row. */
export async function refreshObject(session: Session, mapper: Mapper, obj: object): Promise<void> {
  const state = stateOf(obj);
  if (!state || state.owner !== session) throw new SessionError(`session.refresh(): this ${mapper.name} object is not in this session`);
  if (state.status !== 'persistent') {
    throw new SessionError(`session.refresh(): ${mapper.name} object is ${state.status === 'pending' ? 'not saved yet (flush or commit first)' : 'deleted'}`);
  }
  // The key as stored, whatever the object holds now.
  const stored = Object.fromEntries(mapper.pk.map((c) => [c.prop, c.unsnap ? c.unsnap(snapshotValue(state, c.index)) : snapshotValue(state, c.index)]));
  const rows = await session.queryArrays(selectByKeySql(mapper), keyParams(mapper, stored).values);
  if (rows.length === 0) {
    session.forget(state);
    throw new SessionError(`session.refresh(): ${mapper.describe(state.obj)} no longer exists in the database`);
  }
  refreshFromRow(state, rows[0]!, true, session.generation);
}
