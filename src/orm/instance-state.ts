/**
 * What a session knows about one object. The state hangs off the object in a private
 * class field: the slot every model instance is born with (see schema/model-base.ts), or,
 * for an object built some other way (`Object.create(User.prototype)`), one stamped onto
 * it. Either way it is invisible to `JSON.stringify`, spreading, `Object.keys` and test
 * equality, survives any property the model defines, and costs about what an ordinary
 * property does (a WeakMap would cost several times more per row).
 */
import { ModelBase } from '../schema/model-base.js';
import type { Mapper } from './mapper.js';

/**
 * - `pending`: added, not yet inserted.
 * - `persistent`: has a row; in the identity map.
 * - `deleted`: its DELETE was flushed in the open transaction.
 * - `detached`: its session closed, or it was expunged.
 */
export type Status = 'pending' | 'persistent' | 'deleted' | 'detached';

/** The owner a state points back to; a session, seen only through what states need. */
export interface StateOwner {
  readonly closed: boolean;
}

/** What a session knows about one tracked object. */
export interface InstanceState {
  readonly obj: Record<string, unknown>;
  readonly mapper: Mapper;
  owner: StateOwner | null;
  status: Status;
  /** Identity-map key once persistent. */
  key: unknown;
  /**
   * Column values as last loaded or flushed, in snapshot form (see MappedColumn.snap), at
   * `snapshot[snapOffset…]`: states loaded or inserted together share one array.
   */
  snapshot: unknown[] | null;
  snapOffset: number;
  /** The session generation the values were loaded in; older means expired (refreshed on next load). */
  generation: number;
  /** Marked by `session.delete()`, not flushed yet. */
  markedForDeletion: boolean;
  /** Cascade depth at which a delete was found (deeper rows are deleted first). */
  deleteDepth: number;
  /** The session generation whose transaction INSERTed the row (rolled back → new object again). */
  insertedIn: number;
  /** A copy of the snapshot (offset 0) from before the open transaction first wrote this row; restored on rollback. */
  transactionBackup: unknown[] | null | undefined;
  /** Relation values as last loaded or flushed (collections copied), for change detection. */
  relationSnapshot: Map<string, unknown> | null;
  /** The tracked lists (of a session) listing it as stored, so it is listed once. */
  listedIn: object | null;
  /** Values this object received from the database after INSERT (reset if the INSERT rolls back). */
  generated: readonly string[] | null;
}

/**
 * A new state. A plain object literal on purpose: V8 pretenures objects from an allocation
 * site whose objects tend to survive (sessions keep every state), so bulk loads and inserts
 * do not pay for copying states through the young generation; class instances miss that.
 */
export function newState(obj: Record<string, unknown>, mapper: Mapper, owner: StateOwner | null): InstanceState {
  return {
    obj,
    mapper,
    owner,
    status: 'pending',
    key: undefined,
    snapshot: null,
    snapOffset: 0,
    generation: 0,
    markedForDeletion: false,
    deleteDepth: 0,
    insertedIn: 0,
    transactionBackup: undefined,
    relationSnapshot: null,
    listedIn: null,
    generated: null,
  };
}

/** A state for a row just read from the database (persistent, with its snapshot). */
export function loadedState(
  obj: Record<string, unknown>,
  mapper: Mapper,
  owner: StateOwner,
  key: unknown,
  snapshot: unknown[],
  snapOffset: number,
  generation: number,
  listedIn: object | null,
): InstanceState {
  return {
    obj,
    mapper,
    owner,
    status: 'persistent',
    key,
    snapshot,
    snapOffset,
    generation,
    markedForDeletion: false,
    deleteDepth: 0,
    insertedIn: 0,
    transactionBackup: undefined,
    relationSnapshot: null,
    listedIn,
    generated: null,
  };
}

class Carrier {
  constructor(target: object) {
    // Returning another object from a base constructor makes the subclass stamp its
    // private field onto that object.
    return target as Carrier;
  }
}

class Stamp extends Carrier {
  #state: InstanceState;
  private constructor(target: object, state: InstanceState) {
    super(target);
    this.#state = state;
  }
  static get(target: object): InstanceState | undefined {
    return #state in target ? (target as Stamp).#state : undefined;
  }
  static set(target: object, state: InstanceState): void {
    if (#state in target) (target as Stamp).#state = state;
    else new Stamp(target, state);
  }
  static setNew(target: object, state: InstanceState): void {
    new Stamp(target, state);
  }
}

/** One column's snapshot value. */
export function snapshotValue(state: InstanceState, index: number): unknown {
  return state.snapshot![state.snapOffset + index];
}

/**
 * What a model object's slot may hold instead of its own state: a record standing for
 * the states of many objects (see row-batch.ts), which makes the one asked for.
 */
export interface SharedStates {
  /** The state of `obj`, row `row` of the record, made now and put in the object's slot. */
  materialize(obj: Record<string, unknown>, row: number): InstanceState;
}

/** The state of an object, if any session ever tracked it. */
export function stateOf(obj: object): InstanceState | undefined {
  if (!ModelBase.hasSlot(obj)) return Stamp.get(obj);
  const row = ModelBase.readRow(obj);
  if (row >= 0) return (ModelBase.readSlot(obj) as SharedStates).materialize(obj as Record<string, unknown>, row);
  return ModelBase.readSlot(obj) as InstanceState | undefined;
}

/** Attaches a state to an object (replacing an older one). */
export function setState(obj: object, state: InstanceState): void {
  if (ModelBase.hasSlot(obj)) ModelBase.writeSlot(obj, state);
  else Stamp.set(obj, state);
}

/** Attaches a state to an object that never had one (one the session just built). */
export function setNewState(obj: object, state: InstanceState): void {
  if (ModelBase.hasSlot(obj)) ModelBase.writeSlot(obj, state);
  else Stamp.setNew(obj, state);
}
