/**
 * Driver rows → tracked model instances, through the identity map: a row whose object is
 * already in the session comes back as that same object. An object loaded before the
 * last commit or rollback is expired: the new row refreshes every column the program has
 * not changed since (changed ones keep the program's value, still pending a flush).
 */
import type { IdentityMap } from './identity-map.js';
import type { InstanceState, StateOwner } from './instance-state.js';
import { loadedState, setNewState } from './instance-state.js';
import type { Mapper } from './mapper.js';
import { RowBatch } from './row-batch.js';
import type { Tracked } from './tracked.js';
import { ModelBase } from '../schema/model-base.js';

/** The slice of a session that hydration uses. */
export interface HydrationTarget extends StateOwner {
  readonly identity: IdentityMap;
  readonly tracked: Tracked;
  readonly generation: number;
}

/** Takes ownership of `rows` (entries are cleared as they are used). */
export function hydrateRows(session: HydrationTarget, mapper: Mapper, rows: (readonly unknown[])[]): object[] {
  const n = rows.length;
  const out = new Array<object>(n);
  if (mapper.pk.length === 0) {
    for (let i = 0; i < n; i++) out[i] = mapper.hydrate(rows[i]!);
    return out;
  }
  const { identity, generation, tracked } = session;
  const entry = tracked.entry(mapper);
  const stored = entry.stored;
  const width = mapper.columns.length;
  // One flat snapshot array for the whole result (rows already mapped just leave a gap).
  const snapshots = new Array<unknown>(n * width);
  if (identity.isEmpty(mapper)) {
    // Nothing of this model is mapped yet and one result has distinct keys: no lookups,
    // and one record for the states of all the rows (see row-batch.ts).
    for (let i = 0; i < n; i++) {
      const obj = mapper.hydrate(rows[i]!) as Record<string, unknown>;
      // Drop each driver row once used: the young-generation collector then never copies it.
      rows[i] = undefined!;
      mapper.snapshotInto(obj, snapshots, i * width);
      out[i] = obj;
    }
    if (n === 0) return out;
    if (!ModelBase.hasSlot(out[0]!)) return trackEach(session, mapper, out, snapshots);
    const batch = RowBatch.loaded(mapper, session, out.slice() as Record<string, unknown>[], snapshots, generation, tracked);
    tracked.storeBatch(batch);
    identity.addBatch(batch);
    return out;
  }
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const existing = identity.get(mapper, mapper.keyOfArray(row));
    if (existing) {
      if (existing.generation !== generation) refreshFromRow(existing, row, false, generation);
      out[i] = existing.obj;
      continue;
    }
    const state = track(mapper, mapper.hydrate(row), session, generation, snapshots, i * width);
    stored.push(state);
    identity.add(state);
    out[i] = state.obj;
  }
  return out;
}

/** One row known not to be mapped yet (a `get()` that missed the identity map), with its key. */
export function hydrateOne(session: HydrationTarget, mapper: Mapper, row: unknown[], key: unknown): object {
  const obj = mapper.hydrate(row) as Record<string, unknown>;
  // The driver's row array is ours and has one slot per column: it becomes the snapshot.
  mapper.snapshotInto(obj, row, 0);
  const state = loadedState(obj, mapper, session, key, row, 0, session.generation, session.tracked);
  setNewState(obj, state);
  session.tracked.entry(mapper).stored.push(state);
  session.identity.add(state);
  return obj;
}

/** Fresh rows of a model whose constructor gives no state slot: a state each. */
function trackEach(session: HydrationTarget, mapper: Mapper, objs: object[], snapshots: unknown[]): object[] {
  const width = mapper.columns.length;
  const states = objs.map((obj, i) => {
    const state = loadedState(obj as Record<string, unknown>, mapper, session, mapper.keyOf(obj as Record<string, unknown>), snapshots, i * width, session.generation, session.tracked);
    setNewState(obj, state);
    return state;
  });
  const entry = session.tracked.entry(mapper);
  entry.stored = entry.stored.concat(states);
  session.identity.addFresh(mapper, states);
  return objs;
}

function track(mapper: Mapper, obj: object, owner: HydrationTarget, generation: number, snapshots: unknown[], offset: number): InstanceState {
  const o = obj as Record<string, unknown>;
  mapper.snapshotInto(o, snapshots, offset);
  const state = loadedState(o, mapper, owner, mapper.keyOf(o), snapshots, offset, generation, owner.tracked);
  setNewState(obj, state);
  return state;
}

/**
 * Overwrites an object's values with a fresh row. Without `force`, columns the program
 * changed since the last snapshot keep its value (and stay dirty against the new one).
 */
export function refreshFromRow(state: InstanceState, row: readonly unknown[], force: boolean, generation: number): void {
  const { mapper, obj } = state;
  const fresh = mapper.hydrate(row) as Record<string, unknown>;
  const keep = force || !state.snapshot ? null : mapper.dirty(state);
  for (const c of mapper.columns) if (!keep?.includes(c.index)) obj[c.prop] = fresh[c.prop];
  // The new snapshot is the row's values, also for columns that keep the program's value.
  state.snapshot = new Array(mapper.columns.length);
  state.snapOffset = 0;
  mapper.snapshotInto(fresh, state.snapshot, 0);
  state.generation = generation;
}

/** Puts snapshot values back on the object (discarding unflushed changes). */
export function restoreFromSnapshot(state: InstanceState): void {
  for (const c of state.mapper.columns) {
    const s = state.snapshot![state.snapOffset + c.index];
    state.obj[c.prop] = c.unsnap ? c.unsnap(s) : s;
  }
}
