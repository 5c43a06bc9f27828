/**
 * Rows of one model that enter a session together — the new rows of one query, or the
 * objects of one `addAll()` — keep their session state in one record: the objects, and
 * once stored one flat snapshot (identity keys are read from it when needed). Each
 * object's slot points at the
 * record and its row in it. A row gets an InstanceState of its own only when something
 * asks for one (`stateOf()`: an UPDATE, a delete, a relation load, an identity-map
 * lookup, a rollback); until then the session reads the record, and a dirty check
 * compares the object with its stretch of the snapshot. Loading or inserting N rows so
 * costs N model objects and no per-row bookkeeping for the collector to copy.
 *
 * A pending batch (added, not inserted) gives all its rows states at once when one needs
 * its own, in place in the pending list, so INSERT order stays add order.
 */
import { ModelBase } from '../schema/model-base.js';
import type { InstanceState, SharedStates, StateOwner } from './instance-state.js';
import { loadedState, newState } from './instance-state.js';
import type { Mapper } from './mapper.js';
import type { Tracked } from './tracked.js';

/** The states of rows that entered a session together, until each is needed on its own. */
export class RowBatch implements SharedStates {
  /** `pending` until its INSERTs are flushed, then `persistent`. */
  status: 'pending' | 'persistent';
  /** The session's tracked lists while they list this batch (null once the session closed). */
  tracked: Tracked | null;
  /** The objects, row by row, while the session is open (all built by the model's constructor, so all with a slot). */
  objs: Record<string, unknown>[];
  /** Every row's snapshot, `width` values each, in row order (once stored). */
  snapshot: unknown[] = [];
  /** The session generation the rows were loaded or inserted in. */
  generation = 0;
  /** The generation whose transaction inserted the rows (0: loaded). */
  insertedIn = 0;
  /** Per row, the properties the database filled in on INSERT (cleared if it rolls back). */
  generated: (readonly string[] | null)[] = [];
  private readonly width: number;

  private constructor(
    readonly mapper: Mapper,
    readonly owner: StateOwner,
    status: 'pending' | 'persistent',
    objs: Record<string, unknown>[],
    tracked: Tracked,
  ) {
    this.width = mapper.columns.length;
    this.status = status;
    this.objs = objs;
    this.tracked = tracked;
  }

  /** Rows just read from the database (keys new to the session). */
  static loaded(mapper: Mapper, owner: StateOwner, objs: Record<string, unknown>[], snapshot: unknown[], generation: number, tracked: Tracked): RowBatch {
    const batch = new RowBatch(mapper, owner, 'persistent', objs, tracked);
    batch.snapshot = snapshot;
    batch.generation = generation;
    for (let i = 0; i < objs.length; i++) ModelBase.writeSlot(objs[i]!, batch, i);
    return batch;
  }

  /** An empty batch of new objects; `add()` fills it. */
  static pending(mapper: Mapper, owner: StateOwner, tracked: Tracked): RowBatch {
    return new RowBatch(mapper, owner, 'pending', [], tracked);
  }

  /** Rows. */
  get size(): number {
    return this.objs.length;
  }

  /** Adds a new object (one whose slot is empty) as the next pending row. */
  add(obj: Record<string, unknown>): void {
    ModelBase.writeSlot(obj, this, this.objs.length);
    this.objs.push(obj);
  }

  /** The object of row `i` while it has no state of its own, else null. */
  lazyObject(i: number): Record<string, unknown> | null {
    const obj = this.objs[i]!;
    return ModelBase.readSlot(obj) === this ? obj : null;
  }

  /** The first stored row from `from` on that has no state of its own and differs from its snapshot, or -1. */
  nextDirty(from: number): number {
    if (this.status !== 'persistent') return -1;
    const changed = this.mapper.changed;
    const { objs, snapshot, width } = this;
    for (let i = from; i < objs.length; i++) {
      const obj = objs[i]!;
      if (ModelBase.readSlot(obj) === this && changed(obj, snapshot, i * width) !== null) return i;
    }
    return -1;
  }

  /** Changed columns of stored row `i` (see `Mapper.changed`). */
  changedColumns(i: number): number[] | null {
    return this.mapper.changed(this.objs[i]!, this.snapshot, i * this.width);
  }

  /** The pending rows were inserted: they become stored rows of generation `generation`. */
  stored(generation: number): void {
    const { mapper, objs, width } = this;
    const snapshot = new Array<unknown>(objs.length * width);
    const snapshotInto = mapper.snapshotInto;
    for (let i = 0; i < objs.length; i++) {
      const obj = objs[i]!;
      snapshotInto(obj, snapshot, i * width);
    }
    this.snapshot = snapshot;
    this.status = 'persistent';
    this.generation = generation;
    this.insertedIn = generation;
  }

  materialize(obj: Record<string, unknown>, row: number): InstanceState {
    if (this.status === 'pending') {
      this.splitPending();
      return ModelBase.readSlot(obj) as InstanceState;
    }
    const at = row * this.width;
    const state = loadedState(obj, this.mapper, this.owner, this.mapper.keyOfSnapshot(this.snapshot, at), this.snapshot, at, this.generation, null);
    state.insertedIn = this.insertedIn;
    state.generated = this.generated[row] ?? null;
    ModelBase.writeSlot(obj, state);
    this.tracked?.store(state);
    return state;
  }

  /** Gives every row still without one its own state (listed with the session's other states). */
  materializeAll(): void {
    if (this.status === 'pending') {
      this.splitPending();
      return;
    }
    for (let i = 0; i < this.objs.length; i++) {
      const obj = this.lazyObject(i);
      if (obj) this.materialize(obj, i);
    }
  }

  /**
   * The session closed: rows asked for later get a state no list holds, and the batch
   * lets go of the objects (one object kept by the program must not keep all the others).
   */
  release(): void {
    this.tracked = null;
    this.objs = [];
  }

  /** Every pending row gets its own pending state; they take the batch's place in the pending list. */
  private splitPending(): void {
    const states = this.objs.map((obj) => {
      const state = newState(obj, this.mapper, this.owner);
      ModelBase.writeSlot(obj, state);
      return state;
    });
    this.tracked?.replacePending(this, states);
  }
}
