/**
 * Rows loaded together — the new rows of one query, of one model — keep their session
 * state in one record: the objects, their identity keys and one flat snapshot. Each
 * object's slot points at the record and its row in it. A row gets an InstanceState of
 * its own only when something asks for one (`stateOf()`: an UPDATE, a delete, a relation
 * load, an identity-map lookup, a rollback); until then the session reads the record,
 * and a dirty check compares the object with its stretch of the snapshot. Loading N
 * rows so costs N model objects, and no per-row bookkeeping for the collector to copy.
 */
import { ModelBase } from '../schema/model-base.js';
import type { InstanceState, SharedStates, StateOwner } from './instance-state.js';
import { loadedState } from './instance-state.js';
import type { Mapper } from './mapper.js';
import type { Tracked } from './tracked.js';

/** The states of rows loaded together, until each is needed on its own. */
export class RowBatch implements SharedStates {
  /** The session's tracked lists while they list this batch (null once the session closed). */
  tracked: Tracked | null;
  /** The objects, row by row, while the session is open (all built by the model's constructor, so all with a slot). */
  objs: readonly Record<string, unknown>[];
  private readonly width: number;

  constructor(
    readonly mapper: Mapper,
    readonly owner: StateOwner,
    objs: readonly Record<string, unknown>[],
    /** Identity-map keys, row by row. */
    readonly keys: readonly unknown[],
    /** Every row's snapshot, `width` values each, in row order. */
    readonly snapshot: unknown[],
    /** The session generation the rows were loaded in. */
    readonly generation: number,
    tracked: Tracked,
  ) {
    this.width = mapper.columns.length;
    this.tracked = tracked;
    this.objs = objs;
    for (let i = 0; i < objs.length; i++) ModelBase.writeSlot(objs[i]!, this, i);
  }

  /** Rows. */
  get size(): number {
    return this.objs.length;
  }

  /** The object of row `i` while it has no state of its own, else null. */
  lazyObject(i: number): Record<string, unknown> | null {
    const obj = this.objs[i]!;
    return ModelBase.readSlot(obj) === this ? obj : null;
  }

  /** The first row from `from` on that has no state of its own and differs from its snapshot, or -1. */
  nextDirty(from: number): number {
    const changed = this.mapper.changed;
    const { objs, snapshot, width } = this;
    for (let i = from; i < objs.length; i++) {
      const obj = objs[i]!;
      if (ModelBase.readSlot(obj) === this && changed(obj, snapshot, i * width) !== null) return i;
    }
    return -1;
  }

  /** Changed columns of row `i` (see `Mapper.changed`). */
  changedColumns(i: number): number[] | null {
    return this.mapper.changed(this.objs[i]!, this.snapshot, i * this.width);
  }

  materialize(obj: Record<string, unknown>, row: number): InstanceState {
    const state = loadedState(obj, this.mapper, this.owner, this.keys[row], this.snapshot, row * this.width, this.generation, null);
    ModelBase.writeSlot(obj, state);
    this.tracked?.store(state);
    return state;
  }

  /**
   * The session closed: rows asked for later get a state no list holds, and the batch
   * lets go of the objects (one object kept by the program must not keep all the others).
   */
  release(): void {
    this.tracked = null;
    this.objs = [];
  }

  /** Gives every row still without one its own state (listed with the session's stored states). */
  materializeAll(): void {
    for (let i = 0; i < this.objs.length; i++) {
      const obj = this.lazyObject(i);
      if (obj) this.materialize(obj, i);
    }
  }
}
